## The customer bot: menus, screens, buttons, hints.

welcome = 👋 Welcome to { $shop }, { $name }!
    Buy subscriptions with your wallet and get your login, password and 2FA codes right here.
menu-title = 🏠 { $shop } — what would you like to do, { $name }?
menu-title-short = 🏠 Main menu
menu-plans = 🛍 Plans
menu-subs = 🔑 My subscriptions
menu-wallet = 💰 Wallet
menu-orders = 🧾 Orders
menu-support = 💬 Support
menu-language = 🌐 Language
menu-help = ❓ Help

btn-menu = 🏠 Menu
btn-back = ⬅️ Back
btn-prev = ◀️ Previous
btn-next = Next ▶️
btn-topup = ➕ Top up
btn-history = 📜 History
btn-other-amount = ✏️ Other amount
btn-pay = 💳 Pay
btn-buy = 🛒 Buy
btn-coupon = 🏷 Coupon
btn-confirm = ✅ Confirm and pay
btn-pay-difference = 💳 Top up the difference — { $gateway }
btn-open-sub = 🔑 Open subscription
btn-credentials = 👁 Show credentials
btn-code = 🔢 Get code
btn-qr = 📷 QR image
btn-renew = 🔁 Renew
btn-auto-on = ⏸ Auto-renew: off → on
btn-auto-off = ▶️ Auto-renew: on → off
btn-refresh = 🔄 Refresh

help-text = <b>How it works</b>
    1. Top up your wallet (💰 Wallet).
    2. Pick a plan (🛍 Plans) and pay from the wallet.
    3. Your login, password and 2FA codes are in 🔑 My subscriptions, any time.

    Commands: /plans /subs /wallet /topup /orders /support /language /help
language-pick = 🌐 Choose your language:
language-set = Language changed.

wallet-balance = 💰 Balance: <b>{ $balance }</b>
wallet-entry = { $date }  { $sign }{ $amount }  { $reason }
history-title = 📜 Wallet history, page { $page }
history-empty = No entries yet.
reason-topup = top-up
reason-purchase = purchase
reason-renewal = renewal
reason-refund = refund
reason-topup-refund = top-up refunded
reason-adjustment = adjustment

topup-pick-amount = ➕ How much would you like to add?
topup-type-amount = ✏️ Type the amount, from { $min } to { $max } (for example 499 or 499.50).
topup-choose-gateway = Top up { $amount } with:
topup-no-gateways = Top-ups are not available right now. Please contact support.
topup-pay-link = Pay { $amount } with { $gateway } using the button below. Your balance updates as soon as the payment is confirmed.
gateway-razorpay = Razorpay (UPI, cards)
gateway-stripe = Stripe (cards)
gateway-stars = Telegram Stars ⭐
gateway-sandbox = Test payment (sandbox)
stars-label = Wallet top-up

plans-title = 🛍 Plans
plans-empty = There are no plans on sale right now.
plan-detail = <b>{ $title }</b>
    { $description }

    Price: <b>{ $price }</b>
    Duration: { $days ->
        [one] { $days } day
       *[other] { $days } days
    }
    { $stock }
plan-available = ✅ Available
plan-sold-out = ✖ Sold out for now
coupon-ask = 🏷 Type your coupon code:
confirm-text = <b>{ $title }</b>, { $days ->
        [one] { $days } day
       *[other] { $days } days
    }
    Price: { $price }{ $has_discount ->
        [yes] {", "}discount −{ $discount }
       *[no] {""}
    }
    <b>Total: { $total }</b>
    Balance: { $balance } → after purchase: { $after }
confirm-short = <b>{ $title }</b>
    <b>Total: { $total }</b>{ $has_discount ->
        [yes] {" "}(discount −{ $discount })
       *[no] {""}
    }
    Balance: { $balance } — you need { $shortfall } more.
    Top up the difference and the purchase completes automatically.

purchase-done = ✅ Order { $order } paid: { $total }. Active until { $ends }.
purchase-done-toast = Done!
purchase-already-done = This purchase was already made.
order-pending-manual = ⏳ Order { $order } is paid. Our team will deliver it shortly; you will get a message here.
credentials = 🔑 <b>{ $platform } { $plan }</b>
    Login: <code>{ $login }</code>
    Password: <code>{ $password }</code>
    Notes: { $notes }
    Active until { $ends }
credentials-autodelete = 🕑 This message deletes itself in { $duration }. You can always see it again in 🔑 My subscriptions.

