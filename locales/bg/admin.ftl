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
admin-cmd-products = Продукти
admin-cmd-stock = Наличност по продукти
admin-btn-products = 🛍 Продукти
admin-btn-stock = 📦 Наличност
admin-btn-add-product = ➕ Добави продукт
admin-btn-edit = ✏️ Редактирай
admin-btn-activate = 🟢 Пусни в продажба
admin-btn-deactivate = ⚪️ Спри продажбата
admin-btn-preview = 👁 Преглед
admin-btn-upload-stock = 📥 Добави наличност
admin-btn-stock-items = 🗂 Артикули
admin-btn-cancel = ✖ Отказ
admin-btn-save = ✅ Запази
admin-btn-revoke-item = 🚫 Отнеми { $id }
admin-btn-replace = 🔁 Замени в { $id }
admin-btn-reply = ✍️ Отговори
admin-btn-replace-credential = 🔁 Замени достъпа
admin-btn-tickets = 💬 Отворени запитвания
admin-btn-open-ticket = 💬 Отвори запитването
admin-products-title = 🛍 <b>Продукти</b> ({ $count })
admin-product-card =
    <b>{ $title }</b> · <code>{ $id }</code> · { $state }
    { $description }
    Цена: { $price } · { $days } дни
    Доставка: { $delivery } · места на акаунт: { $slots }
    2FA: { $totp } · QR експорти: { $qr }
    Сигнал за малко наличност при: { $threshold }
    Наличност: { $available } налични ({ $free } свободни места), { $sold } продадени, { $revoked } отнети
admin-product-on = в продажба
admin-product-off = спрян от продажба
admin-delivery-auto = автоматична
admin-delivery-manual = ръчна (от служител)
admin-totp-none = няма
admin-totp-codes = кодове
admin-totp-codes_qr = кодове и QR изображения
admin-preview-title = 👁 Как го виждат клиентите:
admin-product-saved = Запазено.
admin-edit-which = Кое поле искате да промените?
admin-field-platform = Услуга
admin-field-plan = План
admin-field-description = Описание
admin-field-price = Цена
admin-field-duration_days = Продължителност
admin-field-delivery = Доставка
admin-field-slots_per_item = Места на акаунт
admin-field-totp_policy = 2FA
admin-field-qr_export_limit = Лимит на QR експорти
admin-field-low_stock_threshold = Малко наличност
admin-ask-platform = Име на услугата, както я знаят клиентите (например: Netflix):
admin-ask-plan = Име на плана (например: Premium 4K):
admin-ask-description = Кратко описание за клиентите (или - без описание):
admin-ask-price = Цена (например 199, 199.50 или ₹199):
admin-ask-duration_days = Продължителност в дни (например 30):
admin-ask-delivery = Как се доставя?
admin-ask-slots_per_item = Колко клиенти споделят един акаунт? (1, ако не се споделя)
admin-ask-totp_policy = Имат ли акаунтите 2FA?
admin-ask-qr_export_limit = Колко QR изображения може да изтегли клиент? (от 1 до 100)
admin-ask-low_stock_threshold = Сигнализирай на служителите, когато свободните места паднат до (0 — само при изчерпване):
admin-product-bad-text = ⚠️ Въведете от 1 до { $max } знака.
admin-product-bad-price = ⚠️ Това не е цена. Въведете например 199, 199.50 или ₹199.
admin-product-bad-number = ⚠️ Въведете цяло число от { $low } до { $high }.
admin-product-bad-choice = ⚠️ Изберете един от бутоните.
admin-stock-title = 📦 <b>Наличност</b> (налични, свободни места, продадени, отнети)
admin-stock-line = • { $product }: { $available } налични, { $free } свободни места, { $sold } продадени, { $revoked } отнети
admin-upload-ask = 📥 Изпратете CSV или TXT файл за { $product } или поставете редовете тук (login:password или login | password | notes | 2FA, по един акаунт на ред).
admin-upload-bad-file = ⚠️ Изпратете .csv или .txt файл в UTF-8, до 2 MB.
admin-import-report = 📥 <b>Импорт в { $product }</b>: { $added } добавени, { $duplicates } дубликати, { $errors } грешни реда.
admin-import-line = ред { $line }: { $reason }
admin-import-more = …и още { $count }.
admin-items-title = 🗂 <b>Последни артикули</b>
admin-item-line = • <code>{ $id }</code> · { $status } · места { $used }/{ $total } · партида { $batch }
admin-item-status-available = наличен
admin-item-status-sold = продаден
admin-item-status-revoked = отнет
admin-item-revoked = Артикул { $id } е отнет. Активни абонаменти, които още го ползват: { $count }. Заменете всеки достъп по-долу.
admin-item-revoked-short = Отнет.
admin-replaced = 🔁 Абонамент { $sub } получи нов достъп; той е изпратен на клиент { $user }, а старият е отнет.
admin-replaced-short = Заменен.
admin-ticket =
    💬 <b>Запитване { $id }</b> · { $status }
    От потребител { $user } · { $at }

    { $text }
