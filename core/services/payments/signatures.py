"""Callback signatures, checked on the raw bytes in constant time.

Failures raise ``InvalidSignature`` with a fixed message: never the signature, a secret or the
body. Several secrets are tried (the current one and the previous one during a rotation).
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping, Sequence
from datetime import datetime

from core.errors import InvalidSignature

STRIPE_TOLERANCE_SECONDS = 300
MAX_SIGNATURE_HEADER = 1024


def hmac_hex(secret: str, message: bytes) -> str:
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def _matches(expected: str, given: str) -> bool:
    return hmac.compare_digest(expected.encode(), given.encode("utf-8", "replace"))


def verify_hmac_hex(body: bytes, signature: str | None, secrets: Sequence[str]) -> None:
    """Razorpay's scheme (and the sandbox's): hex HMAC-SHA256 of the raw body."""
    if not signature or len(signature) > MAX_SIGNATURE_HEADER or not secrets:
        raise InvalidSignature("missing or malformed signature")
    given = signature.strip()
    if not any(_matches(hmac_hex(secret, body), given) for secret in secrets):
        raise InvalidSignature("signature does not match")


def _stripe_parts(header: str) -> tuple[int, list[str]]:
    timestamp: int | None = None
    signatures: list[str] = []
    for item in header.split(","):
        name, _, value = item.strip().partition("=")
        if name == "t" and value.isascii() and value.isdigit() and len(value) <= 12:
            timestamp = int(value)
        elif name == "v1" and value:
            signatures.append(value)
    if timestamp is None or not signatures:
        raise InvalidSignature("malformed Stripe-Signature header")
    return timestamp, signatures


def verify_stripe(body: bytes, header: str | None, secrets: Sequence[str], now: datetime,
                  tolerance: int = STRIPE_TOLERANCE_SECONDS) -> None:
    """``Stripe-Signature: t=…,v1=…[,v1=…]``: HMAC-SHA256 of ``t.body``; the timestamp must be
    within ``tolerance`` seconds of ``now`` in either direction (Stripe's library only rejects
    old ones; a timestamp from the future is as suspicious)."""
    if not header or len(header) > MAX_SIGNATURE_HEADER or not secrets:
        raise InvalidSignature("missing or malformed signature")
    timestamp, given = _stripe_parts(header)
    if abs(now.timestamp() - timestamp) > tolerance:
        raise InvalidSignature("timestamp outside the tolerance")
    signed = str(timestamp).encode() + b"." + body
    for secret in secrets:
        expected = hmac_hex(secret, signed)
        if any(_matches(expected, sig) for sig in given):
            return
    raise InvalidSignature("signature does not match")


def verify_payment_link_return(params: Mapping[str, str], key_secret: str) -> None:
    """Razorpay's return-page redirect: HMAC-SHA256 (API key secret) of
    ``plink_id|reference_id|status|payment_id``."""
    fields = ("razorpay_payment_link_id", "razorpay_payment_link_reference_id",
              "razorpay_payment_link_status", "razorpay_payment_id")
    values = [params.get(name, "") for name in fields]
    signature = params.get("razorpay_signature", "")
    if not all(values) or not signature or not key_secret:
        raise InvalidSignature("missing return parameters")
    expected = hmac_hex(key_secret, "|".join(values).encode())
    if not _matches(expected, signature):
        raise InvalidSignature("signature does not match")
