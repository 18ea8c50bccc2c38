"""Purchases, renewals, manual delivery and refunds on every store."""

from __future__ import annotations

from datetime import timedelta

import pytest

from core.bootstrap import Services
from core.errors import (
    CouponInvalid,
    IdempotencyConflict,
    InsufficientFunds,
    OrderStateError,
    OutOfStock,
    ProductInactive,
    SubscriptionNotActive,
    SubscriptionNotFound,
    ValidationError,
)
from core.models import (
    Coupon,
    CouponKind,
    Delivery,
    OrderKind,
    OrderStatus,
    StockStatus,
    SubscriptionStatus,
)
from tests.contract.test_purchase_support import fund, make_product, stock


async def _templates(services: Services) -> list[tuple[str, str, int | None]]:
    return sorted((m.template, m.audience, m.chat_id) for m in await services.outbox.recent(100))


async def test_a_purchase_claims_an_item_debits_and_creates_order_and_subscription(
        services: Services, clock):
    product = await make_product(services, price=49_900, duration_days=30)
    await stock(services, product, 2)
    await fund(services, 1, 60_000)

    result = await services.purchases.purchase(1, product.id, intent_id="i-1")

    order, sub = result.order, result.subscription
    assert order.status is OrderStatus.COMPLETED and order.kind is OrderKind.PURCHASE
    assert (order.price, order.discount, order.amount) == (49_900, 0, 49_900)
    assert sub.status is SubscriptionStatus.ACTIVE and sub.user_id == 1
    assert sub.starts_at == clock.now() and (sub.ends_at - sub.starts_at).days == 30
    assert order.stock_item_id == sub.stock_item_id and order.subscription_id == sub.id
    assert await services.wallet.balance(1) == 10_100
    (debit, _credit) = (await services.wallet.statement(1)).entries
    assert debit.key == "purchase:i-1" and debit.ref == order.id and debit.amount == -49_900
    item = (await services.stock.list_items(product.id, StockStatus.SOLD))[0]
    assert item.id == sub.stock_item_id
    assert await _templates(services) == [("purchase-completed", "user", 1)]


async def test_out_of_stock_and_short_balance_change_nothing(services: Services):
    product = await make_product(services, price=10_000)
    await fund(services, 1, 50_000)
    with pytest.raises(OutOfStock):
        await services.purchases.purchase(1, product.id, intent_id="a")
    await stock(services, product, 1)
    await fund(services, 2, 9_000)
    with pytest.raises(InsufficientFunds) as info:
        await services.purchases.purchase(2, product.id, intent_id="b")
    assert info.value.params["shortfall"] == 1_000 and info.value.params["balance"] == 9_000
    assert await services.wallet.balance(1) == 50_000 and await services.wallet.balance(2) == 9_000
    assert (await services.stock.levels([product.id]))[0].available_items == 1
    assert await services.orders.list() == [] and await services.outbox.recent() == []


async def test_an_inactive_plan_is_not_sold(services: Services):
    product = await make_product(services, active=False)
    await stock(services, product, 1)
    await fund(services, 1, 100_000)
    with pytest.raises(ProductInactive):
        await services.purchases.purchase(1, product.id, intent_id="x")


async def test_an_intent_id_cannot_buy_something_else(services: Services):
    first = await make_product(services, price=1_000)
    second = await make_product(services, plan="Basic", price=1_000)
    await stock(services, first, 1)
    await stock(services, second, 1, prefix="b")
    await fund(services, 1, 10_000)
    await services.purchases.purchase(1, first.id, intent_id="same")
    with pytest.raises(IdempotencyConflict):
        await services.purchases.purchase(1, second.id, intent_id="same")
    with pytest.raises(ValidationError):
        await services.purchases.purchase(1, second.id, intent_id="bad id with spaces")


async def test_a_shared_account_is_sold_once_per_slot(services: Services):
    product = await make_product(services, price=1_000, slots_per_item=3)
    await stock(services, product, 1)
    for user in (1, 2, 3, 4):
        await fund(services, user, 1_000)
    subs = [(await services.purchases.purchase(u, product.id, intent_id=f"s{u}")).subscription
            for u in (1, 2, 3)]
    assert len({s.stock_item_id for s in subs}) == 1
    with pytest.raises(OutOfStock):
        await services.purchases.purchase(4, product.id, intent_id="s4")
    (entry,) = await services.stock.list_items(product.id)
    assert entry.status is StockStatus.SOLD and entry.slots_used == 3


