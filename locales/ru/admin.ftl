# Бот администратора (только для персонала)
admin-not-staff = Этот бот только для сотрудников магазина.
admin-admins-only = Это может сделать только администратор.
admin-button-stale = Эта кнопка больше не действует. Отправьте /start.
admin-unknown = Я не понял. Отправьте /start, чтобы открыть панель.
admin-btn-home = 🏠 Панель
admin-btn-back = ⬅️ Назад
admin-btn-chart = 📈 График
admin-btn-refresh = 🔄 Обновить
admin-btn-audit = 🧾 Журнал аудита
admin-btn-staff = 👥 Сотрудники
admin-btn-verify = ✅ Проверить цепочку
admin-btn-make-admin = Сделать администратором
admin-btn-make-support = Сделать поддержкой
admin-btn-make-customer = Убрать из сотрудников
admin-role-admin = администратор
admin-role-support = поддержка
admin-role-customer = не сотрудник
admin-dash-title = 📊 <b>Панель</b> · { $at }
admin-dash-today = Сегодня
admin-dash-week = Последние 7 дней
admin-dash-period =
    <b>{ $title }</b>
    Продажи: { $sales } (заказов: { $orders })
    Пополнения: { $topups } ({ $topup_count }) — { $gateways }
    Новые клиенты: { $customers }
    Возвраты на кошельки: { $refunds_wallet } ({ $refunds_wallet_count })
    Возвраты через платёжные системы: { $refunds_gateway } ({ $refunds_gateway_count })
admin-dash-active = Активные подписки: { $count }
admin-dash-attention = ⚠️ Требуют внимания: { $count }
admin-dash-all-clear = ✅ Всё в порядке.
admin-attn-lowstock = 📉 Мало на складе ({ $count })
admin-attn-manual = 📦 Заказы для ручной выдачи ({ $count })
admin-attn-held = ⏸ Задержанные платежи ({ $count })
admin-attn-unmatched = ❓ Неопознанные платежи ({ $count })
admin-attn-stuck = ⏳ Зависшие пополнения ({ $count })
admin-attn-tickets = 💬 Открытые обращения ({ $count })
admin-list-lowstock = 📉 <b>Мало на складе</b>
admin-list-manual = 📦 <b>Заказы для ручной выдачи</b>
admin-list-held = ⏸ <b>Задержанные платежи</b>
admin-list-unmatched = ❓ <b>Неопознанные платежи</b>
admin-list-stuck = ⏳ <b>Зависшие пополнения</b>
admin-list-tickets = 💬 <b>Открытые обращения</b>
admin-list-empty = Здесь пусто.
admin-line-lowstock = • { $product } (<code>{ $id }</code>): свободно { $free }, порог { $threshold }
admin-line-order = • <code>{ $id }</code> · пользователь { $user } · { $amount } · { $at }
admin-line-topup = • <code>{ $id }</code> · пользователь { $user } · { $amount } через { $gateway } · { $reason } · { $at }
admin-line-event = • { $gateway } <code>{ $event }</code> · платёж { $payment } · { $reason } · { $at }
admin-line-ticket = • <code>{ $id }</code> · пользователь { $user } · { $at }: { $text }
admin-chart-drawing = Рисую график…
admin-chart-revenue = Пополнения по дням и платёжным системам
admin-chart-customers = Новые клиенты по дням
admin-chart-caption = 📈 Последние { $days } дн.
admin-staff-title = 👥 <b>Сотрудники</b> ({ $count }). Добавить: /staff ID admin или /staff ID support.
admin-staff-usage = Формат: /staff ID admin, /staff ID support или /staff ID remove
admin-staff-set = Пользователь { $id } теперь: { $role }.
admin-staff-gone = Этот человек больше не сотрудник.
admin-staff-member = { $name } (<code>{ $id }</code>): { $role }
admin-audit-title = 🧾 <b>Последние записи аудита</b>
admin-audit-line = #{ $seq } · { $at } · { $actor } · { $action } · { $target }
admin-audit-ok = ✅ Цепочка аудита цела (проверено записей: { $count }).
admin-audit-broken = 🚨 Цепочка аудита нарушена на записи { $seq }: { $problem }
admin-cmd-start = Панель
admin-cmd-chart = График за 30 дней
admin-cmd-audit = Последние записи аудита
admin-cmd-staff = Сотрудники и роли
admin-cmd-products = Товары
admin-cmd-stock = Склад по товарам
admin-btn-products = 🛍 Товары
admin-btn-stock = 📦 Склад
admin-btn-add-product = ➕ Добавить товар
admin-btn-edit = ✏️ Изменить
admin-btn-activate = 🟢 Выставить на продажу
admin-btn-deactivate = ⚪️ Снять с продажи
admin-btn-preview = 👁 Предпросмотр
admin-btn-upload-stock = 📥 Пополнить склад
admin-btn-stock-items = 🗂 Позиции
admin-btn-cancel = ✖ Отмена
admin-btn-save = ✅ Сохранить
admin-btn-revoke-item = 🚫 Отозвать { $id }
admin-btn-replace = 🔁 Заменить в { $id }
admin-btn-reply = ✍️ Ответить
admin-btn-replace-credential = 🔁 Заменить доступ
admin-btn-tickets = 💬 Открытые обращения
admin-btn-open-ticket = 💬 Открыть обращение
admin-products-title = 🛍 <b>Товары</b> ({ $count })
admin-product-card =
    <b>{ $title }</b> · <code>{ $id }</code> · { $state }
    { $description }
    Цена: { $price } · дней: { $days }
    Выдача: { $delivery } · мест на аккаунт: { $slots }
    2FA: { $totp } · экспорт QR: { $qr }
    Оповещение о малом остатке при: { $threshold }
    Склад: доступно { $available } (свободных мест { $free }), продано { $sold }, отозвано { $revoked }
