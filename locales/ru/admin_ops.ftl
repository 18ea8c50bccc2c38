# Why a stock import line was not added (the import report in the admin bot).
import-problem-too-many-fields = слишком много полей (ожидаются логин, пароль, заметки, 2FA)
import-problem-login-empty = пустой логин
import-problem-password-empty = пустой пароль
import-problem-too-long = логин или пароль длиннее { $max } символов
import-problem-notes-too-long = заметки длиннее { $max } символов
import-problem-control-chars = логин или пароль содержит управляющие символы
import-problem-bad-line = ожидается логин:пароль или логин|пароль|…
import-problem-more-fields-than-header = полей больше, чем в заголовке
import-problem-broken-quoting = нарушены кавычки CSV
import-problem-already-in-stock = уже есть на складе
import-problem-same-login = тот же логин, что в строке { $first }
import-problem-totp-not-base32 = 2FA: секрет не в формате base32
import-problem-totp-too-short = 2FA: секрет короче 80 бит
import-problem-totp-bad-number = 2FA: { $name } должно быть числом от { $low } до { $high }
import-problem-totp-not-uri = 2FA: это не ссылка otpauth://
import-problem-totp-not-totp = 2FA: поддерживаются только ссылки по времени (totp)
import-problem-totp-no-secret = 2FA: в ссылке нет секрета
import-problem-totp-bad-algorithm = 2FA: алгоритм должен быть SHA1, SHA256 или SHA512
import-problem-totp-invalid = 2FA: неверное значение

# A top-up pending longer than RECONCILE_AFTER that reconciliation could not settle.
staff-topup-stuck = ⏳ Пополнение { $topup_id } (пользователь { $user_id }, { $amount } через { $gateway }) ожидает уже { $minutes } мин, и { $reason ->
    [still-pending] платёжный шлюз пока не подтвердил и не отклонил его
   *[other] не удалось получить о нём ответ от платёжного шлюза
}. Ничего не зачислено — проверьте его в шлюзе.

# Order refunds to the original payment (a credited top-up paid back at its gateway).
admin-btn-refund-gw-return = 💳 Вернуть на способ оплаты, товар на склад
admin-btn-refund-gw-revoke = 💳 Вернуть на способ оплаты, отозвать товар
admin-refunded-gateway = ↩️ Заказ { $id } возвращён; пополнение { $topup } ({ $amount }) уходит обратно на исходный способ оплаты, остаток остаётся на балансе клиента.
admin-refunded-gateway-failed = ↩️ Заказ { $id } возвращён на баланс клиента, но возврат на исходный способ оплаты не прошёл:
