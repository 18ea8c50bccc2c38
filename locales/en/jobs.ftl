## Scheduled jobs: reminders, auto-renew, expiry, held purchases.
reminder-ending = ⏰ Your <b>{ $platform } { $plan }</b> ends { $days ->
        [0] today
        [one] in { $days } day
       *[other] in { $days } days
    } ({ $ends_at }).
    { $auto ->
        [yes] Auto-renew is on: { $price } will be taken from your wallet before the end.
       *[no] Renew now for { $price } to keep access.
    }
autorenew-shortfall = ⚠️ We could not auto-renew your <b>{ $platform } { $plan }</b>: the renewal costs { $price }, your balance is { $balance }.
    Top up at least <b>{ $shortfall }</b> before { $ends_at } and it renews automatically.
autorenew-failed = ⚠️ We could not auto-renew your <b>{ $platform } { $plan }</b>: { $reason } Nothing was charged. It ends on { $ends_at }; open 🔑 My subscriptions to renew it.
hold-released = ⌛ The price held for your purchase ran out before the payment arrived. Nothing was bought; any money that arrives later stays in your wallet ({ $amount } was held).

## Staff alerts of the scheduler.
staff-job-stale = 🚨 Job <b>{ $job }</b> has not completed for { $minutes } min (it runs every { $interval } min). Check `subvault jobs status` and the jobs process.
staff-job-failing = 🚨 Job <b>{ $job }</b> failed { $count } times in a row. Last error: { $error }
staff-low-stock = 📉 Low stock: { $platform } { $plan } ({ $product_id }) has { $free } free slot(s), at or below its threshold of { $threshold }.
staff-ledger-report = 📒 Ledger check: { $wallets } wallet(s) and { $topups } top-up(s) checked, { $problems } difference(s).
staff-ledger-alert = 🚨 Ledger check found { $problems } difference(s):
    { $details }
