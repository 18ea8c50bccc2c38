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
admin-cmd-find = Найти клиента
admin-cmd-orders = Заказы
admin-cmd-transfers = Банковские переводы на проверке
admin-cmd-approvals = Запросы на одобрение
admin-btn-customers = 👤 Клиенты
admin-btn-orders = 🧾 Заказы
admin-btn-ledger = 📒 Операции
admin-btn-subs = 🔑 Подписки
admin-btn-tickets-of = 💬 Обращения
admin-btn-message = ✉️ Написать
admin-btn-adjust = 💰 Изменить баланс
admin-btn-block = 🚫 Заблокировать
admin-btn-unblock = ✅ Разблокировать
admin-btn-prev = ◀️ Назад
admin-btn-next = Далее ▶️
admin-btn-confirm = ✅ Подтвердить
admin-btn-deliver = 📤 Выдать
admin-btn-refund-return = ↩️ Вернуть деньги, позицию на склад
admin-btn-refund-revoke = ↩️ Вернуть деньги, позицию отозвать
admin-btn-customer = 👤 Клиент
admin-btn-refund-topup = ↩️ Вернуть на способ оплаты
admin-btn-approve-id = ✅ Одобрить { $id }
admin-customer =
    👤 <b>{ $name }</b> · <code>{ $id }</code> · { $username } · { $lang }
    Баланс: <b>{ $balance }</b> (операций: { $entries })
    Заказов: { $orders } · клиент с { $since } · { $state }
admin-customer-blocked = 🚫 заблокирован
admin-customer-active = активен
admin-find-ask = Введите Telegram id клиента или @username:
admin-find-none = Клиент «{ $query }» не найден. Введите id или @username.
admin-ledger-title = 📒 <b>Операции { $id }</b> · баланс { $balance } · стр. { $page }
admin-ledger-line = • { $at } · { $amount } · { $reason } → { $after }
admin-orders-of = 🧾 Заказы { $id }
admin-subs-of = 🔑 Подписки { $id }
admin-sub-line = • <code>{ $id }</code> · { $title } · { $status } · до { $ends }
admin-tickets-of = 💬 Обращения { $id }
admin-message-ask = Напишите сообщение для клиента { $id }; он получит его от бота магазина:
admin-message-sent = ✅ Сообщение для { $id } отправляется.
admin-adjust-ask = Введите сумму для зачисления (например 100 или ₹100) или списания (например -50):
admin-adjust-bad = ⚠️ Это не сумма. Введите, например, 100, 99.50 или -50.
admin-adjust-reason = Причина? Она попадёт в журнал операций и аудита:
admin-adjust-confirm = Изменить баланс { $id } на <b>{ $amount }</b> по причине «{ $reason }»?
admin-approval-asked = 🔐 Сумма выше лимита: запрос { $id } ждёт второго администратора.
admin-adjusted = ✅ Готово. Баланс { $id } теперь { $balance }.
admin-order-status-pending = ⏳ ожидает
admin-order-status-completed = ✅ выполнен
admin-order-status-refunded = ↩️ возвращён
admin-orders-title = 🧾 <b>Заказы</b> — выберите статус:
admin-orders-list = 🧾 <b>Заказы: { $status }</b> ({ $count })
admin-order =
    🧾 <b>Заказ { $id }</b> · { $status }
    Клиент { $user } · товар <code>{ $product }</code>
    Оплачено { $amount } · купон { $coupon } · { $at }
admin-deliver-ask = Введите доступ для заказа { $id } в виде login:password или login | password | notes | 2FA. Ваше сообщение будет удалено после чтения.
admin-deliver-bad = ⚠️ Введите в виде login:password или login | password | notes | 2FA.
admin-delivered = ✅ Заказ { $id } выдан: у клиента подписка { $sub } и доступ.
admin-refunded = ↩️ Деньги за заказ { $id } возвращены на кошелёк клиента.
admin-topup =
    💳 <b>Пополнение { $id }</b> · { $status }
    Пользователь { $user } · { $amount } через { $gateway } · платёж { $payment } · { $at }
