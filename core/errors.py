"""One domain error tree. Each error's ``code`` is also its locale key (``error-<code>``)."""

from __future__ import annotations

from typing import Any


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


class NotFound(DomainError):
    code = "not-found"


class UserNotFound(NotFound):
    code = "user-not-found"


class WalletError(DomainError):
    code = "wallet"


class InsufficientFunds(WalletError):
    code = "insufficient-funds"


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


class StorageError(DomainError):
    code = "storage"


class StoreUnavailable(StorageError):
    """The store cannot be reached; callers answer 'try again later' (HTTP 503)."""

    code = "store-unavailable"


class StoreConfigError(StorageError):
    code = "store-config"


class RetryableConflict(StorageError):
    """A concurrent writer won; the transaction runner retries the whole unit of work."""

    code = "retryable-conflict"