async def test_renewal_adds_to_the_current_end_and_keeps_the_credential(services: Services,
                                                                        clock):
    product = await make_product(services, price=1_000, duration_days=30)
    await stock(services, product, 2)
    await fund(services, 1, 2_000)
    bought = await services.purchases.purchase(1, product.id, intent_id="p")
    clock.advance(days=10)  # 20 days left
    renewed = await services.purchases.renew(1, bought.subscription.id, intent_id="r")
    sub = renewed.subscription
    assert renewed.order.kind is OrderKind.RENEWAL and renewed.order.amount == 1_000
    assert sub.id == bought.subscription.id
    assert sub.ends_at == bought.subscription.ends_at + timedelta(days=30)  # nothing lost
    assert sub.stock_item_id == bought.subscription.stock_item_id
    assert await services.wallet.balance(1) == 0
    assert ("subscription-renewed", "user", 1) in await _templates(services)


async def test_an_expired_subscription_restarts_from_now_on_renewal(services: Services, clock):
    product = await make_product(services, price=1_000, duration_days=30)
    await stock(services, product, 1)
    await fund(services, 1, 2_000)
    bought = await services.purchases.purchase(1, product.id, intent_id="p")
    clock.advance(days=45)
    assert [s.id for s in await services.subscriptions.expire_due()] == [bought.subscription.id]
    renewed = await services.purchases.renew(1, bought.subscription.id, intent_id="r")
    assert renewed.subscription.status is SubscriptionStatus.ACTIVE
    assert renewed.subscription.starts_at == clock.now()
    assert (renewed.subscription.ends_at - clock.now()).days == 30
    assert renewed.subscription.stock_item_id == bought.subscription.stock_item_id


async def test_renewal_with_a_revoked_credential_gets_a_fresh_one(services: Services):
    product = await make_product(services, price=1_000)
    await stock(services, product, 2)
    await fund(services, 1, 2_000)
    bought = await services.purchases.purchase(1, product.id, intent_id="p")
    await services.stock.revoke(bought.subscription.stock_item_id, actor="staff", reason="dead")
    renewed = await services.purchases.renew(1, bought.subscription.id, intent_id="r")
    assert renewed.subscription.stock_item_id != bought.subscription.stock_item_id
    assert renewed.order.stock_item_id == renewed.subscription.stock_item_id


async def test_only_the_owner_renews_and_a_refunded_subscription_is_not_renewed(
        services: Services):
    product = await make_product(services, price=1_000)
    await stock(services, product, 1)
    await fund(services, 1, 2_000)
    await fund(services, 2, 2_000)
    bought = await services.purchases.purchase(1, product.id, intent_id="p")
    with pytest.raises(SubscriptionNotFound):
        await services.purchases.renew(2, bought.subscription.id, intent_id="steal")
    await services.orders.refund(bought.order.id, actor="staff")
    with pytest.raises(SubscriptionNotActive):
        await services.purchases.renew(1, bought.subscription.id, intent_id="r")
    assert await services.wallet.balance(2) == 2_000


async def test_a_coupon_is_checked_and_counted_inside_the_purchase(services: Services):
    product = await make_product(services, price=10_000)
    await stock(services, product, 3)
    await services.coupons.add(Coupon(code="half", kind=CouponKind.PERCENT, value=5_000,
                                      total_limit=2, per_user_limit=1), actor="staff")
    for user in (1, 2, 3):
        await fund(services, user, 10_000)
    first = await services.purchases.purchase(1, product.id, intent_id="c1", coupon_code="HALF")
    assert (first.order.discount, first.order.amount, first.order.coupon_code) == \
        (5_000, 5_000, "HALF")
    with pytest.raises(CouponInvalid) as again:
        await services.purchases.purchase(1, product.id, intent_id="c1b", coupon_code="half")
    assert again.value.reason == "user-limit"
    await services.purchases.purchase(2, product.id, intent_id="c2", coupon_code="half")
    with pytest.raises(CouponInvalid) as used_up:
        await services.purchases.purchase(3, product.id, intent_id="c3", coupon_code="half")
    assert used_up.value.reason == "used-up"
    assert (await services.coupons.get("HALF")).used == 2
    assert await services.wallet.balance(3) == 10_000


async def test_a_full_discount_buys_without_a_ledger_entry(services: Services):
    product = await make_product(services, price=10_000)
    await stock(services, product, 1)
    await services.coupons.add(Coupon(code="FREE", kind=CouponKind.PERCENT, value=10_000),
                               actor="staff")
    result = await services.purchases.purchase(5, product.id, intent_id="f", coupon_code="free")
    assert result.order.amount == 0 and result.subscription is not None
    assert (await services.wallet.statement(5)).total_entries == 0


