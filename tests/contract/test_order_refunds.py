"""Refunding one order of a subscription takes back that order's period only, on every store."""

from __future__ import annotations

from datetime import timedelta

from core.bootstrap import Services
from core.models import Coupon, CouponKind, Delivery, OrderStatus, StockStatus, SubscriptionStatus
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


async def test_refunding_a_renewal_that_leaves_exactly_nothing_ends_the_subscription(
        services: Services, clock):
    product = await make_product(services, price=1_000, duration_days=30)
    await stock(services, product, 1)
    await fund(services, 1, 2_000)
    bought = await services.purchases.purchase(1, product.id, intent_id="first")
    await services.subscriptions.set_auto_renew(1, bought.subscription.id, True)
    renewed = await services.purchases.renew(1, bought.subscription.id, intent_id="again")
    clock.set(bought.subscription.ends_at)  # the first period is used up to the second
    await services.orders.refund(renewed.order.id, actor="admin:1", reason="r" * 250)
    sub = await services.subscriptions.get(bought.subscription.id)
    assert sub.status is SubscriptionStatus.REFUNDED and sub.auto_renew is False
    assert sub.ends_at == clock.now()
    (entry,) = await services.audit.latest(1, "order.")
    assert entry.details["reason"] == "r" * 200


async def test_a_delivered_manual_order_takes_one_seat_that_a_refund_gives_back(
        services: Services):
    product = await make_product(services, price=5_000, delivery=Delivery.MANUAL)
    await fund(services, 1, 5_000)
    pending = await services.purchases.purchase(1, product.id, intent_id="m")
    await services.orders.deliver(pending.order.id, actor="staff:9", login="manual@example.com",
                                  password="s3cret")
    (item,) = await services.stock.list_items(product.id)
    assert (item.status, item.slots_total, item.slots_used) == (StockStatus.SOLD, 1, 1)
    assert (await services.stock.levels([product.id]))[0].available_items == 0
    await services.orders.refund(pending.order.id, actor="staff:9", stock="return")
    (item,) = await services.stock.list_items(product.id)
    assert (item.status, item.slots_used) == (StockStatus.AVAILABLE, 0)


async def test_refunding_a_free_order_and_a_one_unit_order_credits_what_each_paid(
        services: Services):
    product = await make_product(services, price=1)
    await stock(services, product, 2)
    await services.coupons.add(Coupon(code="FREE", kind=CouponKind.PERCENT, value=10_000),
                               actor="staff")
    await fund(services, 1, 1)
    free = await services.purchases.purchase(1, product.id, intent_id="free",
                                             coupon_code="FREE")
    paid = await services.purchases.purchase(1, product.id, intent_id="paid")
    assert (free.order.amount, paid.order.amount) == (0, 1)
    assert (await services.orders.refund(free.order.id, actor="admin:1")).status \
        is OrderStatus.REFUNDED
    assert await services.wallet.balance(1) == 0
    await services.orders.refund(paid.order.id, actor="admin:1")
    assert await services.wallet.balance(1) == 1
    assert (await services.wallet.statement(1)).entries[0].key == f"refund:{paid.order.id}"


async def test_refunding_the_order_of_a_cancelled_subscription_leaves_it_and_its_item(
        services: Services):
    product = await make_product(services, price=1_000)
    await stock(services, product, 1)
    await fund(services, 1, 1_000)
    bought = await services.purchases.purchase(1, product.id, intent_id="p")
    await services.subscriptions.cancel(bought.subscription.id, actor="staff:2")
    await services.orders.refund(bought.order.id, actor="staff:2", stock="revoke")
    sub = await services.subscriptions.get(bought.subscription.id)
    assert sub.status is SubscriptionStatus.CANCELLED
    (item,) = await services.stock.list_items(product.id)
    assert item.status is StockStatus.SOLD
    (entry,) = await services.audit.latest(1, "order.")
    assert (entry.details["stock"], entry.details["item_id"]) == ("none", "")
    assert await services.wallet.balance(1) == 1_000