admin-topup-usage = Формат: /topup ID-ПОПОЛНЕНИЯ
admin-topup-refund-done = ↩️ Возвращено через платёжную систему.
admin-topup-refund-refunded = ⭐ Telegram принял возврат звёзд: пополнение возвращено.
admin-topup-refund-refused = ✖ Telegram отказал в возврате звёзд; деньги снова на кошельке клиента.
admin-topup-refund-unknown = ⚠️ Telegram пока не ответил: пополнение остаётся в возврате. Нажмите возврат ещё раз.
admin-approvals-title = 🔐 <b>Запросы на одобрение</b>
admin-approval-line = • <code>{ $id }</code> · { $kind } · { $target } · { $amount } · запросил { $by }
admin-approved = ✅ Запрос { $id } одобрен и выполнен.
admin-approved-short = Одобрено.
admin-rejected = ✖ Запрос { $id } отклонён.
admin-rejected-short = Отклонено.
admin-transfers-title = 🏦 <b>Банковские переводы на проверке</b>
admin-transfer-line = • <code>{ $id }</code> · пользователь { $user } · { $amount } · { $at }
admin-transfer = 🏦 Перевод { $id } · пользователь { $user } · { $amount } · { $status }
admin-transfer-approved = ✅ Одобрено: { $amount } зачислено клиенту.
admin-transfer-not-found = перевод не найден на нашем счёте
admin-transfer-rejected = ✖ Отклонено; клиенту сообщили ({ $amount }).
admin-cmd-coupons = Купоны
admin-btn-coupons = 🏷 Купоны
admin-btn-coupon-off = ⏸ Отключить { $code }
admin-btn-coupon-on = ▶️ Включить { $code }
admin-coupons-title = 🏷 <b>Купоны</b> (новый: /newcoupon CODE 10% или /newcoupon CODE ₹50)
admin-coupon-line = • <code>{ $code }</code> · { $value } · использован { $used }/{ $limit } · до { $expires } · { $state }
admin-coupon-on = активен
admin-coupon-off = отключён
admin-coupon-usage = ⚠️ Не удалось разобрать «{ $part }». Формат: /newcoupon CODE 10% (или ₹50) total=100 per_user=1 expires=2026-12-31 plans=ID-ТОВАРА,ID-ТОВАРА min=₹199
admin-coupon-added = ✅ Купон { $code } ({ $value }) активен.
admin-cmd-broadcast = Рассылка
admin-btn-broadcast = 📣 Рассылка
admin-bc-ask-text = 📣 Пришлите текст рассылки (обычный текст, как его прочтут клиенты) или фото с текстом в подписи:
admin-bc-ask-segment = Кому отправить?
admin-bc-ask-button = Добавить кнопку-ссылку? Пришлите «Надпись | https://ссылка» или нажмите «Без кнопки».
admin-bc-bad-button = ⚠️ Пришлите в виде «Надпись | https://ссылка» или нажмите «Без кнопки».
admin-btn-no-button = Без кнопки
admin-seg-all = Всем
admin-seg-language = Язык: { $arg }
admin-seg-active = Активным подписчикам
admin-seg-expired = С истёкшей за { $arg } дн. подпиской
admin-seg-never = Ничего не покупавшим
admin-bc-preview = ☝️ Так это выглядит. Получателей: <b>{ $count }</b> ({ $segment }). Отправить?
admin-btn-send-broadcast = 📣 Отправить
admin-btn-stop-broadcast = ⏹ Остановить рассылку
admin-bc-started = Отправляю…
admin-bc-queueing = 📣 Готовлю рассылку…
admin-bc-cancelling = Останавливаю: больше ничего не будет отправлено.
admin-bc-progress =
    📣 <b>Рассылка { $id }</b>
    { $bar } { $done }/{ $total }
    Отправлено { $sent } · заблокировали { $blocked } · ошибок { $failed } · в очереди { $waiting } · { $rate }/с
admin-bc-done =
    📣 <b>Рассылка { $id } завершена</b>
    { $bar } { $done }/{ $total }
    Отправлено { $sent } · заблокировали бота { $blocked } · ошибок { $failed } · { $rate }/с
admin-bc-cancelled =
    📣 <b>Рассылка { $id } остановлена</b>
    { $bar } { $done }/{ $total }
    Отправлено { $sent } · заблокировали { $blocked } · не отправлено { $failed } · в очереди { $waiting } · { $rate }/с
admin-cmd-alerts = Включить или выключить оповещения
admin-btn-alerts = 🔔 Оповещения
admin-alerts-title = 🔔 <b>Ваши оповещения</b> (группа сотрудников: { $group }). Нажмите на вид, чтобы выключить или включить его для себя.
admin-alert-orders = Ожидающие заказы
admin-alert-payments = Платежи и пополнения
admin-alert-stock = Малый остаток
admin-alert-support = Обращения
admin-alert-approvals = Одобрения
admin-alert-errors = Ошибки бота
admin-alert-other = Прочее
admin-ticket-closed = закрыто
admin-btn-close-ticket = ✅ Закрыть
admin-btn-reopen-ticket = ↩️ Открыть снова
admin-thread-customer = 👤 { $at }: { $text }
admin-thread-staff = 🛠 { $at } (сотрудник { $staff }): { $text }
admin-bc-photo-caption = ⚠️ Пришлите фото ещё раз, с текстом в подписи.