admin-ticket-open = отворено
admin-ticket-answered = отговорено
admin-ticket-sub = Относно абонамент <code>{ $sub }</code>
admin-ticket-reply = ✍️ Изпратен отговор: { $reply }
admin-ticket-reply-ask = Напишете отговора до потребител { $user }:
admin-ticket-replied = ✅ Отговорът на запитване { $id } е на път към клиента.
admin-ticket-no-sub = Това запитване не е за абонамент.
admin-btn-ticket = 💬 { $id } · потребител { $user }
error-approval-decided = Друг администратор вече е решил това.
admin-btn-approve = ✅ Одобри
admin-btn-reject = ✖ Откажи
staff-approval-needed = 🔐 Одобрение { $id }: { $kind } за { $amount } за { $target }, поискано от служител { $by } ({ $reason }). Нужно е одобрение от втори администратор.
admin-btn-view-screenshot = 🖼 Виж екранната снимка
staff-manual-payment = 🏦 Банков превод { $id }: потребител { $user } съобщава за плащане от { $amount }. Проверете снимката и банката, после одобрете или откажете.
admin-cmd-find = Намери клиент
admin-cmd-orders = Поръчки
admin-cmd-transfers = Банкови преводи за проверка
admin-cmd-approvals = Чакащи одобрения
admin-btn-customers = 👤 Клиенти
admin-btn-orders = 🧾 Поръчки
admin-btn-ledger = 📒 Движения
admin-btn-subs = 🔑 Абонаменти
admin-btn-tickets-of = 💬 Запитвания
admin-btn-message = ✉️ Изпрати съобщение
admin-btn-adjust = 💰 Промени баланса
admin-btn-block = 🚫 Блокирай
admin-btn-unblock = ✅ Отблокирай
admin-btn-prev = ◀️ Назад
admin-btn-next = Напред ▶️
admin-btn-confirm = ✅ Потвърди
admin-btn-deliver = 📤 Достави
admin-btn-refund-return = ↩️ Възстанови, върни артикула в наличност
admin-btn-refund-revoke = ↩️ Възстанови, отнеми артикула
admin-btn-customer = 👤 Клиент
admin-btn-refund-topup = ↩️ Възстанови към метода на плащане
admin-btn-approve-id = ✅ Одобри { $id }
admin-customer =
    👤 <b>{ $name }</b> · <code>{ $id }</code> · { $username } · { $lang }
    Баланс: <b>{ $balance }</b> ({ $entries } движения)
    Поръчки: { $orders } · клиент от { $since } · { $state }
