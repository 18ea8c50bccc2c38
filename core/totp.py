"""TOTP codes (RFC 6238), otpauth:// URIs and QR images.

A stored 2FA value is either a bare base32 secret (RFC 6238 defaults: SHA1, 30 s, 6 digits) or a
full ``otpauth://totp/…`` URI whose digits, period and algorithm are kept. Codes are computed from
integer Unix time only, so the machine's time zone never matters. Nothing here logs or puts a
secret or a code into an exception message.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import hashlib
import io
import re
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import parse_qs, unquote, urlsplit

import pyotp
import qrcode
import qrcode.constants

from core.errors import ValidationError

ALGORITHMS = {"SHA1": hashlib.sha1, "SHA256": hashlib.sha256, "SHA512": hashlib.sha512}
MIN_SECRET_BYTES = 10  # 80 bits: what many platforms still issue (pyotp alone insists on 112)
MAX_SECRET_CHARS = 256
_B32_RE = re.compile(r"^[A-Z2-7]+=*$")


class _PlatformTOTP(pyotp.TOTP):
    """pyotp's TOTP, accepting the 80-bit secrets real platforms issue. We do not choose these
    secrets; we only reproduce the codes the platform expects."""

    def byte_secret(self) -> bytes:
        secret = self.secret + "=" * (-len(self.secret) % 8)
        decoded = base64.b32decode(secret, casefold=True)
        if len(decoded) < MIN_SECRET_BYTES:
            raise ValueError("secret too short")
        return decoded


@dataclass(frozen=True, slots=True)
class TotpSpec:
    secret: str = field(repr=False)  # normalised base32, upper case, no padding or spaces
    digits: int = 6
    period: int = 30
    algorithm: str = "SHA1"


@dataclass(frozen=True, slots=True)
class TotpCode:
    code: str = field(repr=False)
    seconds_left: int
    digits: int
    period: int


def _invalid(reason: str) -> ValidationError:
    return ValidationError(f"2FA value is not valid: {reason}", reason=reason)


def normalise_secret(text: str) -> str:
    secret = re.sub(r"[\s-]", "", text).upper().rstrip("=")
    if not secret or len(secret) > MAX_SECRET_CHARS or not _B32_RE.match(secret):
        raise _invalid("secret is not base32")
    try:
        raw = base64.b32decode(secret + "=" * (-len(secret) % 8))
    except (binascii.Error, ValueError):
        raise _invalid("secret is not base32") from None
    if len(raw) < MIN_SECRET_BYTES:
        raise _invalid("secret is shorter than 80 bits")
    return secret


def _int_param(query: dict[str, list[str]], name: str, default: int, low: int, high: int) -> int:
    values = query.get(name)
    if not values:
        return default
    text = values[0].strip()
    if not text.isdigit() or not low <= int(text) <= high:
        raise _invalid(f"{name} must be a number from {low} to {high}")
    return int(text)


def parse_uri(uri: str) -> TotpSpec:
    parts = urlsplit(uri.strip())
    if parts.scheme.lower() != "otpauth":
        raise _invalid("not an otpauth:// URI")
    if parts.netloc.lower() != "totp":
        raise _invalid("only time-based (totp) URIs are supported")
    query = parse_qs(parts.query)
    if not query.get("secret"):
        raise _invalid("the URI has no secret")
    algorithm = (query.get("algorithm") or ["SHA1"])[0].strip().upper()
    if algorithm not in ALGORITHMS:
        raise _invalid("algorithm must be SHA1, SHA256 or SHA512")
    return TotpSpec(
        secret=normalise_secret(query["secret"][0]),
        digits=_int_param(query, "digits", 6, 6, 10),
        period=_int_param(query, "period", 30, 1, 120),
        algorithm=algorithm,
    )


def parse(text: str) -> TotpSpec:
    """A bare base32 secret or an otpauth://totp URI; raises ValidationError otherwise."""
    text = (text or "").strip()
    if text.lower().startswith("otpauth:"):
        return parse_uri(text)
    return TotpSpec(secret=normalise_secret(text))


def _totp(spec: TotpSpec, *, name: str | None = None, issuer: str | None = None) -> pyotp.TOTP:
    return _PlatformTOTP(spec.secret, digits=spec.digits, digest=ALGORITHMS[spec.algorithm],
                         interval=spec.period, name=name, issuer=issuer)


def code_at(spec: TotpSpec, unix_time: int) -> str:
    """The code valid at ``unix_time`` (integer seconds since the epoch, UTC by definition)."""
    return _totp(spec).at(int(unix_time))


def current_code(spec: TotpSpec, now: datetime) -> TotpCode:
    """The code for ``now`` (an aware datetime) and how many whole seconds it stays valid."""
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    unix = int(now.timestamp())
    return TotpCode(code=code_at(spec, unix), seconds_left=spec.period - unix % spec.period,
                    digits=spec.digits, period=spec.period)


def account_label(platform: str, account: str) -> tuple[str, str]:
    """(issuer, account) for a URI label ``Platform:account``; a colon would split the label."""
    issuer = platform.replace(":", " ").strip() or "subvault"
    return issuer, account.replace(":", " ").strip() or "account"


def provisioning_uri(spec: TotpSpec, *, platform: str, account: str) -> str:
    """``otpauth://totp/Platform:account?secret=…&issuer=Platform`` (+ non-default params)."""
    issuer, name = account_label(platform, account)
    return _totp(spec, name=name, issuer=issuer).provisioning_uri()


def qr_png(data: str) -> bytes:
    """A PNG QR code of ``data`` (CPU work: call ``qr_png_async`` from the event loop)."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=8, border=4)
    code.add_data(data)
    code.make(fit=True)
    buffer = io.BytesIO()
    code.make_image().save(buffer, format="PNG")
    return buffer.getvalue()


async def qr_png_async(data: str) -> bytes:
    return await asyncio.to_thread(qr_png, data)


def unquote_label(uri: str) -> str:
    """The decoded label of an otpauth URI (for display and tests)."""
    return unquote(urlsplit(uri).path.lstrip("/"))
