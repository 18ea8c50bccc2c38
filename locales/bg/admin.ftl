# Ботът за администратори (само за персонала)
admin-not-staff = Този бот е само за служителите на магазина.
admin-admins-only = Само администратор може да направи това.
admin-button-stale = Този бутон вече не е валиден. Изпратете /start.
admin-unknown = Не разбрах. Изпратете /start за таблото.
admin-btn-home = 🏠 Табло
admin-btn-back = ⬅️ Назад
admin-btn-chart = 📈 Графика
admin-btn-refresh = 🔄 Опресни
admin-btn-audit = 🧾 Одитен дневник
admin-btn-staff = 👥 Служители
admin-btn-verify = ✅ Провери веригата
admin-btn-make-admin = Направи администратор
admin-btn-make-support = Направи поддръжка
admin-btn-make-customer = Премахни от служителите
admin-role-admin = администратор
admin-role-support = поддръжка
admin-role-customer = не е служител
admin-dash-title = 📊 <b>Табло</b> · { $at }
admin-dash-today = Днес
admin-dash-week = Последните 7 дни
admin-dash-period =
    <b>{ $title }</b>
    Продажби: { $sales } ({ $orders } поръчки)
    Зареждания: { $topups } ({ $topup_count }) — { $gateways }
    Нови клиенти: { $customers }
    Възстановявания в портфейли: { $refunds_wallet } ({ $refunds_wallet_count })
    Възстановявания през платежни системи: { $refunds_gateway } ({ $refunds_gateway_count })
admin-dash-active = Активни абонаменти: { $count }
admin-dash-attention = ⚠️ Изискват внимание: { $count }
admin-dash-all-clear = ✅ Нищо не изисква внимание.
admin-attn-lowstock = 📉 Малко наличност ({ $count })
admin-attn-manual = 📦 Поръчки за ръчна доставка ({ $count })
admin-attn-held = ⏸ Задържани плащания ({ $count })
admin-attn-unmatched = ❓ Неразпознати плащания ({ $count })
admin-attn-stuck = ⏳ Блокирали зареждания ({ $count })
admin-attn-tickets = 💬 Отворени запитвания ({ $count })
admin-list-lowstock = 📉 <b>Малко наличност</b>
admin-list-manual = 📦 <b>Поръчки за ръчна доставка</b>
admin-list-held = ⏸ <b>Задържани плащания</b>
admin-list-unmatched = ❓ <b>Неразпознати плащания</b>
admin-list-stuck = ⏳ <b>Блокирали зареждания</b>
admin-list-tickets = 💬 <b>Отворени запитвания</b>
admin-list-empty = Няма нищо тук.
admin-line-lowstock = • { $product } (<code>{ $id }</code>): свободни { $free }, праг { $threshold }
admin-line-order = • <code>{ $id }</code> · потребител { $user } · { $amount } · { $at }
admin-line-topup = • <code>{ $id }</code> · потребител { $user } · { $amount } чрез { $gateway } · { $reason } · { $at }
admin-line-event = • { $gateway } <code>{ $event }</code> · плащане { $payment } · { $reason } · { $at }
admin-line-ticket = • <code>{ $id }</code> · потребител { $user } · { $at }: { $text }
admin-chart-drawing = Чертая графиката…
admin-chart-revenue = Зареждания по дни и платежни системи
admin-chart-customers = Нови клиенти по дни
admin-chart-caption = 📈 Последните { $days } дни.
admin-staff-title = 👥 <b>Служители</b> ({ $count }). Добавяне: /staff ID admin или /staff ID support.
admin-staff-usage = Формат: /staff ID admin, /staff ID support или /staff ID remove
admin-staff-set = Потребител { $id } вече е: { $role }.
admin-staff-gone = Този човек вече не е служител.
admin-staff-member = { $name } (<code>{ $id }</code>): { $role }
admin-audit-title = 🧾 <b>Последни одитни записи</b>
admin-audit-line = #{ $seq } · { $at } · { $actor } · { $action } · { $target }
admin-audit-ok = ✅ Одитната верига е цяла (проверени записи: { $count }).
admin-audit-broken = 🚨 Одитната верига е нарушена при запис { $seq }: { $problem }
admin-cmd-start = Табло
admin-cmd-chart = Графика за последните 30 дни
admin-cmd-audit = Последни одитни записи
admin-cmd-staff = Служители и роли
