"""Money is an integer number of minor units (paise, cents). Floats are refused everywhere."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from core.errors import InvalidAmount

# ISO 4217 minor-unit exponents for the currencies we format; XTR is Telegram Stars (whole units).
EXPONENTS: dict[str, int] = {
    "INR": 2, "USD": 2, "EUR": 2, "GBP": 2, "RUB": 2, "BGN": 2, "AED": 2, "SGD": 2,
    "JPY": 0, "KRW": 0, "XTR": 0,
}
SYMBOLS: dict[str, str] = {
    "INR": "₹", "USD": "$", "EUR": "€", "GBP": "£", "RUB": "₽", "JPY": "¥", "XTR": "⭐",
}
_AMOUNT_RE = re.compile(r"^\s*([0-9]{1,12})(?:[.,]([0-9]{1,4}))?\s*$", re.ASCII)
_GROUPED_RE = re.compile(r"^\s*([0-9][0-9 ,'_\u00a0\u202f]*[0-9])(\.[0-9]{1,4})?\s*$")
_GROUP_SEPARATORS = frozenset(" ,'_\u00a0\u202f")


def _ungroup(text: str) -> str:
    """"1,000", "1 000", "1'000.50" and Indian "1,00,000" without their grouping separators.
    One separator, a first group of 1-3 digits, then groups of 2 or 3 ending in 3 digits;
    otherwise the text is left alone ("499,50" keeps its decimal comma)."""
    match = _GROUPED_RE.match(text or "")
    if not match:
        return text
    whole, fraction = match.group(1), match.group(2) or ""
    separators = {c for c in whole if c in _GROUP_SEPARATORS}
    if len(separators) != 1:
        return text
    groups = whole.split(separators.pop())
    if (len(groups) < 2 or not all(g.isdigit() for g in groups) or not 1 <= len(groups[0]) <= 3
            or len(groups[-1]) != 3 or any(len(g) not in (2, 3) for g in groups[1:-1])):
        return text
    return "".join(groups) + fraction


def exponent(currency: str) -> int:
    try:
        return EXPONENTS[currency.upper()]
    except KeyError:
        raise InvalidAmount(f"unsupported currency {currency!r}", currency=currency) from None


def require_minor(amount: object) -> int:
    """Return ``amount`` if it is an int (not a bool or float); raise InvalidAmount otherwise."""
    if isinstance(amount, bool) or not isinstance(amount, int):
        raise InvalidAmount(f"amounts are integer minor units, got {type(amount).__name__}")
    return amount


def require_positive(amount: object) -> int:
    value = require_minor(amount)
    if value <= 0:
        raise InvalidAmount("amount must be positive", amount=value)
    return value


def parse_amount(text: str, currency: str) -> int:
    """Parse what a person typed ("499", "499.50", "499,5", "1,000", "1 000.50") into minor
    units, exactly."""
    text = _ungroup(text or "")
    match = _AMOUNT_RE.match(text)
    if not match:
        raise InvalidAmount("not an amount", text=(text or "")[:32])
    whole, frac = match.group(1), match.group(2) or ""
    exp = exponent(currency)
    if len(frac) > exp:
        if frac[exp:].strip("0"):
            raise InvalidAmount("too many decimal places", text=text[:32])
        frac = frac[:exp]
    try:
        value = Decimal(f"{whole}.{frac or '0'}").scaleb(exp)
    except InvalidOperation:
        raise InvalidAmount("not an amount", text=text[:32]) from None
    return int(value)


_PRICE_DECOR = re.compile(r"^\s*(?:[A-Za-z]{1,3}\.?\s*|[^\w\s.,-]\s*)?(.*?)\s*(?:[A-Za-z]{3})?\s*$")


def parse_price(text: str, currency: str) -> int:
    """A price as a person writes it: ``199``, ``199.50``, ``₹199``, ``Rs. 1,999``, ``$5``,
    ``199 INR`` → minor units. Thousands separators (``1,999.00``) are dropped when a decimal
    point follows or the group has three digits; negative prices are refused."""
    raw = (text or "").strip()
    match = _PRICE_DECOR.match(raw)
    body = (match.group(1) if match else raw).replace(" ", "").replace("\u00a0", "")
    if body.startswith("-"):
        raise InvalidAmount("a price cannot be negative", text=raw[:32])
    if re.fullmatch(r"[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?", body):
        body = body.replace(",", "")
    return parse_amount(body, currency)


def format_amount(minor: int, currency: str, *, symbol: bool = True) -> str:
    """``format_amount(49950, "INR") == "₹499.50"``; no float ever touches the value."""
    require_minor(minor)
    exp = exponent(currency)
    sign = "-" if minor < 0 else ""
    whole, frac = divmod(abs(minor), 10**exp) if exp else (abs(minor), 0)
    body = f"{whole:,}" + (f".{frac:0{exp}d}" if exp else "")
    cur = currency.upper()
    if symbol and cur in SYMBOLS:
        return f"{sign}{SYMBOLS[cur]}{body}"
    return f"{sign}{body} {cur}"
