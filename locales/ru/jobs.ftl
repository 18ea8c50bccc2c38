## Scheduled jobs: reminders, auto-renew, expiry, held purchases.
reminder-ending = ⏰ Ваша подписка <b>{ $platform } { $plan }</b> заканчивается { $days ->
        [0] сегодня
        [one] через { $days } день
        [few] через { $days } дня
       *[other] через { $days } дней
    } ({ $ends_at }).
    { $auto ->
        [yes] Автопродление включено: до окончания с кошелька будет списано { $price }.
       *[no] Продлите сейчас за { $price }, чтобы сохранить доступ.
    }
autorenew-shortfall = ⚠️ Не удалось автоматически продлить <b>{ $platform } { $plan }</b>: продление стоит { $price }, на балансе { $balance }.
    Пополните хотя бы на <b>{ $shortfall }</b> до { $ends_at }, и подписка продлится автоматически.
autorenew-failed = ⚠️ Не удалось автоматически продлить <b>{ $platform } { $plan }</b>: { $reason } Ничего не списано. Подписка заканчивается { $ends_at }; продлить можно в разделе 🔑 Мои подписки.
hold-released = ⌛ Срок удержания цены для вашей покупки истёк до поступления оплаты. Ничего не куплено; деньги, поступившие позже, останутся в кошельке (удерживалось { $amount }).

## Staff alerts of the scheduler.
staff-job-stale = 🚨 Задача <b>{ $job }</b> не завершалась { $minutes } мин (запускается каждые { $interval } мин). Проверьте `subvault jobs status` и процесс задач.
staff-job-failing = 🚨 Задача <b>{ $job }</b> завершилась ошибкой { $count } раза подряд. Последняя ошибка: { $error }
staff-low-stock = 📉 Мало на складе: у { $platform } { $plan } ({ $product_id }) свободных мест: { $free } — не больше порога { $threshold }.
staff-ledger-report = 📒 Проверка журнала: кошельков — { $wallets }, пополнений — { $topups }, расхождений — { $problems }.
staff-ledger-alert = 🚨 Проверка журнала нашла расхождения ({ $problems }):
    { $details }
