# The admin bot (staff only)
admin-not-staff = This bot is for the shop's staff only.
admin-admins-only = Only an admin can do that.
admin-button-stale = This button is no longer valid. Send /start.
admin-unknown = I did not understand that. Send /start for the dashboard.
admin-btn-home = 🏠 Dashboard
admin-btn-back = ⬅️ Back
admin-btn-chart = 📈 Chart
admin-btn-refresh = 🔄 Refresh
admin-btn-audit = 🧾 Audit log
admin-btn-staff = 👥 Staff
admin-btn-verify = ✅ Verify the chain
admin-btn-make-admin = Make admin
admin-btn-make-support = Make support
admin-btn-make-customer = Remove from staff
admin-role-admin = admin
admin-role-support = support
admin-role-customer = not staff
admin-dash-title = 📊 <b>Dashboard</b> · { $at }
admin-dash-today = Today
admin-dash-week = Last 7 days
admin-dash-period =
    <b>{ $title }</b>
    Sales: { $sales } ({ $orders } orders)
    Top-ups: { $topups } ({ $topup_count }) — { $gateways }
    New customers: { $customers }
    Refunds to wallets: { $refunds_wallet } ({ $refunds_wallet_count })
    Refunds to gateways: { $refunds_gateway } ({ $refunds_gateway_count })
admin-dash-active = Active subscriptions: { $count }
admin-dash-attention = ⚠️ { $count } item(s) need attention:
admin-dash-all-clear = ✅ Nothing needs attention.
admin-attn-lowstock = 📉 Low stock ({ $count })
admin-attn-manual = 📦 Manual orders waiting ({ $count })
admin-attn-held = ⏸ Payments held ({ $count })
admin-attn-unmatched = ❓ Unmatched payments ({ $count })
admin-attn-stuck = ⏳ Stuck top-ups ({ $count })
admin-attn-tickets = 💬 Open tickets ({ $count })
admin-list-lowstock = 📉 <b>Low stock</b>
admin-list-manual = 📦 <b>Manual orders waiting</b>
admin-list-held = ⏸ <b>Payments held</b>
admin-list-unmatched = ❓ <b>Unmatched payments</b>
admin-list-stuck = ⏳ <b>Stuck top-ups</b>
admin-list-tickets = 💬 <b>Open tickets</b>
admin-list-empty = Nothing here.
admin-line-lowstock = • { $product } (<code>{ $id }</code>): { $free } free, threshold { $threshold }
admin-line-order = • <code>{ $id }</code> · user { $user } · { $amount } · { $at }
admin-line-topup = • <code>{ $id }</code> · user { $user } · { $amount } via { $gateway } · { $reason } · { $at }
admin-line-event = • { $gateway } <code>{ $event }</code> · payment { $payment } · { $reason } · { $at }
admin-line-ticket = • <code>{ $id }</code> · user { $user } · { $at }: { $text }
admin-chart-drawing = Drawing the chart…
admin-chart-revenue = Top-ups per day, by gateway
admin-chart-customers = New customers per day
admin-chart-caption = 📈 The last { $days } days.
admin-staff-title = 👥 <b>Staff</b> ({ $count }). Add someone with /staff ID admin or /staff ID support.
admin-staff-usage = Use: /staff ID admin, /staff ID support or /staff ID remove
admin-staff-set = User { $id } is now: { $role }.
admin-staff-gone = That person is no longer staff.
admin-staff-member = { $name } (<code>{ $id }</code>): { $role }
admin-audit-title = 🧾 <b>Latest audit entries</b>
admin-audit-line = #{ $seq } · { $at } · { $actor } · { $action } · { $target }
admin-audit-ok = ✅ The audit chain is intact ({ $count } entries checked).
admin-audit-broken = 🚨 The audit chain is broken at entry { $seq }: { $problem }
admin-cmd-start = Dashboard
admin-cmd-chart = Chart of the last 30 days
admin-cmd-audit = Latest audit entries
admin-cmd-staff = Staff and roles
admin-cmd-products = Products
admin-cmd-stock = Stock per product
admin-btn-products = 🛍 Products
admin-btn-stock = 📦 Stock
admin-btn-add-product = ➕ Add a product
admin-btn-edit = ✏️ Edit
admin-btn-activate = 🟢 Put on sale
admin-btn-deactivate = ⚪️ Take off sale
admin-btn-preview = 👁 Preview
admin-btn-upload-stock = 📥 Add stock
admin-btn-stock-items = 🗂 Items
admin-btn-cancel = ✖ Cancel
admin-btn-save = ✅ Save
admin-btn-revoke-item = 🚫 Revoke { $id }
admin-btn-replace = 🔁 Replace in { $id }
admin-btn-reply = ✍️ Reply
admin-btn-replace-credential = 🔁 Replace credential
admin-btn-tickets = 💬 Open tickets
admin-btn-open-ticket = 💬 Open ticket
admin-products-title = 🛍 <b>Products</b> ({ $count })
admin-product-card =
    <b>{ $title }</b> · <code>{ $id }</code> · { $state }
    { $description }
    Price: { $price } · { $days } days
    Delivery: { $delivery } · seats per account: { $slots }
    2FA: { $totp } · QR exports: { $qr }
    Low-stock alert at: { $threshold }
    Stock: { $available } available ({ $free } free seats), { $sold } sold, { $revoked } revoked
