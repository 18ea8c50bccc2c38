"""The coupon rule (pure): reasons for refusing, and integer discount rounding."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from core.errors import CouponInvalid, ValidationError
from core.models import Coupon, CouponKind
from core.services.coupons import check, discount_for, validate_new

NOW = datetime(2026, 5, 1, tzinfo=UTC)


def _coupon(**kw) -> Coupon:
    return Coupon(**{"code": "C", "kind": CouponKind.PERCENT, "value": 1_000, **kw})


@pytest.mark.parametrize(("kind", "value", "price", "discount"), [
    (CouponKind.PERCENT, 1_000, 49_900, 4_990),  # 10 %
    (CouponKind.PERCENT, 3_333, 100, 33),  # 33.33 % of 100 = 33.33 -> 33 (rounded down)
    (CouponKind.PERCENT, 1, 99, 0),  # 0.01 % of 99 is under a minor unit
    (CouponKind.PERCENT, 10_000, 12_345, 12_345),
    (CouponKind.FIXED, 500, 12_345, 500),
    (CouponKind.FIXED, 50_000, 12_345, 12_345),  # capped at the price
])
def test_discounts_are_integers_rounded_down(kind, value, price, discount):
    assert discount_for(_coupon(kind=kind, value=value), price) == discount


@pytest.mark.parametrize(("coupon", "uses", "product", "price", "reason"), [
    (None, 0, "p", 100, "unknown"),
    (_coupon(active=False), 0, "p", 100, "disabled"),
    (_coupon(expires_at=NOW), 0, "p", 100, "expired"),
    (_coupon(total_limit=5, used=5), 0, "p", 100, "used-up"),
    (_coupon(per_user_limit=1), 1, "p", 100, "user-limit"),
    (_coupon(product_ids=["q"]), 0, "p", 100, "not-for-product"),
    (_coupon(min_amount=101), 0, "p", 100, "below-minimum"),
])
def test_each_refusal_names_its_reason(coupon, uses, product, price, reason):
    with pytest.raises(CouponInvalid) as info:
        check(coupon, code="C", product_id=product, price=price, user_uses=uses, now=NOW)
    assert info.value.reason == reason and info.value.code == "coupon-invalid"


def test_a_coupon_within_every_limit_applies():
    coupon = _coupon(expires_at=NOW + timedelta(seconds=1), total_limit=5, used=4,
                     per_user_limit=2, product_ids=["p"], min_amount=100)
    assert check(coupon, code="C", product_id="p", price=100, user_uses=1, now=NOW) == 10


@pytest.mark.parametrize(("kind", "value", "extra"), [
    (CouponKind.PERCENT, 1, {}),  # 0.01 %
    (CouponKind.PERCENT, 10_000, {}),  # 100 %
    (CouponKind.FIXED, 1, {}),
    (CouponKind.FIXED, 50_000, {}),  # a fixed amount has no percent ceiling
    (CouponKind.FIXED, 100, {"total_limit": 1, "per_user_limit": 1, "min_amount": 0}),
])
def test_the_smallest_and_largest_sensible_coupons_are_accepted(kind, value, extra):
    coupon = validate_new(Coupon(code=" edge-1 ", kind=kind, value=value, **extra))
    assert (coupon.code, coupon.value) == ("EDGE-1", value)


@pytest.mark.parametrize(("kind", "value", "extra", "field"), [
    (CouponKind.PERCENT, 0, {}, "value"),
    (CouponKind.PERCENT, 10_001, {}, "value"),
    (CouponKind.FIXED, 0, {}, "value"),
    (CouponKind.FIXED, 100, {"total_limit": 0}, "total_limit"),
    (CouponKind.FIXED, 100, {"per_user_limit": 0}, "per_user_limit"),
    (CouponKind.FIXED, 100, {"min_amount": -1}, "min_amount"),
])
def test_a_coupon_one_unit_past_a_bound_is_refused_naming_the_field(kind, value, extra, field):
    with pytest.raises(ValidationError) as info:
        validate_new(Coupon(code="EDGE", kind=kind, value=value, **extra))
    assert info.value.params["field"] == field