admin-customer-blocked = 🚫 блокиран
admin-customer-active = активен
admin-find-ask = Въведете Telegram id или @username на клиента:
admin-find-none = Няма клиент „{ $query }“. Въведете id или @username.
admin-ledger-title = 📒 <b>Движения на { $id }</b> · баланс { $balance } · стр. { $page }
admin-ledger-line = • { $at } · { $amount } · { $reason } → { $after }
admin-orders-of = 🧾 Поръчки на { $id }
admin-subs-of = 🔑 Абонаменти на { $id }
admin-sub-line = • <code>{ $id }</code> · { $title } · { $status } · до { $ends }
admin-tickets-of = 💬 Запитвания на { $id }
admin-message-ask = Напишете съобщението до клиент { $id }; ще го получи от бота на магазина:
admin-message-sent = ✅ Съобщението до { $id } е на път.
admin-adjust-ask = Въведете сума за добавяне (например 100 или ₹100) или за отнемане (например -50):
admin-adjust-bad = ⚠️ Това не е сума. Въведете например 100, 99.50 или -50.
admin-adjust-reason = Защо? Въведете причината (влиза в движенията и одитния дневник):
admin-adjust-confirm = Да се промени балансът на { $id } с <b>{ $amount }</b> поради „{ $reason }“?
admin-approval-asked = 🔐 Сумата е над лимита: заявка { $id } чака втори администратор.
admin-adjusted = ✅ Готово. Балансът на { $id } вече е { $balance }.
admin-order-status-pending = ⏳ чака
admin-order-status-completed = ✅ изпълнена
admin-order-status-refunded = ↩️ възстановена
admin-orders-title = 🧾 <b>Поръчки</b> — изберете статус:
admin-orders-list = 🧾 <b>Поръчки: { $status }</b> ({ $count })
admin-order =
    🧾 <b>Поръчка { $id }</b> · { $status }
    Клиент { $user } · продукт <code>{ $product }</code>
    Платено { $amount } · купон { $coupon } · { $at }
admin-deliver-ask = Въведете достъпа за поръчка { $id } като login:password или login | password | notes | 2FA. Съобщението ви се изтрива след прочитане.
admin-deliver-bad = ⚠️ Въведете го като login:password или login | password | notes | 2FA.
admin-delivered = ✅ Поръчка { $id } е доставена: клиентът има абонамент { $sub } и достъпа си.
admin-refunded = ↩️ Сумата за поръчка { $id } е върната в портфейла на клиента.
admin-topup =
    💳 <b>Зареждане { $id }</b> · { $status }
    Потребител { $user } · { $amount } чрез { $gateway } · плащане { $payment } · { $at }
