# Why a stock import line was not added (the import report in the admin bot).
import-problem-too-many-fields = too many fields (expected login, password, notes, 2FA)
import-problem-login-empty = login is empty
import-problem-password-empty = password is empty
import-problem-too-long = login or password longer than { $max } characters
import-problem-notes-too-long = notes longer than { $max } characters
import-problem-control-chars = login or password contains control characters
import-problem-bad-line = expected login:password or login|password|…
import-problem-more-fields-than-header = more fields than the header names
import-problem-broken-quoting = broken CSV quoting
import-problem-already-in-stock = already in stock
import-problem-same-login = same login as line { $first }
import-problem-totp-not-base32 = 2FA: secret is not base32
import-problem-totp-too-short = 2FA: secret is shorter than 80 bits
import-problem-totp-bad-number = 2FA: { $name } must be a number from { $low } to { $high }
import-problem-totp-not-uri = 2FA: not an otpauth:// URI
import-problem-totp-not-totp = 2FA: only time-based (totp) URIs are supported
import-problem-totp-no-secret = 2FA: the URI has no secret
import-problem-totp-bad-algorithm = 2FA: algorithm must be SHA1, SHA256 or SHA512
import-problem-totp-invalid = 2FA: not valid

# A top-up pending longer than RECONCILE_AFTER that reconciliation could not settle.
staff-topup-stuck = ⏳ Top-up { $topup_id } (user { $user_id }, { $amount } via { $gateway }) has been pending for { $minutes } min and { $reason ->
    [still-pending] the gateway has not confirmed or failed it yet
   *[other] the gateway could not be asked about it
}. Nothing was credited — please check it at the gateway.

# Order refunds to the original payment (a credited top-up paid back at its gateway).
admin-btn-refund-gw-return = 💳 Refund to the payment, return item
admin-btn-refund-gw-revoke = 💳 Refund to the payment, revoke item
admin-refunded-gateway = ↩️ Order { $id } is refunded; top-up { $topup } ({ $amount }) goes back to the original payment, the rest stays in the customer's wallet.
admin-refunded-gateway-failed = ↩️ Order { $id } is refunded to the customer's wallet, but the refund to the original payment did not go through:
