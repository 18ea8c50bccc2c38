"""Coupons on every store: definitions, disabling, previews, limits under concurrency."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest

from core.bootstrap import Services
from core.errors import CouponInvalid, ValidationError
from core.models import Coupon, CouponKind
from tests.contract.test_purchase_support import fund, make_product, stock


async def test_a_coupon_is_stored_normalised_and_audited(services: Services, clock):
    product = await make_product(services)
    added = await services.coupons.add(
        Coupon(code=" summer-25 ", kind=CouponKind.PERCENT, value=2_500,
               expires_at=clock.now() + timedelta(days=7), total_limit=100, per_user_limit=1,
               product_ids=[product.id], min_amount=10_000), actor="staff:1")
    assert added.code == "SUMMER-25"
    assert await services.coupons.get("summer-25") == added
    (entry,) = await services.audit.latest(1, "coupon.")
    assert (entry.action, entry.target) == ("coupon.add", "SUMMER-25")


async def test_a_code_is_added_once_and_bad_definitions_are_refused(services: Services):
    await services.coupons.add(Coupon(code="ONCE", kind=CouponKind.FIXED, value=100),
                               actor="s")
    with pytest.raises(ValidationError):
        await services.coupons.add(Coupon(code="ONCE", kind=CouponKind.FIXED, value=5),
                                   actor="s")
    for bad in (Coupon(code="X", kind=CouponKind.FIXED, value=1),
                Coupon(code="OVER", kind=CouponKind.PERCENT, value=10_001),
                Coupon(code="ZERO", kind=CouponKind.FIXED, value=0),
                Coupon(code="NOPROD", kind=CouponKind.FIXED, value=1, product_ids=["prd_x"])):
        with pytest.raises(ValidationError):
            await services.coupons.add(bad, actor="s")
    assert [c.code for c in await services.coupons.list()] == ["ONCE"]


async def test_a_disabled_coupon_no_longer_applies(services: Services):
    product = await make_product(services, price=10_000)
    await services.coupons.add(Coupon(code="OFF", kind=CouponKind.FIXED, value=1_000),
                               actor="s")
    assert await services.coupons.preview("off", user_id=1, product_id=product.id,
                                          price=10_000) == 1_000
    await services.coupons.set_active("off", False, actor="staff:3")
    with pytest.raises(CouponInvalid) as info:
        await services.coupons.preview("off", user_id=1, product_id=product.id, price=10_000)
    assert info.value.reason == "disabled"
    entry = (await services.audit.latest(1, "coupon."))[0]
    assert (entry.action, entry.actor, entry.target) == ("coupon.disable", "staff:3", "OFF")
    with pytest.raises(CouponInvalid):
        await services.coupons.set_active("nope", False, actor="s")


async def test_expiry_restriction_and_minimum_are_enforced_at_purchase(services: Services,
                                                                         clock):
    cheap = await make_product(services, price=5_000)
    other = await make_product(services, plan="Other", price=50_000)
    await stock(services, cheap, 2)
    await stock(services, other, 1, prefix="o")
    await fund(services, 1, 100_000)
    await services.coupons.add(Coupon(code="BIG", kind=CouponKind.FIXED, value=1_000,
                                      min_amount=10_000, product_ids=[cheap.id]), actor="s")
    await services.coupons.add(Coupon(code="SOON", kind=CouponKind.FIXED, value=100,
                                      expires_at=clock.now() + timedelta(hours=1)), actor="s")
    reasons = []
    for product, code in ((cheap, "BIG"), (other, "BIG"), (cheap, "NOPE")):
        with pytest.raises(CouponInvalid) as info:
            await services.purchases.purchase(1, product.id, intent_id=f"{code}{product.id}",
                                              coupon_code=code)
        reasons.append(info.value.reason)
    clock.advance(hours=1)
    with pytest.raises(CouponInvalid) as late:
        await services.purchases.purchase(1, cheap.id, intent_id="late", coupon_code="SOON")
    assert [*reasons, late.value.reason] == ["below-minimum", "not-for-product", "unknown",
                                             "expired"]
    assert await services.wallet.balance(1) == 100_000
    assert (await services.coupons.get("BIG")).used == 0


async def test_a_total_limit_holds_under_concurrent_purchases(services: Services):
    product = await make_product(services, price=1_000)
    await stock(services, product, 10)
    await services.coupons.add(Coupon(code="FIRST3", kind=CouponKind.FIXED, value=500,
                                      total_limit=3), actor="s")
    for user in range(10):
        await fund(services, user, 1_000)
    results = await asyncio.gather(
        *(services.purchases.purchase(u, product.id, intent_id=f"c{u}", coupon_code="FIRST3")
          for u in range(10)), return_exceptions=True)
    won = [r for r in results if not isinstance(r, BaseException)]
    assert len(won) == 3 and all(r.order.amount == 500 for r in won)
    assert all(isinstance(r, CouponInvalid) and r.reason == "used-up"
               for r in results if isinstance(r, BaseException))
    assert (await services.coupons.get("FIRST3")).used == 3