admin-product-on = в продаже
admin-product-off = снят с продажи
admin-delivery-auto = автоматически
admin-delivery-manual = вручную (сотрудником)
admin-totp-none = нет
admin-totp-codes = коды
admin-totp-codes_qr = коды и QR-изображения
admin-preview-title = 👁 Так это видят клиенты:
admin-product-saved = Сохранено.
admin-edit-which = Какое поле изменить?
admin-field-platform = Сервис
admin-field-plan = Тариф
admin-field-description = Описание
admin-field-price = Цена
admin-field-duration_days = Срок
admin-field-delivery = Выдача
admin-field-slots_per_item = Мест на аккаунт
admin-field-totp_policy = 2FA
admin-field-qr_export_limit = Лимит экспорта QR
admin-field-low_stock_threshold = Малый остаток
admin-ask-platform = Название сервиса, как его знают клиенты (например: Netflix):
admin-ask-plan = Название тарифа (например: Premium 4K):
admin-ask-description = Короткое описание для клиентов (или - без описания):
admin-ask-price = Цена (например 199, 199.50 или ₹199):
admin-ask-duration_days = Срок в днях (например 30):
admin-ask-delivery = Как выдаётся товар?
admin-ask-slots_per_item = Сколько клиентов делят один аккаунт? (1, если не делят)
admin-ask-totp_policy = Есть ли у аккаунтов 2FA?
admin-ask-qr_export_limit = Сколько QR-изображений может выгрузить клиент? (от 1 до 100)
admin-ask-low_stock_threshold = Оповещать сотрудников, когда свободных мест останется столько (0 — только когда всё продано):
admin-product-bad-text = ⚠️ Введите от 1 до { $max } символов.
admin-product-bad-price = ⚠️ Это не цена. Введите, например, 199, 199.50 или ₹199.
admin-product-bad-number = ⚠️ Введите целое число от { $low } до { $high }.
admin-product-bad-choice = ⚠️ Выберите одну из кнопок.
admin-stock-title = 📦 <b>Склад</b> (доступно, свободные места, продано, отозвано)
admin-stock-line = • { $product }: доступно { $available }, свободных мест { $free }, продано { $sold }, отозвано { $revoked }
admin-upload-ask = 📥 Пришлите CSV- или TXT-файл для «{ $product }» или вставьте строки сюда (login:password или login | password | notes | 2FA, по аккаунту в строке).
admin-upload-bad-file = ⚠️ Пришлите файл .csv или .txt в UTF-8, не больше 2 МБ.
admin-import-report = 📥 <b>Импорт в «{ $product }»</b>: добавлено { $added }, дубликатов { $duplicates }, ошибочных строк { $errors }.
admin-import-line = строка { $line }: { $reason }
admin-import-more = …и ещё { $count }.
admin-items-title = 🗂 <b>Последние позиции</b>
admin-item-line = • <code>{ $id }</code> · { $status } · места { $used }/{ $total } · партия { $batch }
admin-item-status-available = доступна
admin-item-status-sold = продана
admin-item-status-revoked = отозвана
admin-item-revoked = Позиция { $id } отозвана. Активных подписок с ней: { $count }. Замените каждый доступ ниже.
admin-item-revoked-short = Отозвано.
admin-replaced = 🔁 Подписка { $sub } получила новый доступ; клиенту { $user } он отправлен, старый отозван.
admin-replaced-short = Заменено.
admin-ticket =
    💬 <b>Обращение { $id }</b> · { $status }
    От пользователя { $user } · { $at }

    { $text }
admin-ticket-open = открыто
admin-ticket-answered = отвечено
admin-ticket-sub = По подписке <code>{ $sub }</code>
admin-ticket-reply = ✍️ Отправлен ответ: { $reply }
admin-ticket-reply-ask = Напишите ответ пользователю { $user }:
admin-ticket-replied = ✅ Ответ на обращение { $id } отправляется клиенту.
admin-ticket-no-sub = Это обращение не связано с подпиской.
admin-btn-ticket = 💬 { $id } · пользователь { $user }
error-approval-decided = Другой администратор уже принял решение.
admin-btn-approve = ✅ Одобрить
admin-btn-reject = ✖ Отклонить
staff-approval-needed = 🔐 Запрос { $id }: { $kind } на { $amount } для { $target }, запросил сотрудник { $by } ({ $reason }). Нужно одобрение второго администратора.
admin-btn-view-screenshot = 🖼 Показать скриншот
staff-manual-payment = 🏦 Банковский перевод { $id }: пользователь { $user } сообщает об оплате { $amount }. Проверьте скриншот и банк, затем одобрите или отклоните.
