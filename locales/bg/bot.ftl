## Ботът за клиенти: менюта, екрани, бутони, подсказки.

welcome = 👋 Добре дошли в { $shop }, { $name }!
    Купувайте абонаменти с портфейла си и получавайте потребителско име, парола и 2FA кодове направо тук.
menu-title = 🏠 { $shop } — какво искате да направите, { $name }?
menu-title-short = 🏠 Главно меню
menu-plans = 🛍 Планове
menu-subs = 🔑 Моите абонаменти
menu-wallet = 💰 Портфейл
menu-orders = 🧾 Поръчки
menu-support = 💬 Поддръжка
menu-language = 🌐 Език
menu-help = ❓ Помощ

btn-menu = 🏠 Меню
btn-back = ⬅️ Назад
btn-prev = ◀️ Предишна
btn-next = Следваща ▶️
btn-topup = ➕ Зареди
btn-history = 📜 История
btn-other-amount = ✏️ Друга сума
btn-pay = 💳 Плати
btn-buy = 🛒 Купи
btn-coupon = 🏷 Купон
btn-confirm = ✅ Потвърди и плати
btn-pay-difference = 💳 Зареди разликата — { $gateway }
btn-open-sub = 🔑 Отвори абонамента
btn-credentials = 👁 Данни за вход
btn-code = 🔢 Вземи код
btn-qr = 📷 QR код
btn-renew = 🔁 Поднови
btn-auto-on = ⏸ Автоподновяване: изкл. → вкл.
btn-auto-off = ▶️ Автоподновяване: вкл. → изкл.
btn-refresh = 🔄 Обнови

help-text = <b>Как работи</b>
    1. Заредете портфейла си (💰 Портфейл).
    2. Изберете план (🛍 Планове) и платете от портфейла.
    3. Потребителското име, паролата и 2FA кодовете са винаги на разположение в 🔑 Моите абонаменти.

    Команди: /plans /subs /wallet /topup /orders /support /language /help
language-pick = 🌐 Изберете език:
language-set = Езикът е сменен.

wallet-balance = 💰 Наличност: <b>{ $balance }</b>
wallet-entry = { $date }  { $sign }{ $amount }  { $reason }
history-title = 📜 История на портфейла, страница { $page }
history-empty = Все още няма записи.
reason-topup = зареждане
reason-purchase = покупка
reason-renewal = подновяване
reason-refund = възстановяване
reason-topup-refund = възстановено зареждане
reason-adjustment = корекция

topup-pick-amount = ➕ С каква сума искате да заредите?
topup-type-amount = ✏️ Въведете сума от { $min } до { $max } (например 499 или 499.50).
topup-choose-gateway = Зареждане с { $amount } чрез:
topup-no-gateways = В момента зареждането не е възможно. Моля, свържете се с поддръжката.
topup-pay-link = Платете { $amount } чрез { $gateway } с бутона по-долу. Наличността ви ще се обнови веднага щом плащането бъде потвърдено.
gateway-razorpay = Razorpay (UPI, карти)
gateway-stripe = Stripe (карти)
gateway-stars = Telegram Stars ⭐
gateway-sandbox = Тестово плащане (sandbox)
stars-label = Зареждане на портфейла

plans-title = 🛍 Планове
plans-empty = В момента няма планове в продажба.
plan-detail = <b>{ $title }</b>
    { $description }

    Цена: <b>{ $price }</b>
    Продължителност: { $days ->
        [one] { $days } ден
       *[other] { $days } дни
    }
    { $stock }
plan-available = ✅ Наличен
plan-sold-out = ✖ Временно изчерпан
coupon-ask = 🏷 Въведете кода на купона:
confirm-text = <b>{ $title }</b>, { $days ->
        [one] { $days } ден
       *[other] { $days } дни
    }
    Цена: { $price }{ $has_discount ->
        [yes] {", "}отстъпка −{ $discount }
       *[no] {""}
    }
    <b>Общо: { $total }</b>
    Наличност: { $balance } → след покупката: { $after }
confirm-short = <b>{ $title }</b>
    <b>Общо: { $total }</b>{ $has_discount ->
        [yes] {" "}(отстъпка −{ $discount })
       *[no] {""}
    }
    Наличност: { $balance } — не достигат още { $shortfall }.
    Заредете разликата и покупката ще завърши автоматично.

purchase-done = ✅ Поръчка { $order } е платена: { $total }. Активна до { $ends }.
purchase-done-toast = Готово!
purchase-already-done = Тази покупка вече е направена.
order-pending-manual = ⏳ Поръчка { $order } е платена. Нашият екип ще я достави скоро; ще получите съобщение тук.
credentials = 🔑 <b>{ $platform } { $plan }</b>
    Потребителско име: <code>{ $login }</code>
    Парола: <code>{ $password }</code>
    Бележки: { $notes }
    Активен до { $ends }
credentials-autodelete = 🕑 Това съобщение ще се изтрие автоматично след { $duration }. Винаги можете да го видите отново в 🔑 Моите абонаменти.

subs-title = 🔑 Вашите абонаменти:
subs-empty = Все още нямате абонаменти. Разгледайте плановете!
sub-status-active = активен
sub-status-expired = изтекъл
sub-status-cancelled = отменен
sub-status-refunded = с възстановени средства
sub-detail = <b>{ $title }</b>
    Статус: { $status }
    Изтича: { $ends } ({ $days ->
        [one] остава { $days } ден
       *[other] остават { $days } дни
    })
    Автоподновяване: { $auto }
