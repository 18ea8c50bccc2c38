## Scheduled jobs: reminders, auto-renew, expiry, held purchases.
reminder-ending = ⏰ Вашият абонамент <b>{ $platform } { $plan }</b> изтича { $days ->
        [0] днес
        [one] след { $days } ден
       *[other] след { $days } дни
    } ({ $ends_at }).
    { $auto ->
        [yes] Автоматичното подновяване е включено: преди края от портфейла ще бъдат взети { $price }.
       *[no] Подновете сега за { $price }, за да запазите достъпа.
    }
autorenew-shortfall = ⚠️ Не успяхме автоматично да подновим <b>{ $platform } { $plan }</b>: подновяването струва { $price }, балансът ви е { $balance }.
    Заредете поне <b>{ $shortfall }</b> преди { $ends_at } и абонаментът ще се поднови автоматично.
autorenew-failed = ⚠️ Не успяхме автоматично да подновим <b>{ $platform } { $plan }</b>: { $reason } Нищо не е изтеглено. Абонаментът изтича на { $ends_at }; подновете го от 🔑 Моите абонаменти.
hold-released = ⌛ Задържаната цена за покупката ви изтече, преди плащането да пристигне. Нищо не е купено; пари, пристигнали по-късно, остават в портфейла ви (задържани бяха { $amount }).

## Staff alerts of the scheduler.
staff-job-stale = 🚨 Задачата <b>{ $job }</b> не е завършвала от { $minutes } мин (изпълнява се на всеки { $interval } мин). Проверете `subvault jobs status` и процеса на задачите.
staff-job-failing = 🚨 Задачата <b>{ $job }</b> се провали { $count } пъти подред. Последна грешка: { $error }
staff-low-stock = 📉 Малко наличност: { $platform } { $plan } ({ $product_id }) има { $free } свободни места — на или под прага от { $threshold }.
staff-ledger-report = 📒 Проверка на счетоводния дневник: проверени { $wallets } портфейла и { $topups } зареждания, { $problems } разлики.
staff-ledger-alert = 🚨 Проверката на дневника откри { $problems } разлики:
    { $details }
