"""The money a coupon purchase and its refund actually move, checked on the wallet and the ledger
(on every store): the debit is the discounted amount, the refund gives back what was paid."""

from __future__ import annotations

from core.bootstrap import Services
from core.models import Coupon, CouponKind, OrderStatus
from tests.contract.test_purchase_support import fund, make_product, stock

PRICE = 10_000


async def _half_price_purchase(services: Services):
    product = await make_product(services, price=PRICE)
    await stock(services, product, 1)
    await services.coupons.add(Coupon(code="HALF", kind=CouponKind.PERCENT, value=5_000),
                               actor="test")
    await fund(services, 1, 10_000)
    return await services.purchases.purchase(1, product.id, intent_id="half-1",
                                             coupon_code="half")


async def test_a_half_price_coupon_purchase_debits_half_the_price(services: Services):
    result = await _half_price_purchase(services)

    assert (result.order.price, result.order.discount, result.order.amount) == (10_000, 5_000,
                                                                                5_000)
    assert await services.wallet.balance(1) == 5_000
    entries = (await services.wallet.statement(1, limit=50)).entries
    debits = [e for e in entries if e.amount < 0]
    assert [(e.amount, e.key, e.ref) for e in debits] == [
        (-5_000, "purchase:half-1", result.order.id)]
    assert sum(e.amount for e in entries) == 5_000  # the balance is the sum of the ledger
    assert await services.wallet.find_mismatches() == []


async def test_refunding_a_coupon_purchase_gives_back_what_was_paid(services: Services):
    result = await _half_price_purchase(services)

    refunded = await services.orders.refund(result.order.id, actor="admin:1")

    assert refunded.status is OrderStatus.REFUNDED
    assert await services.wallet.balance(1) == 10_000  # where it was before the purchase
    entries = (await services.wallet.statement(1, limit=50)).entries
    refunds = [e for e in entries if e.key.startswith("refund:")]
    assert [(e.amount, e.ref) for e in refunds] == [(5_000, result.order.id)]
    # refunding again moves nothing
    await services.orders.refund(result.order.id, actor="admin:1")
    assert await services.wallet.balance(1) == 10_000
    assert len((await services.wallet.statement(1, limit=50)).entries) == 3
    assert await services.wallet.find_mismatches() == []