admin-topup-usage = Формат: /topup ID-НА-ЗАРЕЖДАНЕ
admin-topup-refund-done = ↩️ Възстановено през платежната система.
admin-topup-refund-refunded = ⭐ Telegram прие възстановяването на звездите: зареждането е възстановено.
admin-topup-refund-refused = ✖ Telegram отказа възстановяването на звездите; парите са отново в портфейла на клиента.
admin-topup-refund-unknown = ⚠️ Все още няма отговор от Telegram: зареждането остава във възстановяване. Натиснете отново.
admin-approvals-title = 🔐 <b>Чакащи одобрения</b>
admin-approval-line = • <code>{ $id }</code> · { $kind } · { $target } · { $amount } · поискано от { $by }
admin-approved = ✅ Заявка { $id } е одобрена и изпълнена.
admin-approved-short = Одобрено.
admin-rejected = ✖ Заявка { $id } е отказана.
admin-rejected-short = Отказано.
admin-transfers-title = 🏦 <b>Банкови преводи за проверка</b>
admin-transfer-line = • <code>{ $id }</code> · потребител { $user } · { $amount } · { $at }
admin-transfer = 🏦 Превод { $id } · потребител { $user } · { $amount } · { $status }
admin-transfer-approved = ✅ Одобрено: { $amount } заверени на клиента.
admin-transfer-not-found = преводът не е открит в нашата сметка
admin-transfer-rejected = ✖ Отказано; клиентът е уведомен ({ $amount }).
admin-cmd-coupons = Купони
admin-btn-coupons = 🏷 Купони
admin-btn-coupon-off = ⏸ Изключи { $code }
admin-btn-coupon-on = ▶️ Включи { $code }
admin-coupons-title = 🏷 <b>Купони</b> (нов: /newcoupon CODE 10% или /newcoupon CODE ₹50)
admin-coupon-line = • <code>{ $code }</code> · { $value } · използван { $used }/{ $limit } · валиден до { $expires } · { $state }
admin-coupon-on = активен
admin-coupon-off = изключен
admin-coupon-usage = ⚠️ Не разбрах „{ $part }“. Формат: /newcoupon CODE 10% (или ₹50) total=100 per_user=1 expires=2026-12-31 plans=ID-НА-ПРОДУКТ,ID-НА-ПРОДУКТ min=₹199
admin-coupon-added = ✅ Купон { $code } ({ $value }) е активен.
admin-cmd-broadcast = Изпрати бюлетин
admin-btn-broadcast = 📣 Бюлетин
admin-bc-ask-text = 📣 Изпратете текста на бюлетина (обикновен текст, както ще го прочетат клиентите) или снимка с текста като надпис:
admin-bc-ask-segment = Кой да го получи?
admin-bc-ask-button = Да добавя ли бутон с връзка? Изпратете „Надпис | https://връзка“ или натиснете „Без бутон“.
admin-bc-bad-button = ⚠️ Изпратете го като „Надпис | https://връзка“ или натиснете „Без бутон“.
admin-btn-no-button = Без бутон
admin-seg-all = Всички
admin-seg-language = Език: { $arg }
admin-seg-active = Активни абонати
admin-seg-expired = С изтекъл абонамент в последните { $arg } дни
admin-seg-never = Никога не са купували
admin-bc-preview = ☝️ Така изглежда. Получатели: <b>{ $count }</b> ({ $segment }). Да го изпратя ли?
admin-btn-send-broadcast = 📣 Изпрати
admin-btn-stop-broadcast = ⏹ Спри бюлетина
admin-bc-started = Изпращам…
admin-bc-queueing = 📣 Подготвям бюлетина…
admin-bc-cancelling = Спирам: нищо повече няма да бъде изпратено.
admin-bc-progress =
    📣 <b>Бюлетин { $id }</b>
    { $bar } { $done }/{ $total }
    Изпратени { $sent } · блокирали { $blocked } · неуспешни { $failed } · чакащи { $waiting } · { $rate }/с
admin-bc-done =
    📣 <b>Бюлетин { $id } приключи</b>
    { $bar } { $done }/{ $total }
    Изпратени { $sent } · блокирали бота { $blocked } · неуспешни { $failed } · { $rate }/с
admin-bc-cancelled =
    📣 <b>Бюлетин { $id } е спрян</b>
    { $bar } { $done }/{ $total }
    Изпратени { $sent } · блокирали { $blocked } · неизпратени { $failed } · чакащи { $waiting } · { $rate }/с
admin-cmd-alerts = Изключи или включи сигналите
admin-btn-alerts = 🔔 Сигнали
admin-alerts-title = 🔔 <b>Вашите сигнали</b> (група на служителите: { $group }). Натиснете вид, за да го изключите или включите за себе си.
admin-alert-orders = Чакащи поръчки
admin-alert-payments = Плащания и зареждания
admin-alert-stock = Малко наличност
admin-alert-support = Запитвания
admin-alert-approvals = Одобрения
admin-alert-errors = Грешки на бота
admin-alert-other = Други
admin-ticket-closed = затворено
admin-btn-close-ticket = ✅ Затвори
admin-btn-reopen-ticket = ↩️ Отвори отново
admin-thread-customer = 👤 { $at }: { $text }
admin-thread-staff = 🛠 { $at } (служител { $staff }): { $text }
admin-bc-photo-caption = ⚠️ Изпратете снимката отново с текста като надпис.
