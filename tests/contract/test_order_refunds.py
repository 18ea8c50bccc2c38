"""Refunding one order of a subscription takes back that order's period only, on every store."""

from __future__ import annotations

from datetime import timedelta

from core.bootstrap import Services
from core.models import StockStatus, SubscriptionStatus
from tests.contract.test_purchase_support import fund, make_product, stock


async def test_refunding_a_renewal_keeps_the_period_paid_first(services: Services, clock):
    product = await make_product(services, price=1_000, duration_days=30)
    await stock(services, product, 1)
    await fund(services, 1, 2_000)
    bought = await services.purchases.purchase(1, product.id, intent_id="first")
    clock.advance(days=10)
    renewed = await services.purchases.renew(1, bought.subscription.id, intent_id="again")
    assert renewed.subscription.ends_at == bought.subscription.ends_at + timedelta(days=30)

    await services.orders.refund(renewed.order.id, actor="admin:1")
    sub = await services.subscriptions.get(bought.subscription.id)
    assert sub.status is SubscriptionStatus.ACTIVE
    assert sub.ends_at == bought.subscription.ends_at  # the first 30 days stay
    assert sub.stock_item_id == bought.subscription.stock_item_id
    (item,) = await services.stock.list_items(product.id)
    assert item.status is not StockStatus.REVOKED  # the credential stays with its owner
    assert await services.wallet.balance(1) == 1_000

    # Refunding the first order too leaves nothing paid: the subscription ends.
    await services.orders.refund(bought.order.id, actor="admin:1")
    sub = await services.subscriptions.get(bought.subscription.id)
    assert sub.status is SubscriptionStatus.REFUNDED and sub.ends_at <= clock.now()
    assert await services.wallet.balance(1) == 2_000


async def test_refunding_the_first_order_keeps_the_renewed_period(services: Services, clock):
    product = await make_product(services, price=1_000, duration_days=30)
    await stock(services, product, 1)
    await fund(services, 1, 2_000)
    bought = await services.purchases.purchase(1, product.id, intent_id="first")
    renewed = await services.purchases.renew(1, bought.subscription.id, intent_id="again")
    await services.orders.refund(bought.order.id, actor="admin:1")
    sub = await services.subscriptions.get(bought.subscription.id)
    assert sub.status is SubscriptionStatus.ACTIVE
    assert sub.ends_at == renewed.subscription.ends_at - timedelta(days=30)