subs-title = 🔑 Your subscriptions:
subs-empty = You have no subscriptions yet. Have a look at the plans!
sub-status-active = active
sub-status-expired = expired
sub-status-cancelled = cancelled
sub-status-refunded = refunded
sub-detail = <b>{ $title }</b>
    Status: { $status }
    Ends: { $ends } ({ $days ->
        [one] { $days } day left
       *[other] { $days } days left
    })
    Auto-renew: { $auto }
auto-on = on
auto-off = off
totp-code = 🔢 Code: <code>{ $code }</code>
    Valid for { $seconds } more seconds.
totp-refreshed = Code updated
qr-caption = 📷 Scan this in your authenticator app. QR exports used: { $used } of { $limit }.

orders-title = 🧾 Your orders:
orders-empty = You have no orders yet.
order-line = { $date } · { $title } · { $total } · { $status }
order-status-pending = waiting for delivery
order-status-completed = completed
order-status-refunded = refunded

support-ask = 💬 Write your message for our team in one message. We will answer here.
support-queued = ✅ Sent to our team (ticket { $ticket }). We will reply in this chat.
support-reply = 💬 Reply from support:
    { $text }

hint-unknown-command = I don't know that command. Here is the menu:
hint-free-text = Please use the menu below, or /help.
button-expired = This button is no longer active.
flood-slow-down = Too fast — please wait a moment.
tap-once = Already on it…
error-unexpected = 😔 Sorry, something went wrong on our side. Our team has been told; please try again in a minute.

cmd-start = Main menu
cmd-plans = Plans on sale
cmd-subs = My subscriptions
cmd-wallet = Wallet and balance
cmd-topup = Top up the wallet
cmd-orders = My orders
cmd-support = Write to support
cmd-language = Change language
cmd-help = How it works

## Messages sent through the outbox.
purchase-completed = ✅ Your { $platform } { $plan } is ready (order { $order_id }, { $amount }). Open 🔑 My subscriptions to see the login, password and codes.
order-pending = ⏳ Order { $order_id } ({ $amount }) is paid and waits for our team to deliver it.
purchase-failed = ⚠️ Your top-up arrived, but the purchase could not be completed ({ $reason }). The money ({ $amount }) is in your wallet.
order-refunded = ↩️ Order { $order_id } was refunded: { $amount } is back in your wallet.
subscription-renewed = 🔁 Your { $platform } { $plan } was renewed until { $ends_at }.
subscription-cancelled = Your subscription { $subscription_id } was cancelled.
subscription-expired = ⌛ Your subscription { $subscription_id } has expired. You can renew it from 🔑 My subscriptions.
credential-replaced = 🔑 The credentials of your { $platform } { $plan } were replaced with new ones. Open 🔑 My subscriptions to see them.

## Staff alerts.
staff-support-ticket = 💬 Support ticket { $ticket } from user { $user }:
    { $text }
staff-bot-error = 🚨 The { $bot } bot failed on update { $update } (user { $user }): { $error }. See the logs.
staff-order-pending = 📦 Order { $order_id } ({ $amount }) by user { $user_id } waits for manual delivery.

## Errors of the shop.
error-product-not-found = That plan does not exist (any more).
error-product-inactive = That plan is not on sale right now.
error-out-of-stock = Sorry, this plan is sold out right now. Nothing was charged.
error-coupon-invalid = That coupon cannot be used here.
error-stock-import-invalid = The stock file has errors.
error-order-not-found = We could not find that order.
error-order-state = That order cannot be changed now.
error-subscription-not-found = We could not find that subscription.
error-subscription-not-active = That subscription is not active.
error-totp-unavailable = This plan has no 2FA codes.
error-qr-limit-reached = You have used all QR exports of this subscription.
error-intent-expired = This offer has expired. Please open the plan again.
stars-credit-delayed = ⭐ We received your Stars payment. Adding it to your wallet is taking longer than usual; it will arrive on its own and you will get a receipt here. Our team has been told.
duration-s = { $n } s
duration-m = { $n } min
duration-h = { $n } h
purchase-credential-unavailable = ✅ Order { $order } is paid: { $total }. Its login cannot be shown right now because of a problem on our side; our team has been told and will fix it. Nothing is lost: you will find it in 🔑 My subscriptions.
price-changed = ⚠️ The price has changed since you opened this screen. Nothing was charged; here is the current price.
staff-bot-error-repeated = 🚨 The { $bot } bot failed on update { $update } (user { $user }): { $error }. The same failure happened { $count } more time(s) since the last alert. See the logs.
topup-creating-link = ⏳ Creating your payment link…
topup-invoice-below = ⭐ Your invoice for { $amount } is below: tap Pay to top up.
