"""Reading one product field from what staff type, with a clear answer when it is wrong."""

from __future__ import annotations

from typing import Any

from core.errors import InvalidAmount
from core.models import Delivery, TotpPolicy
from core.money import parse_price
from core.services.catalog import LIMITS

# The steps of "add a product", in order.
FIELDS = ("platform", "plan", "description", "price", "duration_days", "delivery",
          "slots_per_item", "totp_policy", "qr_export_limit", "low_stock_threshold")
CHOICES: dict[str, tuple[str, ...]] = {
    "delivery": tuple(d.value for d in Delivery),
    "totp_policy": tuple(p.value for p in TotpPolicy),
}
TEXT_MAX = {"platform": 64, "plan": 64, "description": 1000}
NUMBERS = {"duration_days", "slots_per_item", "qr_export_limit", "low_stock_threshold"}
SKIP = "-"


class FieldError(ValueError):
    """``key`` is the locale key of the answer, ``params`` its values."""

    def __init__(self, key: str, **params: Any) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


def parse_field(field: str, text: str, currency: str) -> Any:
    value = (text or "").strip()
    if field in TEXT_MAX:
        if field == "description" and value == SKIP:
            return ""
        if not value and field != "description":
            raise FieldError("admin-product-bad-text", max=TEXT_MAX[field])
        if len(value) > TEXT_MAX[field]:
            raise FieldError("admin-product-bad-text", max=TEXT_MAX[field])
        return value
    if field == "price":
        try:
            return parse_price(value, currency)
        except InvalidAmount:
            raise FieldError("admin-product-bad-price") from None
    if field in NUMBERS:
        low, high = LIMITS[field]
        if field == "qr_export_limit":
            low = 1  # asked only for plans that export QR codes
        if not value.isdigit() or not low <= int(value) <= high:
            raise FieldError("admin-product-bad-number", low=low, high=high)
        return int(value)
    if field in CHOICES:
        if value.lower() not in CHOICES[field]:
            raise FieldError("admin-product-bad-choice")
        return value.lower()
    raise FieldError("admin-product-bad-choice")


def next_field(field: str | None, draft: dict[str, Any]) -> str | None:
    """The step after ``field`` (None: the form is complete). QR export limit is asked only for
    plans that export QR codes."""
    index = -1 if field is None else FIELDS.index(field)
    for candidate in FIELDS[index + 1:]:
        if candidate == "qr_export_limit" and draft.get("totp_policy") != TotpPolicy.CODES_AND_QR:
            draft["qr_export_limit"] = 0
            continue
        return candidate
    return None
