"""One domain error tree. Each error's ``code`` is also its locale key (``error-<code>``)."""

from __future__ import annotations

from typing import Any, TypeVar

T = TypeVar("T")


class DomainError(Exception):
    """Base of every error the edges translate into a localized message or an HTTP code."""

    code = "domain"

    def __init__(self, message: str = "", **params: Any) -> None:
        super().__init__(message or self.code)
        self.params = params


class ValidationError(DomainError):
    code = "invalid-input"


class InvalidAmount(ValidationError):
    code = "invalid-amount"


class AmountOutOfRange(InvalidAmount):
    """params: amount, min, max (minor units)."""

    code = "amount-out-of-range"


class NotFound(DomainError):
    code = "not-found"


def found(value: T | None, error: NotFound) -> T:
    """``value``, or ``error`` raised when a lookup by id came back empty."""
    if value is None:
        raise error
    return value


class UserNotFound(NotFound):
    code = "user-not-found"


class WalletError(DomainError):
    code = "wallet"


class InsufficientFunds(WalletError):
    code = "insufficient-funds"


class PriceChanged(DomainError):
    """The amount to pay is not the one the customer was shown (params: quoted, amount)."""

    code = "price-changed"


class WalletInDebt(WalletError):
    """A payment was refunded at the gateway after the wallet had spent it: the balance is
    negative (``params["amount"]`` is what is owed) and nothing can be bought until a top-up
    pays it."""

    code = "wallet-in-debt"


class IdempotencyConflict(DomainError):
    """A key was reused for a different operation (other user, amount or direction)."""

    code = "idempotency-conflict"


class PermissionDenied(DomainError):
    code = "permission-denied"


class CryptoError(DomainError):
    """Decryption or key-ring failure. Messages never include key material or plaintext."""

    code = "crypto"


class UnknownKeyId(CryptoError):
    code = "crypto-unknown-key"


class DecryptionFailed(CryptoError):
    code = "crypto-decryption-failed"


class KeyMismatch(CryptoError):
    """The key ring is not the one the store's secrets were sealed with."""

    code = "crypto-key-mismatch"


class StorageError(DomainError):
    code = "storage"


class StoreUnavailable(StorageError):
    """The store cannot be reached; callers answer 'try again later' (HTTP 503)."""

    code = "store-unavailable"


class StoreConfigError(StorageError):
    code = "store-config"


class SchemaTooNew(StoreConfigError):
    """The database was migrated by a newer subvault than this one: refuse to touch it."""

    def __init__(self, found: int, supported: int, where: str) -> None:
        super().__init__(
            f"the database ({where}) is at schema version {found}, newer than this subvault "
            f"knows (up to version {supported}): run the newer subvault, or restore a backup "
            f"taken before the upgrade")
        self.found = found
        self.supported = supported


class RetryableConflict(StorageError):
    """A concurrent writer won; the transaction runner retries the whole unit of work."""

    code = "retryable-conflict"


# --- Shop: catalog, stock, coupons, purchases, subscriptions, credentials ----------------------


class ProductNotFound(NotFound):
    code = "product-not-found"


class ProductInactive(DomainError):
    code = "product-inactive"


class OutOfStock(DomainError):
    code = "out-of-stock"


class CouponInvalid(ValidationError):
    """``params["reason"]`` says why: unknown, disabled, expired, used-up, user-limit,
    not-for-product or below-minimum (locale key ``coupon-<reason>``)."""

    code = "coupon-invalid"

    def __init__(self, reason: str, message: str = "", **params: Any) -> None:
        super().__init__(message or f"coupon not valid: {reason}", reason=reason, **params)
        self.reason = reason


class StockImportInvalid(ValidationError):
    """The import as a whole is unusable (empty, too large, unknown format)."""

    code = "stock-import-invalid"


class OrderNotFound(NotFound):
    code = "order-not-found"


class OrderStateError(DomainError):
    """The order is not in a state that allows this (e.g. delivering a completed order)."""

    code = "order-state"


class SubscriptionNotFound(NotFound):
    """Also what anyone but the owner gets, so a subscription's existence never leaks."""

    code = "subscription-not-found"


class SubscriptionNotActive(DomainError):
    code = "subscription-not-active"


class TotpUnavailable(DomainError):
    """The plan does not include 2FA codes (or QR exports), or the account has no 2FA."""

    code = "totp-unavailable"


class QrLimitReached(DomainError):
    code = "qr-limit-reached"


class IntentExpired(DomainError):
    """The held price of a purchase intent ran out before it was paid."""

    code = "intent-expired"


# --- Payments: top-ups, gateways, webhooks ---------------------------------------------------


class PaymentError(DomainError):
    code = "payment"


class GatewayDisabled(PaymentError):
    """The gateway is not configured (no keys) or switched off."""

    code = "gateway-disabled"


class GatewayUnavailable(PaymentError):
    """The gateway could not be reached or answered 5xx; nothing was charged, try again later."""

    code = "gateway-unavailable"


class GatewayRejected(PaymentError):
    """The gateway answered and refused the request (4xx)."""

    code = "gateway-rejected"


class TopupNotFound(NotFound):
    code = "topup-not-found"


class TopupNotRefundable(PaymentError):
    """``params["reason"]``: not-credited, balance (the wallet no longer covers it),
    refund-pending or refund-rejected."""

    code = "topup-not-refundable"


class TopupNotHeld(PaymentError):
    """Only a held top-up can be resolved (``params["status"]`` is where it stands)."""

    code = "topup-not-held"


class InvalidSignature(ValidationError):
    """A callback's signature (or timestamp) does not verify. Never carries the signature."""

    code = "invalid-signature"


class BadPayload(ValidationError):
    """A verified callback whose body is not what the gateway sends."""

    code = "bad-payload"


class PayloadTooLarge(ValidationError):
    """A request body above the limit (HTTP 413); it was not read to its end."""

    code = "payload-too-large"


class ApprovalDecided(PermissionDenied):
    """A two-admin approval was approved or rejected by someone else first."""

    code = "approval-decided"
