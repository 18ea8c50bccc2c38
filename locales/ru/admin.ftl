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
