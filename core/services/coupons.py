"""Coupons: percent (basis points) or fixed discounts with expiry, limits and restrictions.

Rounding rule: a percent discount is ``price * basis_points // 10_000`` — rounded down to the
minor unit, so a coupon never gives more than it says. A fixed discount is capped at the price.
Validity is checked and the use counted inside the purchase transaction (``purchases``); this
module's ``check`` is pure so the rule is the same everywhere.
"""

from __future__ import annotations

import logging
import re
from datetime import datetime

from core.clock import Clock
from core.errors import CouponInvalid, ValidationError
from core.models import Coupon, CouponKind
from core.money import require_minor
from core.services import audit
from core.storage.base import Store, Tx

log = logging.getLogger(__name__)
_CODE_RE = re.compile(r"^[A-Z0-9_-]{3,32}$")
FULL_PERCENT = 10_000  # basis points


def normalise_code(code: str) -> str:
    return (code or "").strip().upper()


def discount_for(coupon: Coupon, price: int) -> int:
    if coupon.kind is CouponKind.PERCENT:
        return price * coupon.value // FULL_PERCENT
    return min(coupon.value, price)


def check(coupon: Coupon | None, *, code: str, product_id: str, price: int, user_uses: int,
          now: datetime) -> int:
    """The discount ``coupon`` gives on ``price``; CouponInvalid(reason) if it gives none."""
    if coupon is None:
        raise CouponInvalid("unknown", code=code)
    if not coupon.active:
        raise CouponInvalid("disabled", code=code)
    if coupon.expires_at is not None and now >= coupon.expires_at:
        raise CouponInvalid("expired", code=code)
    if coupon.total_limit is not None and coupon.used >= coupon.total_limit:
        raise CouponInvalid("used-up", code=code)
    if coupon.per_user_limit is not None and user_uses >= coupon.per_user_limit:
        raise CouponInvalid("user-limit", code=code)
    if coupon.product_ids and product_id not in coupon.product_ids:
        raise CouponInvalid("not-for-product", code=code)
    if price < coupon.min_amount:
        raise CouponInvalid("below-minimum", code=code, min_amount=coupon.min_amount)
    return discount_for(coupon, price)


def validate_new(coupon: Coupon) -> Coupon:
    """Refuse a coupon definition that makes no sense; returns it with the code normalised."""
    coupon.code = normalise_code(coupon.code)
    if not _CODE_RE.match(coupon.code):
        raise ValidationError("a coupon code is 3-32 letters, digits, - or _", field="code")
    value = require_minor(coupon.value)
    if coupon.kind is CouponKind.PERCENT and not 1 <= value <= FULL_PERCENT:
        raise ValidationError("a percent coupon is 1..10000 basis points (0.01%..100%)",
                              field="value")
    if coupon.kind is CouponKind.FIXED and value <= 0:
        raise ValidationError("a fixed coupon must take off a positive amount", field="value")
    for name in ("total_limit", "per_user_limit"):
        limit = getattr(coupon, name)
        if limit is not None and (require_minor(limit) <= 0):
            raise ValidationError(f"{name} must be positive (or unset for no limit)", field=name)
    if require_minor(coupon.min_amount) < 0:
        raise ValidationError("min_amount cannot be negative", field="min_amount")
    return coupon


class CouponService:
    def __init__(self, store: Store, clock: Clock) -> None:
        self._store = store
        self._clock = clock

    async def add(self, coupon: Coupon, *, actor: str) -> Coupon:
        """Create a coupon (audited); ValidationError if the code exists or the rule is bad."""
        draft = validate_new(coupon)
        draft.used, draft.created_at = 0, self._clock.now()

        async def unit(tx: Tx) -> bool:
            for product_id in draft.product_ids:
                if await tx.products.get(product_id) is None:
                    raise ValidationError(f"no product {product_id!r}", field="product_ids")
            if not await tx.coupons.insert(draft):
                return False
            await audit.append(tx, self._clock, actor=actor, action="coupon.add",
                               target=draft.code,
                               details={"kind": draft.kind.value, "value": draft.value,
                                        "total_limit": draft.total_limit,
                                        "per_user_limit": draft.per_user_limit,
                                        "products": draft.product_ids,
                                        "min_amount": draft.min_amount})
            return True

        if not await self._store.transaction(unit):
            raise ValidationError(f"coupon {draft.code} exists", field="code")
        log.info("coupon %s added by %s", draft.code, actor)
        return draft

    async def get(self, code: str) -> Coupon | None:
        return await self._store.read(lambda tx: tx.coupons.get(normalise_code(code)))

    async def list(self) -> list[Coupon]:
        return await self._store.read(lambda tx: tx.coupons.list())

    async def set_active(self, code: str, active: bool, *, actor: str) -> Coupon:
        """Disable (or re-enable) a coupon, audited; CouponInvalid("unknown") if there is none."""
        code = normalise_code(code)

        async def unit(tx: Tx) -> Coupon | None:
            if not await tx.coupons.set_active(code, active):
                return None
            await audit.append(tx, self._clock, actor=actor,
                               action="coupon.enable" if active else "coupon.disable",
                               target=code)
            return await tx.coupons.get(code)

        coupon = await self._store.transaction(unit)
        if coupon is None:
            raise CouponInvalid("unknown", f"no coupon {code}", code=code)
        return coupon

    async def preview(self, code: str, *, user_id: int, product_id: str, price: int) -> int:
        """The discount the coupon would give now (the purchase checks again when it counts)."""
        code = normalise_code(code)

        async def unit(tx: Tx) -> int:
            coupon = await tx.coupons.get(code)
            uses = await tx.coupons.user_uses(code, user_id) if coupon else 0
            return check(coupon, code=code, product_id=product_id, price=price, user_uses=uses,
                         now=self._clock.now())

        return await self._store.read(unit)