admin-product-on = on sale
admin-product-off = off sale
admin-delivery-auto = automatic
admin-delivery-manual = manual (by staff)
admin-totp-none = none
admin-totp-codes = live codes
admin-totp-codes_qr = live codes and QR images
admin-preview-title = 👁 How customers see it:
admin-product-saved = Saved.
admin-edit-which = Which field do you want to change?
admin-field-platform = Service
admin-field-plan = Plan
admin-field-description = Description
admin-field-price = Price
admin-field-duration_days = Duration
admin-field-delivery = Delivery
admin-field-slots_per_item = Seats per account
admin-field-totp_policy = 2FA
admin-field-qr_export_limit = QR export limit
admin-field-low_stock_threshold = Low-stock alert
admin-ask-platform = Service name, as customers know it (for example: Netflix):
admin-ask-plan = Plan name (for example: Premium 4K):
admin-ask-description = A short description for customers (or - for none):
admin-ask-price = Price (for example 199, 199.50 or ₹199):
admin-ask-duration_days = Duration in days (for example 30):
admin-ask-delivery = How is it delivered?
admin-ask-slots_per_item = How many customers share one account? (1 if not shared)
admin-ask-totp_policy = Do accounts come with 2FA?
admin-ask-qr_export_limit = How many QR images may a customer export? (1 to 100)
admin-ask-low_stock_threshold = Alert staff when free seats fall to this number (0 for only when sold out):
admin-product-bad-text = ⚠️ Please type 1 to { $max } characters.
admin-product-bad-price = ⚠️ That is not a price. Type it like 199, 199.50 or ₹199.
admin-product-bad-number = ⚠️ Please type a whole number from { $low } to { $high }.
admin-product-bad-choice = ⚠️ Please pick one of the buttons.
admin-stock-title = 📦 <b>Stock</b> (available items, free seats, sold, revoked)
admin-stock-line = • { $product }: { $available } available, { $free } free seats, { $sold } sold, { $revoked } revoked
admin-upload-ask = 📥 Send a CSV or TXT file for { $product }, or paste the lines here (login:password or login | password | notes | 2FA, one account per line).
admin-upload-bad-file = ⚠️ Send a .csv or .txt file in UTF-8, at most 2 MB.
admin-import-report = 📥 <b>Import into { $product }</b>: { $added } added, { $duplicates } duplicates, { $errors } bad lines.
admin-import-line = line { $line }: { $reason }
admin-import-more = …and { $count } more.
admin-items-title = 🗂 <b>Latest items</b>
admin-item-line = • <code>{ $id }</code> · { $status } · seats { $used }/{ $total } · batch { $batch }
admin-item-status-available = available
admin-item-status-sold = sold
admin-item-status-revoked = revoked
admin-item-revoked = Item { $id } is revoked. Live subscriptions still using it: { $count }. Replace each credential below.
admin-item-revoked-short = Revoked.
admin-replaced = 🔁 Subscription { $sub } got a new credential; customer { $user } was sent it, and the old one is revoked.
admin-replaced-short = Replaced.
admin-ticket =
    💬 <b>Ticket { $id }</b> · { $status }
    From user { $user } · { $at }

    { $text }