auto-on = включено
auto-off = изключено
totp-code = 🔢 Код: <code>{ $code }</code>
    Валиден още { $seconds } сек.
totp-refreshed = Кодът е обновен
qr-caption = 📷 Сканирайте го в приложението си за удостоверяване. Използвани QR експорти: { $used } от { $limit }.

orders-title = 🧾 Вашите поръчки:
orders-empty = Все още нямате поръчки.
order-line = { $date } · { $title } · { $total } · { $status }
order-status-pending = очаква доставка
order-status-completed = изпълнена
order-status-refunded = с възстановени средства

support-ask = 💬 Напишете въпроса си към нашия екип в едно съобщение. Ще отговорим тук.
support-queued = ✅ Изпратено до нашия екип (запитване { $ticket }). Ще отговорим в този чат.
support-reply = 💬 Отговор от поддръжката:
    { $text }

hint-unknown-command = Не познавам тази команда. Ето менюто:
hint-free-text = Моля, използвайте менюто по-долу или /help.
button-expired = Този бутон вече не е активен.
flood-slow-down = Твърде бързо — моля, изчакайте малко.
tap-once = Вече се изпълнява…
error-unexpected = 😔 Съжаляваме, нещо се обърка при нас. Екипът ни е уведомен; моля, опитайте отново след минута.

cmd-start = Главно меню
cmd-plans = Планове в продажба
cmd-subs = Моите абонаменти
cmd-wallet = Портфейл и наличност
cmd-topup = Зареждане на портфейла
cmd-orders = Моите поръчки
cmd-support = Пишете на поддръжката
cmd-language = Смяна на езика
cmd-help = Как работи

## Съобщения, изпращани през опашката за изходящи (outbox).
purchase-completed = ✅ Абонаментът ви { $platform } { $plan } е готов (поръчка { $order_id }, { $amount }). Отворете 🔑 Моите абонаменти, за да видите потребителското име, паролата и кодовете.
order-pending = ⏳ Поръчка { $order_id } ({ $amount }) е платена и чака нашият екип да я достави.
purchase-failed = ⚠️ Зареждането ви пристигна, но покупката не можа да бъде завършена ({ $reason }). Парите ({ $amount }) са в портфейла ви.
order-refunded = ↩️ Сумата по поръчка { $order_id } е възстановена: { $amount } са отново в портфейла ви.
subscription-renewed = 🔁 Абонаментът ви { $platform } { $plan } е подновен до { $ends_at }.
subscription-cancelled = Абонаментът ви { $subscription_id } беше отменен.
subscription-expired = ⌛ Абонаментът ви { $subscription_id } изтече. Можете да го подновите от 🔑 Моите абонаменти.
credential-replaced = 🔑 Данните за вход за { $platform } { $plan } бяха сменени с нови. Отворете 🔑 Моите абонаменти, за да ги видите.

## Известия за екипа.
staff-support-ticket = 💬 Запитване { $ticket } от потребител { $user }:
    { $text }
staff-bot-error = 🚨 Ботът { $bot } се провали при обновление { $update } (потребител { $user }): { $error }. Вижте логовете.
staff-order-pending = 📦 Поръчка { $order_id } ({ $amount }) от потребител { $user_id } чака ръчна доставка.

## Грешки на магазина.
error-product-not-found = Този план не съществува (вече).
error-product-inactive = Този план не се продава в момента.
error-out-of-stock = Съжаляваме, този план е изчерпан в момента. Нищо не беше таксувано.
error-coupon-invalid = Този купон не може да се използва тук.
error-stock-import-invalid = Файлът с наличности съдържа грешки.
error-order-not-found = Не намерихме тази поръчка.
error-order-state = Тази поръчка не може да бъде променена сега.
error-subscription-not-found = Не намерихме този абонамент.
error-subscription-not-active = Този абонамент не е активен.
error-totp-unavailable = Този план няма 2FA кодове.
error-qr-limit-reached = Използвали сте всички QR експорти за този абонамент.
error-intent-expired = Тази оферта е изтекла. Моля, отворете плана отново.
stars-credit-delayed = ⭐ Получихме плащането ви в Stars. Добавянето му в портфейла отнема повече време от обичайното; то ще пристигне само и тук ще получите разписка. Екипът ни е уведомен.
duration-s = { $n } сек
duration-m = { $n } мин
duration-h = { $n } ч
purchase-credential-unavailable = ✅ Поръчка { $order } е платена: { $total }. Данните за вход не могат да бъдат показани в момента поради проблем от наша страна; екипът ни е уведомен и ще го отстрани. Нищо не е загубено: ще ги намерите в 🔑 Моите абонаменти.
price-changed = ⚠️ Цената се промени, откакто отворихте този екран. Нищо не е таксувано; ето текущата цена.
staff-bot-error-repeated = 🚨 Ботът { $bot } се срина при обновление { $update } (потребител { $user }): { $error }. Същата грешка се повтори още { $count } път(и) след последното известие. Вижте логовете.
topup-creating-link = ⏳ Създаваме връзката ви за плащане…
topup-invoice-below = ⭐ Фактурата ви за { $amount } е по-долу: натиснете „Плати“, за да заредите.