async def test_a_manual_plan_waits_for_staff_then_is_delivered(services: Services, keyring):
    product = await make_product(services, price=5_000, delivery=Delivery.MANUAL)
    await fund(services, 1, 5_000)
    result = await services.purchases.purchase(1, product.id, intent_id="m")
    assert result.order.status is OrderStatus.PENDING and result.subscription is None
    assert await services.wallet.balance(1) == 0
    assert await _templates(services) == [("order-pending", "user", 1),
                                          ("staff-order-pending", "staff", None)]
    assert [o.id for o in await services.orders.pending()] == [result.order.id]

    delivered = await services.orders.deliver(result.order.id, actor="staff:9",
                                              login="manual@example.com", password="s3cret")
    assert delivered.order.status is OrderStatus.COMPLETED
    assert delivered.subscription.status is SubscriptionStatus.ACTIVE
    credential = await services.credentials.view(1, delivered.subscription.id)
    assert (credential.login, credential.password) == ("manual@example.com", "s3cret")
    again = await services.orders.deliver(result.order.id, actor="staff:9",
                                          login="other@example.com", password="x")
    assert again.replayed and again.subscription.id == delivered.subscription.id
    assert ("purchase-completed", "user", 1) in await _templates(services)
    assert (await services.audit.latest(1))[0].action == "credential.view"


async def test_a_delivered_manual_order_is_sold_once_audited_and_not_auto_renewed(
        services: Services):
    product = await make_product(services, price=5_000, delivery=Delivery.MANUAL)
    await fund(services, 1, 5_000)
    result = await services.purchases.purchase(1, product.id, intent_id="m2")
    delivered = await services.orders.deliver(result.order.id, actor="staff:9",
                                              login="manual@example.com", password="s3cret")
    sub = delivered.subscription
    assert (sub.auto_renew, sub.qr_exports) == (False, 0)
    assert (sub.ends_at - sub.starts_at).days == product.duration_days
    entry = (await services.audit.latest(1, "order."))[0]
    assert (entry.action, entry.actor, entry.target) == ("order.deliver", "staff:9",
                                                         result.order.id)
    assert entry.details == {"item_id": delivered.order.stock_item_id, "subscription_id": sub.id}
    level = (await services.stock.levels([product.id]))[0]
    assert level.sold_items == 1


async def test_refund_credits_once_returns_the_slot_and_ends_the_subscription(
        services: Services):
    product = await make_product(services, price=7_000)
    await stock(services, product, 1)
    await fund(services, 1, 7_000)
    bought = await services.purchases.purchase(1, product.id, intent_id="p")

    refunded = await services.orders.refund(bought.order.id, actor="staff:9", stock="return")
    again = await services.orders.refund(bought.order.id, actor="staff:9", stock="return")

    assert refunded.status is OrderStatus.REFUNDED and again.status is OrderStatus.REFUNDED
    assert await services.wallet.balance(1) == 7_000
    (credit, _debit, _seed) = (await services.wallet.statement(1)).entries
    assert credit.key == f"refund:{bought.order.id}" and credit.amount == 7_000
    (entry,) = await services.stock.list_items(product.id)
    assert entry.status is StockStatus.AVAILABLE and entry.slots_used == 0
    sub = await services.subscriptions.get(bought.subscription.id)
    assert sub.status is SubscriptionStatus.REFUNDED
    assert ("order-refunded", "user", 1) in await _templates(services)
    audit = await services.audit.latest(5, "order.")
    assert [(a.action, a.target, a.details["stock"]) for a in audit] == \
        [("order.refund", bought.order.id, "return")]
    with pytest.raises(SubscriptionNotActive):
        await services.credentials.view(1, bought.subscription.id)


async def test_refund_can_revoke_the_credential_instead(services: Services):
    product = await make_product(services, price=7_000)
    await stock(services, product, 1)
    await fund(services, 1, 7_000)
    bought = await services.purchases.purchase(1, product.id, intent_id="p")
    await services.orders.refund(bought.order.id, actor="staff:9", stock="revoke")
    (entry,) = await services.stock.list_items(product.id)
    assert entry.status is StockStatus.REVOKED
    await fund(services, 2, 7_000)
    with pytest.raises(OutOfStock):
        await services.purchases.purchase(2, product.id, intent_id="q")


async def test_a_pending_manual_order_can_be_refunded_but_not_delivered_after(
        services: Services):
    product = await make_product(services, price=5_000, delivery=Delivery.MANUAL)
    await fund(services, 1, 5_000)
    pending = await services.purchases.purchase(1, product.id, intent_id="m")
    await services.orders.refund(pending.order.id, actor="staff")
    assert await services.wallet.balance(1) == 5_000
    with pytest.raises(OrderStateError):
        await services.orders.deliver(pending.order.id, actor="staff", login="a", password="b")


async def test_a_refunded_automatic_order_is_not_delivered_as_a_replay(services: Services):
    product = await make_product(services, price=7_000)
    await stock(services, product, 1)
    await fund(services, 1, 7_000)
    bought = await services.purchases.purchase(1, product.id, intent_id="p")
    await services.orders.refund(bought.order.id, actor="staff:9")
    with pytest.raises(OrderStateError):
        await services.orders.deliver(bought.order.id, actor="staff", login="a", password="b")
    assert (await services.orders.get(bought.order.id)).status is OrderStatus.REFUNDED
