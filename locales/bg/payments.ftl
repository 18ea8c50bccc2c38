## Зареждане на портфейла: страници за връщане, тестова страница, съобщения и известия, грешки.

payment-page-title = { $shop } · плащане
payment-paid-heading = Плащането е получено
payment-paid-body = { $amount } бяха добавени към портфейла ви.
payment-pending-heading = Потвърждаваме плащането
payment-pending-body = Чакаме потвърждение от платежния доставчик. Ботът ще ви изпрати съобщение веднага щом то пристигне.
payment-failed-heading = Плащането не е завършено
payment-failed-body = Плащането не премина и нищо не беше добавено към портфейла ви. Можете да опитате отново от бота.
payment-back-to-bot = Обратно към бота

sandbox-page-title = Тестово плащане
sandbox-page-body = Това е тестовата страница за плащане: истински пари не се движат. Зареждане { $topup_id } за { $amount }.
sandbox-pay = Плати { $amount }
sandbox-decline = Откажи

stars-invoice-title = Зареждане на портфейла
stars-invoice-description = { $amount } за портфейла ви ({ $stars } ⭐)

topup-credited = ✅ { $amount } бяха добавени към портфейла ви. Наличност: { $balance }.
topup-failed = ❌ Зареждането за { $amount } не премина. Нищо не беше добавено към портфейла ви; можете да опитате отново.
topup-refunded = ↩️ Зареждането за { $amount } беше възстановено към картата или сметката, от която платихте.

staff-topup-credited = 💰 Зареждане { $topup_id }: { $amount } за потребител { $user_id } чрез { $gateway } (плащане { $payment_id }).
staff-topup-failed = Зареждане { $topup_id } за { $amount } на потребител { $user_id } чрез { $gateway } не премина: { $reason }.
staff-topup-held = ⚠️ Зареждане { $topup_id } (потребител { $user_id }, { $amount } чрез { $gateway }) получи плащане { $payment_id } за { $paid }, което не съвпада: { $reason }. Нищо не е заверено — моля, проверете.
staff-payment-unmatched = ⚠️ Проверено известие от { $gateway } { $event } (плащане { $payment_id }, { $paid }) не съответства на нито едно зареждане. Нищо не е заверено — моля, проверете.
staff-topup-refunded = ↩️ Зареждане { $topup_id } за { $amount } (потребител { $user_id }, { $gateway }) беше възстановено от { $actor }.
staff-refund-unconfirmed = ⚠️ Възстановяване на зареждане { $topup_id } чрез { $gateway } ({ $actor }): доставчикът не отговори. Портфейлът е дебитиран; пуснете възстановяването отново, за да го потвърдите.

error-payment = Плащането не можа да бъде обработено.
error-gateway-disabled = Този начин на плащане не е наличен.
error-gateway-unavailable = Платежният доставчик не е достъпен в момента. Нищо не беше таксувано; опитайте отново след няколко минути.
error-gateway-rejected = Платежният доставчик отказа заявката.
error-topup-not-found = Не намерихме това зареждане.
error-topup-not-refundable = Това зареждане не може да бъде възстановено.
error-invalid-signature = Подписът на заявката не е валиден.
error-bad-payload = Заявката не е валидна.
error-topup-not-payable = Това зареждане вече не може да бъде платено. Започнете ново.
error-topup-expired = Фактурата е изтекла. Започнете ново зареждане.
error-topup-amount-mismatch = Сумата не съвпада с фактурата.
staff-stars-uncredited = 🚨 Платена фактура в Telegram Stars още не е заверена: плащане { $charge } (запис { $event }), причина { $reason }. Опитва се отново автоматично; ако се повтаря, проверете хранилището.
staff-credential-unreadable = 🚨 Данните за вход на абонамент { $subscription_id } (артикул { $item_id }) не могат да бъдат отворени: { $reason }. Файлът с ключове може да е грешен или да липсва ключ; проверете KEYS_FILE.
topup-reversed = ↩️ Доставчикът на плащания възстанови плащането ви за зареждане { $topup_id }, затова { $amount } бяха взети обратно от портфейла ви. Наличност: { $balance }.
topup-reversed-debt = ↩️ Доставчикът на плащания възстанови плащането ви за зареждане { $topup_id }, след като парите бяха похарчени: { $amount } бяха взети обратно и портфейлът ви дължи { $debt }. Следващото зареждане първо покрива дълга; дотогава не може да се купува.
staff-topup-reversed = ↩️ Зареждане { $topup_id } (потребител { $user_id }, { $amount } чрез { $gateway }): плащане { $payment_id } беше възстановено в платежната система. От портфейла са взети { $refunded }; наличността е { $balance } (под нула е дълг).
staff-payment-disputed = 🚨 Оспорване (chargeback) на плащане { $gateway } { $payment_id } ({ $paid }): спор { $dispute }, статус { $status }. Зареждане { $topup_id }, потребител { $user_id }. Поръчки след това зареждане: { $orders }.
error-payload-too-large = Заявката е твърде голяма.
error-topup-not-held = Това зареждане не е задържано, няма какво да се решава.
reason-gateway-refund = възстановено от доставчика на плащания
reason-gateway-refund-reversal = възстановяването е отменено от доставчика на плащания
staff-topup-cancel-checkout = ⚠️ Зареждане { $topup_id } (потребител { $user_id }) не получи отговор от { $gateway }, а страницата за плащане, която може да е създадена, не можа да бъде отменена ({ $reason }). Моля, отменете всяка отворена връзка за { $topup_id } в таблото на { $gateway }.
