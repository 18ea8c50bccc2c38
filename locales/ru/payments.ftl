## Пополнение кошелька: страницы возврата, тестовая страница, сообщения и оповещения, ошибки.

payment-page-title = { $shop } · оплата
payment-paid-heading = Оплата получена
payment-paid-body = { $amount } зачислено на ваш кошелёк.
payment-pending-heading = Подтверждаем оплату
payment-pending-body = Ждём подтверждения от платёжной системы. Бот пришлёт сообщение, как только оно придёт.
payment-failed-heading = Оплата не завершена
payment-failed-body = Платёж не прошёл, кошелёк не пополнен. Вы можете попробовать ещё раз в боте.
payment-back-to-bot = Вернуться в бот

sandbox-page-title = Тестовая оплата
sandbox-page-body = Это тестовая страница оплаты: настоящие деньги не списываются. Пополнение { $topup_id } на { $amount }.
sandbox-pay = Оплатить { $amount }
sandbox-decline = Отклонить

stars-invoice-title = Пополнение кошелька
stars-invoice-description = { $amount } на ваш кошелёк ({ $stars } ⭐)

topup-credited = ✅ { $amount } зачислено на ваш кошелёк. Баланс: { $balance }.
topup-failed = ❌ Пополнение на { $amount } не прошло. Кошелёк не пополнен; вы можете попробовать ещё раз.
topup-refunded = ↩️ Пополнение на { $amount } возвращено на карту или счёт, с которого вы платили.

staff-topup-credited = 💰 Пополнение { $topup_id }: { $amount } зачислено пользователю { $user_id } через { $gateway } (платёж { $payment_id }).
staff-topup-failed = Пополнение { $topup_id } на { $amount } для пользователя { $user_id } через { $gateway } не прошло: { $reason }.
staff-topup-held = ⚠️ Пополнение { $topup_id } (пользователь { $user_id }, { $amount } через { $gateway }) получило платёж { $payment_id } на { $paid }, который не совпадает: { $reason }. Ничего не зачислено — проверьте, пожалуйста.
staff-payment-unmatched = ⚠️ Проверенное уведомление { $gateway } { $event } (платёж { $payment_id }, { $paid }) не относится ни к одному пополнению. Ничего не зачислено — проверьте, пожалуйста.
staff-topup-refunded = ↩️ Пополнение { $topup_id } на { $amount } (пользователь { $user_id }, { $gateway }) возвращено: { $actor }.
staff-refund-unconfirmed = ⚠️ Возврат пополнения { $topup_id } через { $gateway } ({ $actor }): платёжная система не ответила. Кошелёк уже списан; запустите возврат ещё раз, чтобы подтвердить его.

error-payment = Не удалось обработать платёж.
error-gateway-disabled = Этот способ оплаты недоступен.
error-gateway-unavailable = Платёжная система сейчас недоступна. Деньги не списаны; попробуйте через несколько минут.
error-gateway-rejected = Платёжная система отклонила запрос.
error-topup-not-found = Пополнение не найдено.
error-topup-not-refundable = Это пополнение нельзя вернуть.
error-invalid-signature = Подпись запроса неверна.
error-bad-payload = Запрос неверен.
error-topup-not-payable = Это пополнение больше нельзя оплатить. Начните новое.
error-topup-expired = Срок действия счёта истёк. Начните новое пополнение.
error-topup-amount-mismatch = Сумма не совпадает со счётом.
staff-stars-uncredited = 🚨 Оплаченный счёт Telegram Stars ещё не зачислен: платёж { $charge } (запись { $event }), причина { $reason }. Повторные попытки идут автоматически; если это повторяется, проверьте хранилище.
staff-credential-unreadable = 🚨 Учётные данные подписки { $subscription_id } (позиция { $item_id }) не открываются: { $reason }. Возможно, файл ключей неверный или в нём нет нужного ключа; проверьте KEYS_FILE.
topup-reversed = ↩️ Платёжная система вернула ваш платёж за пополнение { $topup_id }, поэтому { $amount } списано с кошелька. Баланс: { $balance }.
topup-reversed-debt = ↩️ Платёжная система вернула ваш платёж за пополнение { $topup_id } уже после того, как деньги были потрачены: { $amount } списано, и теперь кошелёк должен { $debt }. Следующее пополнение сначала погасит долг; до этого покупки недоступны.
staff-topup-reversed = ↩️ Пополнение { $topup_id } (пользователь { $user_id }, { $amount } через { $gateway }): платёж { $payment_id } возвращён в платёжной системе. С кошелька списано { $refunded }; баланс теперь { $balance } (ниже нуля — долг).
staff-payment-disputed = 🚨 Чарджбэк по платежу { $gateway } { $payment_id } ({ $paid }): спор { $dispute }, статус { $status }. Пополнение { $topup_id }, пользователь { $user_id }. Заказы после этого пополнения: { $orders }.
error-payload-too-large = Запрос слишком большой.
error-topup-not-held = Это пополнение не задержано, решать нечего.
reason-gateway-refund = возврат платёжной системой
reason-gateway-refund-reversal = возврат отменён платёжной системой
staff-topup-cancel-checkout = ⚠️ Пополнение { $topup_id } (пользователь { $user_id }) не получило ответа от { $gateway }, а платёжную страницу, которая могла быть создана, отменить не удалось ({ $reason }). Отмените открытую ссылку для { $topup_id } в панели { $gateway }.