admin-ticket-open = open
admin-ticket-answered = answered
admin-ticket-sub = About subscription <code>{ $sub }</code>
admin-ticket-reply = ✍️ Reply sent: { $reply }
admin-ticket-reply-ask = Type the reply to user { $user }:
admin-ticket-replied = ✅ The reply to ticket { $id } is on its way to the customer.
admin-ticket-no-sub = This ticket is not about a subscription.
admin-btn-ticket = 💬 { $id } · user { $user }
error-approval-decided = Another admin has already decided this.
admin-btn-approve = ✅ Approve
admin-btn-reject = ✖ Reject
staff-approval-needed = 🔐 Approval { $id }: { $kind } of { $amount } for { $target }, asked by staff { $by } ({ $reason }). A second admin must approve it.
admin-btn-view-screenshot = 🖼 View screenshot
staff-manual-payment = 🏦 Bank transfer { $id }: user { $user } reports paying { $amount }. Check the screenshot and your bank, then approve or reject.
admin-cmd-find = Find a customer
admin-cmd-orders = Orders
admin-cmd-transfers = Bank transfers waiting
admin-cmd-approvals = Approvals waiting
admin-btn-customers = 👤 Customers
admin-btn-orders = 🧾 Orders
admin-btn-ledger = 📒 Ledger
admin-btn-subs = 🔑 Subscriptions
admin-btn-tickets-of = 💬 Tickets
admin-btn-message = ✉️ Send a message
admin-btn-adjust = 💰 Adjust balance
admin-btn-block = 🚫 Block
admin-btn-unblock = ✅ Unblock
admin-btn-prev = ◀️ Previous
admin-btn-next = Next ▶️
admin-btn-confirm = ✅ Confirm
admin-btn-deliver = 📤 Deliver
admin-btn-refund-return = ↩️ Refund, return item to stock
admin-btn-refund-revoke = ↩️ Refund, revoke item
admin-btn-customer = 👤 Customer
admin-btn-refund-topup = ↩️ Refund to the payment method
admin-btn-approve-id = ✅ Approve { $id }
admin-customer =
    👤 <b>{ $name }</b> · <code>{ $id }</code> · { $username } · { $lang }
    Balance: <b>{ $balance }</b> ({ $entries } ledger entries)
    Orders: { $orders } · customer since { $since } · { $state }
admin-customer-blocked = 🚫 blocked
admin-customer-active = active
admin-find-ask = Type the customer's Telegram id or @username:
admin-find-none = No customer matches “{ $query }”. Type an id or @username.
admin-ledger-title = 📒 <b>Ledger of { $id }</b> · balance { $balance } · page { $page }
admin-ledger-line = • { $at } · { $amount } · { $reason } → { $after }
admin-orders-of = 🧾 Orders of { $id }
admin-subs-of = 🔑 Subscriptions of { $id }
admin-sub-line = • <code>{ $id }</code> · { $title } · { $status } · until { $ends }
admin-tickets-of = 💬 Tickets of { $id }
admin-message-ask = Type the message for customer { $id }; they get it from the shop's bot:
admin-message-sent = ✅ The message to { $id } is on its way.
admin-adjust-ask = Type the amount to add (for example 100 or ₹100) or to take away (for example -50):
admin-adjust-bad = ⚠️ That is not an amount. Type it like 100, 99.50 or -50.
admin-adjust-reason = Why? Type the reason (it goes into the ledger and the audit log):
admin-adjust-confirm = Change the balance of { $id } by <b>{ $amount }</b> because “{ $reason }”?
admin-approval-asked = 🔐 This is above the approval limit: request { $id } waits for a second admin.
admin-adjusted = ✅ Done. The balance of { $id } is now { $balance }.
admin-order-status-pending = ⏳ waiting
admin-order-status-completed = ✅ completed
admin-order-status-refunded = ↩️ refunded
admin-orders-title = 🧾 <b>Orders</b> — pick a status:
admin-orders-list = 🧾 <b>Orders: { $status }</b> ({ $count })
admin-order =
    🧾 <b>Order { $id }</b> · { $status }
    Customer { $user } · product <code>{ $product }</code>
    Paid { $amount } · coupon { $coupon } · { $at }
admin-deliver-ask = Type the credential for order { $id } as login:password or login | password | notes | 2FA. Your message is deleted after reading.
admin-deliver-bad = ⚠️ Type it as login:password or login | password | notes | 2FA.
admin-delivered = ✅ Order { $id } delivered: the customer has subscription { $sub } and their credential.
admin-refunded = ↩️ Order { $id } is refunded to the customer's wallet.
admin-topup =
    💳 <b>Top-up { $id }</b> · { $status }
    User { $user } · { $amount } via { $gateway } · payment { $payment } · { $at }
