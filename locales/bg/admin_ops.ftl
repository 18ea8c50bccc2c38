# Why a stock import line was not added (the import report in the admin bot).
import-problem-too-many-fields = твърде много полета (очакват се потребител, парола, бележки, 2FA)
import-problem-login-empty = потребителското име е празно
import-problem-password-empty = паролата е празна
import-problem-too-long = потребителското име или паролата е по-дълга от { $max } знака
import-problem-notes-too-long = бележките са по-дълги от { $max } знака
import-problem-control-chars = потребителското име или паролата съдържа управляващи знаци
import-problem-bad-line = очаква се потребител:парола или потребител|парола|…
import-problem-more-fields-than-header = повече полета, отколкото има в заглавния ред
import-problem-broken-quoting = грешни кавички в CSV
import-problem-already-in-stock = вече е в наличност
import-problem-same-login = същото потребителско име като на ред { $first }
import-problem-totp-not-base32 = 2FA: тайният ключ не е base32
import-problem-totp-too-short = 2FA: тайният ключ е по-къс от 80 бита
import-problem-totp-bad-number = 2FA: { $name } трябва да е число от { $low } до { $high }
import-problem-totp-not-uri = 2FA: това не е otpauth:// адрес
import-problem-totp-not-totp = 2FA: поддържат се само адреси по време (totp)
import-problem-totp-no-secret = 2FA: адресът няма таен ключ
import-problem-totp-bad-algorithm = 2FA: алгоритъмът трябва да е SHA1, SHA256 или SHA512
import-problem-totp-invalid = 2FA: невалидна стойност

# A top-up pending longer than RECONCILE_AFTER that reconciliation could not settle.
staff-topup-stuck = ⏳ Зареждане { $topup_id } (потребител { $user_id }, { $amount } чрез { $gateway }) чака вече { $minutes } мин и { $reason ->
    [still-pending] платежният шлюз още не го е потвърдил или отказал
   *[other] платежният шлюз не можа да бъде попитан за него
}. Нищо не е заверено — проверете го в шлюза.

# Order refunds to the original payment (a credited top-up paid back at its gateway).
admin-btn-refund-gw-return = 💳 Върни към плащането, стоката в наличност
admin-btn-refund-gw-revoke = 💳 Върни към плащането, отнеми стоката
admin-refunded-gateway = ↩️ Поръчка { $id } е възстановена; зареждане { $topup } ({ $amount }) се връща към първоначалното плащане, остатъкът остава в портфейла на клиента.
admin-refunded-gateway-failed = ↩️ Поръчка { $id } е възстановена в портфейла на клиента, но връщането към първоначалното плащане не мина:
