## Бот для покупателей: меню, экраны, кнопки, подсказки.

welcome = 👋 Добро пожаловать в { $shop }, { $name }!
    Покупайте подписки с оплатой из кошелька и получайте логин, пароль и коды 2FA прямо здесь.
menu-title = 🏠 { $shop } — что хотите сделать, { $name }?
menu-title-short = 🏠 Главное меню
menu-plans = 🛍 Тарифы
menu-subs = 🔑 Мои подписки
menu-wallet = 💰 Кошелёк
menu-orders = 🧾 Заказы
menu-support = 💬 Поддержка
menu-language = 🌐 Язык
menu-help = ❓ Помощь

btn-menu = 🏠 Меню
btn-back = ⬅️ Назад
btn-prev = ◀️ Предыдущая
btn-next = Следующая ▶️
btn-topup = ➕ Пополнить
btn-history = 📜 История
btn-other-amount = ✏️ Другая сумма
btn-pay = 💳 Оплатить
btn-buy = 🛒 Купить
btn-coupon = 🏷 Промокод
btn-confirm = ✅ Подтвердить и оплатить
btn-pay-difference = 💳 Пополнить на разницу — { $gateway }
btn-open-sub = 🔑 Открыть подписку
btn-credentials = 👁 Данные для входа
btn-code = 🔢 Получить код
btn-qr = 📷 QR-код
btn-renew = 🔁 Продлить
btn-auto-on = ⏸ Автопродление: выкл → вкл
btn-auto-off = ▶️ Автопродление: вкл → выкл
btn-refresh = 🔄 Обновить

help-text = <b>Как это работает</b>
    1. Пополните кошелёк (💰 Кошелёк).
    2. Выберите тариф (🛍 Тарифы) и оплатите его из кошелька.
    3. Логин, пароль и коды 2FA всегда доступны в разделе 🔑 Мои подписки.

    Команды: /plans /subs /wallet /topup /orders /support /language /help
language-pick = 🌐 Выберите язык:
language-set = Язык изменён.

wallet-balance = 💰 Баланс: <b>{ $balance }</b>
wallet-entry = { $date }  { $sign }{ $amount }  { $reason }
history-title = 📜 История кошелька, страница { $page }
history-empty = Записей пока нет.
reason-topup = пополнение
reason-purchase = покупка
reason-renewal = продление
reason-refund = возврат
reason-topup-refund = возврат пополнения
reason-adjustment = корректировка

topup-pick-amount = ➕ На какую сумму пополнить кошелёк?
topup-type-amount = ✏️ Введите сумму от { $min } до { $max } (например, 499 или 499.50).
topup-choose-gateway = Пополнить на { $amount } через:
topup-no-gateways = Пополнение сейчас недоступно. Пожалуйста, напишите в поддержку.
topup-pay-link = Оплатите { $amount } через { $gateway } по кнопке ниже. Баланс обновится, как только платёж будет подтверждён.
gateway-razorpay = Razorpay (UPI, карты)
gateway-stripe = Stripe (карты)
gateway-stars = Telegram Stars ⭐
gateway-sandbox = Тестовый платёж (песочница)
stars-label = Пополнение кошелька

plans-title = 🛍 Тарифы
plans-empty = Сейчас в продаже нет тарифов.
plan-detail = <b>{ $title }</b>
    { $description }

    Цена: <b>{ $price }</b>
    Срок: { $days ->
        [one] { $days } день
        [few] { $days } дня
        [other] { $days } дня
       *[many] { $days } дней
    }
    { $stock }
plan-available = ✅ В наличии
plan-sold-out = ✖ Временно нет в наличии
coupon-ask = 🏷 Введите промокод:
confirm-text = <b>{ $title }</b>, { $days ->
        [one] { $days } день
        [few] { $days } дня
        [other] { $days } дня
       *[many] { $days } дней
    }
    Цена: { $price }{ $has_discount ->
        [yes] {", "}скидка −{ $discount }
       *[no] {""}
    }
    <b>Итого: { $total }</b>
    Баланс: { $balance } → после покупки: { $after }
confirm-short = <b>{ $title }</b>
    <b>Итого: { $total }</b>{ $has_discount ->
        [yes] {" "}(скидка −{ $discount })
       *[no] {""}
    }
    Баланс: { $balance } — не хватает { $shortfall }.
    Пополните кошелёк на недостающую сумму, и покупка завершится автоматически.

purchase-done = ✅ Заказ { $order } оплачен: { $total }. Действует до { $ends }.
purchase-done-toast = Готово!
purchase-already-done = Эта покупка уже совершена.
order-pending-manual = ⏳ Заказ { $order } оплачен. Наша команда скоро его выдаст — вы получите сообщение здесь.
credentials = 🔑 <b>{ $platform } { $plan }</b>
    Логин: <code>{ $login }</code>
    Пароль: <code>{ $password }</code>
    Примечания: { $notes }
    Действует до { $ends }
credentials-autodelete = 🕑 Это сообщение удалится через { $duration }. Его всегда можно снова посмотреть в разделе 🔑 Мои подписки.

subs-title = 🔑 Ваши подписки:
subs-empty = У вас пока нет подписок. Загляните в тарифы!
sub-status-active = активна
sub-status-expired = истекла
sub-status-cancelled = отменена
sub-status-refunded = возврат оформлен
sub-detail = <b>{ $title }</b>
    Статус: { $status }
    Окончание: { $ends } ({ $days ->
        [one] остался { $days } день
        [few] осталось { $days } дня
        [other] осталось { $days } дня
       *[many] осталось { $days } дней
    })
    Автопродление: { $auto }