admin-topup-usage = Use: /topup TOP-UP-ID
admin-topup-refund-done = ↩️ Refunded through the gateway.
admin-topup-refund-refunded = ⭐ Telegram accepted the Stars refund: the top-up is refunded.
admin-topup-refund-refused = ✖ Telegram refused the Stars refund; the money is back in the customer's wallet.
admin-topup-refund-unknown = ⚠️ No answer from Telegram yet: the top-up stays refunding. Press refund again to retry.
admin-approvals-title = 🔐 <b>Approvals waiting</b>
admin-approval-line = • <code>{ $id }</code> · { $kind } · { $target } · { $amount } · asked by { $by }
admin-approved = ✅ Request { $id } approved and carried out.
admin-approved-short = Approved.
admin-rejected = ✖ Request { $id } rejected.
admin-rejected-short = Rejected.
admin-transfers-title = 🏦 <b>Bank transfers waiting</b>
admin-transfer-line = • <code>{ $id }</code> · user { $user } · { $amount } · { $at }
admin-transfer = 🏦 Transfer { $id } · user { $user } · { $amount } · { $status }
admin-transfer-approved = ✅ Approved: { $amount } credited to the customer.
admin-transfer-not-found = the transfer was not found in our account
admin-transfer-rejected = ✖ Rejected; the customer was told ({ $amount }).
admin-cmd-coupons = Coupons
admin-btn-coupons = 🏷 Coupons
admin-btn-coupon-off = ⏸ Disable { $code }
admin-btn-coupon-on = ▶️ Enable { $code }
admin-coupons-title = 🏷 <b>Coupons</b> (new: /newcoupon CODE 10% or /newcoupon CODE ₹50)
admin-coupon-line = • <code>{ $code }</code> · { $value } · used { $used }/{ $limit } · expires { $expires } · { $state }
admin-coupon-on = active
admin-coupon-off = disabled
admin-coupon-usage = ⚠️ Could not read “{ $part }”. Use: /newcoupon CODE 10% (or ₹50) total=100 per_user=1 expires=2026-12-31 plans=PRODUCT-ID,PRODUCT-ID min=₹199
admin-coupon-added = ✅ Coupon { $code } ({ $value }) is active.
admin-cmd-broadcast = Send a broadcast
admin-btn-broadcast = 📣 Broadcast
admin-bc-ask-text = 📣 Send the text of the broadcast (plain text, as customers will read it), or a photo with its text as the caption:
admin-bc-ask-segment = Who gets it?
admin-bc-ask-button = Add a link button? Send “Label | https://link”, or press No button.
admin-bc-bad-button = ⚠️ Send it as “Label | https://link”, or press No button.
admin-btn-no-button = No button
admin-seg-all = Everyone
admin-seg-language = Language: { $arg }
admin-seg-active = Active subscribers
admin-seg-expired = Expired in the last { $arg } days
admin-seg-never = Never bought
admin-bc-preview = ☝️ This is how it looks. Recipients: <b>{ $count }</b> ({ $segment }). Send it?
admin-btn-send-broadcast = 📣 Send
admin-btn-stop-broadcast = ⏹ Cancel the broadcast
admin-bc-started = Sending…
admin-bc-queueing = 📣 Preparing the broadcast…
admin-bc-cancelling = Cancelling: nothing more will be sent.
admin-bc-progress =
    📣 <b>Broadcast { $id }</b>
    { $bar } { $done }/{ $total }
    Sent { $sent } · blocked { $blocked } · failed { $failed } · waiting { $waiting } · { $rate }/s
admin-bc-done =
    📣 <b>Broadcast { $id } finished</b>
    { $bar } { $done }/{ $total }
    Sent { $sent } · blocked the bot { $blocked } · failed { $failed } · { $rate }/s
admin-bc-cancelled =
    📣 <b>Broadcast { $id } cancelled</b>
    { $bar } { $done }/{ $total }
    Sent { $sent } · blocked { $blocked } · not sent { $failed } · waiting { $waiting } · { $rate }/s
admin-cmd-alerts = Mute or unmute alerts
admin-btn-alerts = 🔔 Alerts
admin-alerts-title = 🔔 <b>Your alerts</b> (staff group: { $group }). Tap a kind to mute or unmute it for you.
admin-alert-orders = Orders waiting
admin-alert-payments = Payments and top-ups
admin-alert-stock = Low stock
admin-alert-support = Support tickets
admin-alert-approvals = Approvals
admin-alert-errors = Bot errors
admin-alert-other = Other
admin-ticket-closed = closed
admin-btn-close-ticket = ✅ Close
admin-btn-reopen-ticket = ↩️ Reopen
admin-thread-customer = 👤 { $at }: { $text }
admin-thread-staff = 🛠 { $at } (staff { $staff }): { $text }
admin-bc-photo-caption = ⚠️ Send the photo again with its text as the caption.