auto-on = включено
auto-off = выключено
totp-code = 🔢 Код: <code>{ $code }</code>
    Действует ещё { $seconds } сек.
totp-refreshed = Код обновлён
qr-caption = 📷 Отсканируйте его в приложении-аутентификаторе. Использовано QR-экспортов: { $used } из { $limit }.

orders-title = 🧾 Ваши заказы:
orders-empty = У вас пока нет заказов.
order-line = { $date } · { $title } · { $total } · { $status }
order-status-pending = ожидает выдачи
order-status-completed = выполнен
order-status-refunded = возврат оформлен

support-ask = 💬 Опишите ваш вопрос для нашей команды одним сообщением. Мы ответим здесь.
support-queued = ✅ Отправлено нашей команде (обращение { $ticket }). Мы ответим в этом чате.
support-reply = 💬 Ответ поддержки:
    { $text }

hint-unknown-command = Я не знаю такой команды. Вот меню:
hint-free-text = Пожалуйста, воспользуйтесь меню ниже или командой /help.
button-expired = Эта кнопка больше не активна.
flood-slow-down = Слишком быстро — подождите немного.
tap-once = Уже выполняю…
error-unexpected = 😔 Извините, у нас что-то пошло не так. Наша команда уже в курсе; пожалуйста, попробуйте ещё раз через минуту.

cmd-start = Главное меню
cmd-plans = Тарифы в продаже
cmd-subs = Мои подписки
cmd-wallet = Кошелёк и баланс
cmd-topup = Пополнить кошелёк
cmd-orders = Мои заказы
cmd-support = Написать в поддержку
cmd-language = Сменить язык
cmd-help = Как это работает

## Сообщения, отправляемые через очередь исходящих (outbox).
purchase-completed = ✅ Подписка { $platform } { $plan } готова (заказ { $order_id }, { $amount }). Откройте 🔑 Мои подписки, чтобы увидеть логин, пароль и коды.
order-pending = ⏳ Заказ { $order_id } ({ $amount }) оплачен и ожидает выдачи нашей командой.
purchase-failed = ⚠️ Пополнение поступило, но завершить покупку не удалось ({ $reason }). Деньги ({ $amount }) остались в вашем кошельке.
order-refunded = ↩️ По заказу { $order_id } оформлен возврат: { $amount } зачислено обратно на ваш кошелёк.
subscription-renewed = 🔁 Подписка { $platform } { $plan } продлена до { $ends_at }.
subscription-cancelled = Ваша подписка { $subscription_id } отменена.
subscription-expired = ⌛ Срок действия вашей подписки { $subscription_id } истёк. Продлить её можно в разделе 🔑 Мои подписки.
credential-replaced = 🔑 Данные для входа в { $platform } { $plan } заменены на новые. Откройте 🔑 Мои подписки, чтобы их увидеть.

## Оповещения для персонала.
staff-support-ticket = 💬 Обращение { $ticket } от пользователя { $user }:
    { $text }
staff-bot-error = 🚨 Бот { $bot } упал на обновлении { $update } (пользователь { $user }): { $error }. Смотрите логи.
staff-order-pending = 📦 Заказ { $order_id } ({ $amount }) пользователя { $user_id } ожидает ручной выдачи.

## Ошибки магазина.
error-product-not-found = Такого тарифа нет или он был удалён.
error-product-inactive = Этот тариф сейчас не продаётся.
error-out-of-stock = Извините, этот тариф сейчас закончился. Деньги не списаны.
error-coupon-invalid = Этот промокод здесь не действует.
error-stock-import-invalid = В файле с запасами есть ошибки.
error-order-not-found = Не удалось найти этот заказ.
error-order-state = Этот заказ сейчас нельзя изменить.
error-subscription-not-found = Не удалось найти эту подписку.
error-subscription-not-active = Эта подписка не активна.
error-totp-unavailable = Для этого тарифа нет кодов 2FA.
error-qr-limit-reached = Вы использовали все QR-экспорты для этой подписки.
error-intent-expired = Срок действия этого предложения истёк. Пожалуйста, откройте тариф заново.
stars-credit-delayed = ⭐ Мы получили ваш платёж в Stars. Зачисление в кошелёк занимает больше времени, чем обычно; деньги поступят сами, и здесь придёт квитанция. Наша команда уже знает.
duration-s = { $n } сек
duration-m = { $n } мин
duration-h = { $n } ч
purchase-credential-unavailable = ✅ Заказ { $order } оплачен: { $total }. Данные для входа сейчас нельзя показать из-за проблемы на нашей стороне; наша команда уже знает и всё исправит. Ничего не потеряно: вы найдёте их в разделе 🔑 Мои подписки.
price-changed = ⚠️ Цена изменилась с тех пор, как вы открыли этот экран. Ничего не списано; вот текущая цена.
staff-bot-error-repeated = 🚨 Бот { $bot } упал на обновлении { $update } (пользователь { $user }): { $error }. С прошлого оповещения тот же сбой повторился ещё { $count } раз(а). Смотрите логи.
topup-creating-link = ⏳ Создаём ссылку на оплату…
topup-invoice-below = ⭐ Ваш счёт на { $amount } ниже: нажмите «Оплатить», чтобы пополнить.
