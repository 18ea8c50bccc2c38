"""Purchase rules on every store that the main flows do not reach: replays of an intent id,
intents held for another buyer, the bound price, a wallet in debt, auto-renew's own checks and
the one-minor-unit edges of prices, holds and ends."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta

import pytest

from core.bootstrap import Services, build_services
from core.clock import FixedClock
from core.config import Settings
from core.crypto import KeyRing
from core.errors import (
    IdempotencyConflict,
    InsufficientFunds,
    OutOfStock,
    PriceChanged,
    ValidationError,
    WalletInDebt,
)
from core.ids import SequentialIds
from core.models import Coupon, CouponKind, IntentStatus, OrderKind, TopUpStatus
from core.services.purchases import PendingPayment, PurchaseResult, auto_renew_intent
from core.services.wallet import Posting, post
from core.storage import Store
from tests.contract.test_purchase_support import fund, make_product, stock

USER = 42


@pytest.fixture
def shop(store: Store, settings: Settings, keyring: KeyRing, clock: FixedClock) -> Services:
    sandbox = settings.model_copy(update={"sandbox_gateway": True, "intent_hold_minutes": 15})
    return build_services(sandbox, store, keyring, clock=clock, ids=SequentialIds())


async def _templates(services: Services) -> list[str]:
    return sorted(m.template for m in await services.outbox.recent(100))


async def _owe(services: Services, user_id: int, amount: int) -> None:
    """Leave ``user_id`` owing ``amount`` (what a refund made at the gateway does)."""
    await services.store.transaction(lambda tx: post(
        tx, Posting(user_id, -amount, f"gateway-refund:test:{user_id}", "gateway-refund"),
        currency="INR", clock=services.clock, ids=services.ids, allow_negative=True))


async def _pay(shop: Services, pending: PendingPayment) -> None:
    callback = await shop.payments.sandbox_callback(pending.checkout.topup.id, paid=True)
    await shop.payments.handle_webhook("sandbox", *callback)


async def _held(shop: Services, product_price: int = 20_000, balance: int = 5_000):
    await shop.users.register(USER, first_name="Asha")
    product = await make_product(shop, price=product_price)
    await fund(shop, USER, balance)
    await stock(shop, product, 2)
    pending = await shop.purchases.pay_difference(USER, intent_id="hold-1", gateway="sandbox",
                                                  product_id=product.id)
    assert isinstance(pending, PendingPayment)
    return product, pending


# --- replays of an intent id -----------------------------------------------------------------


async def test_a_purchase_replayed_under_its_intent_id_returns_the_first_order(
        services: Services):
    product = await make_product(services, price=1_000)
    await stock(services, product, 2)
    await fund(services, 1, 5_000)
    first = await services.purchases.purchase(1, product.id, intent_id="p-1")
    again = await services.purchases.purchase(1, product.id, intent_id="p-1")
    assert first.replayed is False and again.replayed is True
    assert again.order.id == first.order.id and again.subscription.id == first.subscription.id
    assert await services.wallet.balance(1) == 4_000
    assert len(await services.orders.for_user(1)) == 1
    # Another customer sending the same intent id gets nothing of the first one's.
    await fund(services, 2, 5_000)
    with pytest.raises(IdempotencyConflict):
        await services.purchases.purchase(2, product.id, intent_id="p-1")
    assert await services.wallet.balance(2) == 5_000


async def test_a_renewal_replayed_under_its_intent_id_renews_once(services: Services):
    product = await make_product(services, price=1_000, duration_days=30)
    await stock(services, product, 3)
    await fund(services, 1, 5_000)
    first = (await services.purchases.purchase(1, product.id, intent_id="b-1")).subscription
    other = (await services.purchases.purchase(1, product.id, intent_id="b-2")).subscription
    renewed = await services.purchases.renew(1, first.id, intent_id="r-1")
    again = await services.purchases.renew(1, first.id, intent_id="r-1")
    assert again.replayed and again.order.id == renewed.order.id
    stored = await services.subscriptions.get(first.id)
    assert stored.ends_at == first.ends_at + timedelta(days=30)
    assert await services.wallet.balance(1) == 2_000
    with pytest.raises(IdempotencyConflict):  # the same intent id for another subscription
        await services.purchases.renew(1, other.id, intent_id="r-1")
    assert (await services.subscriptions.get(other.id)).ends_at == other.ends_at


# --- the price the customer was shown --------------------------------------------------------


async def test_a_purchase_bound_to_the_shown_amount_buys_only_at_that_amount(
        services: Services):
    product = await make_product(services, price=1_000)
    await stock(services, product, 2)
    await fund(services, 1, 5_000)
    with pytest.raises(PriceChanged) as changed:
        await services.purchases.purchase(1, product.id, intent_id="x-1", expected_amount=900)
    assert changed.value.params == {"quoted": 900, "amount": 1_000}
    assert await services.wallet.balance(1) == 5_000 and await services.orders.list() == []
    bought = await services.purchases.purchase(1, product.id, intent_id="x-2",
                                               expected_amount=1_000)
    assert bought.order.amount == 1_000
    for bad in (True, "1000", 10.0):
        with pytest.raises(ValidationError):
            await services.purchases.purchase(1, product.id, intent_id="x-3",
                                              expected_amount=bad)


async def test_pay_difference_bound_to_another_amount_holds_nothing(shop: Services):
    await shop.users.register(USER, first_name="Asha")
    product = await make_product(shop, price=20_000)
    await stock(shop, product, 1)
    with pytest.raises(PriceChanged):
        await shop.purchases.pay_difference(USER, intent_id="d-1", gateway="sandbox",
                                            product_id=product.id, expected_amount=15_000)
    assert await shop.purchases.intent(USER, "d-1") is None
    assert await shop.payments.list_topups(user_id=USER) == []


# --- a wallet in debt ------------------------------------------------------------------------


async def test_a_wallet_in_debt_buys_nothing_even_for_free_and_is_quoted_the_debt(
        services: Services):
    product = await make_product(services, price=1_000)
    await stock(services, product, 1)
    await services.coupons.add(Coupon(code="FREE", kind=CouponKind.PERCENT, value=10_000),
                               actor="staff")
    await _owe(services, 1, 300)
    with pytest.raises(WalletInDebt) as paid:
        await services.purchases.purchase(1, product.id, intent_id="debt-1")
    with pytest.raises(WalletInDebt) as free:
        await services.purchases.purchase(1, product.id, intent_id="debt-2", coupon_code="FREE")
    with pytest.raises(WalletInDebt) as quoted:
        await services.purchases.quote(1, product.id)
    assert [e.params["amount"] for e in (paid.value, free.value, quoted.value)] == [300] * 3
    assert await services.orders.list() == [] and await services.wallet.balance(1) == -300
    assert (await services.coupons.get("FREE")).used == 0


# --- quotes ----------------------------------------------------------------------------------


async def test_a_quote_names_the_shortfall_and_refuses_a_sold_out_plan(services: Services):
    product = await make_product(services, price=1_000)
    await fund(services, 1, 400)
    with pytest.raises(OutOfStock):
        await services.purchases.quote(1, product.id)
    await stock(services, product, 1)
    short = await services.purchases.quote(1, product.id)
    assert (short.amount, short.balance, short.shortfall) == (1_000, 400, 600)
    await fund(services, 1, 600)
    assert (await services.purchases.quote(1, product.id)).shortfall == 0


# --- what a purchase writes ------------------------------------------------------------------


async def test_one_minor_unit_is_charged_and_a_new_subscription_starts_plain(
        services: Services):
    product = await make_product(services, price=1)
    await stock(services, product, 1)
    await fund(services, 1, 5)
    bought = await services.purchases.purchase(1, product.id, intent_id="one")
    assert bought.order.amount == 1 and await services.wallet.balance(1) == 4
    stored = await services.subscriptions.get(bought.subscription.id)
    assert (stored.auto_renew, stored.qr_exports) == (False, 0)


async def test_the_renewal_message_says_whether_the_credential_changed(services: Services):
    product = await make_product(services, price=1_000)
    await stock(services, product, 2)
    await fund(services, 1, 3_000)
    sub = (await services.purchases.purchase(1, product.id, intent_id="p")).subscription
    kept = await services.purchases.renew(1, sub.id, intent_id="r-kept")
    await services.stock.revoke(sub.stock_item_id, actor="staff", reason="dead")
    fresh = await services.purchases.renew(1, sub.id, intent_id="r-new")
    changed = {m.params["order_id"]: m.params["credential_changed"]
               for m in await services.outbox.recent(50) if m.template == "subscription-renewed"}
    assert changed == {kept.order.id: False, fresh.order.id: True}


async def test_renewing_exactly_at_the_end_restarts_the_period_from_now(services: Services,
                                                                        clock):
    product = await make_product(services, price=1_000, duration_days=30)
    await stock(services, product, 1)
    await fund(services, 1, 2_000)
    sub = (await services.purchases.purchase(1, product.id, intent_id="p")).subscription
    clock.set(sub.ends_at)
    renewed = (await services.purchases.renew(1, sub.id, intent_id="r")).subscription
    assert renewed.starts_at == clock.now()
    assert renewed.ends_at == clock.now() + timedelta(days=30)


# --- intents held by pay_difference ----------------------------------------------------------


async def test_a_held_intent_is_bought_by_its_owner_at_the_held_price_and_closed(
        shop: Services):
    product, _pending = await _held(shop)
    await shop.catalog.edit(product.id, actor="test", price=30_000)
    await fund(shop, USER, 15_000)
    bought = await shop.purchases.purchase(USER, product.id, intent_id="hold-1")
    assert bought.order.price == 20_000 and await shop.wallet.balance(USER) == 0
    intent = await shop.purchases.intent(USER, "hold-1")
    assert intent.status is IntentStatus.COMPLETED and intent.order_id == bought.order.id


async def test_a_held_intent_is_not_anyone_elses_nor_for_another_plan(shop: Services):
    product, _pending = await _held(shop)
    other = await make_product(shop, plan="Basic", price=20_000)
    await stock(shop, other, 1, prefix="o")
    await fund(shop, 7, 50_000)
    with pytest.raises(IdempotencyConflict):  # another customer's intent id
        await shop.purchases.purchase(7, product.id, intent_id="hold-1")
    await fund(shop, USER, 50_000)
    with pytest.raises(IdempotencyConflict):  # the owner, for another plan
        await shop.purchases.purchase(USER, other.id, intent_id="hold-1")
    assert await shop.purchases.intent(7, "hold-1") is None  # not shown to another customer
    assert await shop.purchases.intent(USER, "no-such-intent") is None
    assert (await shop.purchases.intent(USER, "hold-1")).status is IntentStatus.AWAITING_PAYMENT
    assert await shop.wallet.balance(7) == 50_000 and await shop.orders.list() == []
    assert await shop.wallet.balance(USER) == 55_000


async def test_asking_again_returns_the_same_hold_at_its_price(shop: Services, clock):
    product, pending = await _held(shop)
    await shop.catalog.edit(product.id, actor="test", price=30_000)
    clock.advance(minutes=5)
    again = await shop.purchases.pay_difference(USER, intent_id="hold-1", gateway="sandbox",
                                                product_id=product.id)
    assert again.intent.amount == 20_000
    assert again.intent.expires_at == pending.intent.expires_at


async def test_the_hold_ends_exactly_at_its_expiry(shop: Services, clock):
    product, pending = await _held(shop)
    await shop.catalog.edit(product.id, actor="test", price=30_000)
    clock.set(pending.intent.expires_at)
    await fund(shop, USER, 25_000)
    bought = await shop.purchases.purchase(USER, product.id, intent_id="hold-1")
    assert bought.order.price == 30_000 and await shop.wallet.balance(USER) == 0


async def test_a_topup_landing_exactly_at_the_expiry_keeps_the_money(shop: Services, clock):
    _product, pending = await _held(shop)
    clock.set(pending.intent.expires_at)
    await _pay(shop, pending)
    assert await shop.orders.list() == []
    assert await shop.wallet.balance(USER) == 20_000
    assert (await shop.purchases.intent(USER, "hold-1")).failure == "intent-expired"


async def test_a_topup_that_no_longer_covers_the_hold_keeps_the_money(shop: Services):
    _product, pending = await _held(shop)
    # The customer spent part of the wallet meanwhile: the top-up lands but cannot buy.
    await shop.wallet.debit(USER, 1_000, key="spent", reason="purchase")
    await _pay(shop, pending)
    topup = await shop.payments.get(pending.checkout.topup.id)
    assert topup.status is TopUpStatus.CREDITED
    assert await shop.wallet.balance(USER) == 19_000 and await shop.orders.list() == []
    failed = await shop.purchases.intent(USER, "hold-1")
    assert (failed.status, failed.failure) == (IntentStatus.FAILED, "insufficient-funds")
    assert "purchase-failed" in await _templates(shop)


async def test_a_completed_topup_purchase_tells_the_customer(shop: Services):
    _product, pending = await _held(shop)
    await _pay(shop, pending)
    (order,) = await shop.orders.list()
    assert order.intent_id == "hold-1" and order.amount == 20_000
    completed = [m for m in await shop.outbox.recent(50) if m.template == "purchase-completed"]
    assert [(m.chat_id, m.params["order_id"]) for m in completed] == [(USER, order.id)]


async def test_a_topup_naming_another_customers_intent_only_credits(shop: Services):
    _product, pending = await _held(shop)
    await shop.users.register(7, first_name="Bo")
    theirs = await shop.payments.create_topup(7, 20_000, "sandbox", intent_id="hold-1")
    await _pay(shop, PendingPayment(pending.intent, theirs))
    lost = await shop.payments.create_topup(7, 1_000, "sandbox", intent_id="no-such-intent")
    await _pay(shop, PendingPayment(pending.intent, lost))
    assert await shop.wallet.balance(7) == 21_000 and await shop.orders.list() == []
    assert (await shop.purchases.intent(USER, "hold-1")).status is IntentStatus.AWAITING_PAYMENT
    assert await shop.wallet.balance(USER) == 5_000


async def test_pay_difference_when_covered_announces_and_when_sold_out_opens_nothing(
        shop: Services):
    await shop.users.register(USER, first_name="Asha")
    product = await make_product(shop, price=5_000)
    await fund(shop, USER, 1_000)
    with pytest.raises(OutOfStock):
        await shop.purchases.pay_difference(USER, intent_id="so-1", gateway="sandbox",
                                            product_id=product.id)
    assert await shop.payments.list_topups(user_id=USER) == []
    await stock(shop, product, 1)
    await fund(shop, USER, 4_000)
    result = await shop.purchases.pay_difference(USER, intent_id="so-2", gateway="sandbox",
                                                 product_id=product.id)
    assert isinstance(result, PurchaseResult)
    assert await _templates(shop) == ["purchase-completed"]


async def test_a_failed_hold_no_longer_holds_its_price(shop: Services):
    product, pending = await _held(shop)
    await fund(shop, 99, 100_000)
    await shop.purchases.purchase(99, product.id, intent_id="p-99")
    await shop.purchases.purchase(99, product.id, intent_id="p-98")  # sold out
    await _pay(shop, pending)
    assert (await shop.purchases.intent(USER, "hold-1")).status is IntentStatus.FAILED
    await stock(shop, product, 1, prefix="re")
    await shop.catalog.edit(product.id, actor="test", price=20_500)
    await fund(shop, USER, 500)  # the wallet now holds 20 500: the held 20 000 is gone
    bought = await shop.purchases.purchase(USER, product.id, intent_id="hold-1")
    assert bought.order.price == 20_500 and await shop.wallet.balance(USER) == 0


async def test_a_hold_whose_order_already_exists_is_closed_by_its_topup(shop: Services):
    """An intent left awaiting payment although its order exists (written here directly, as a
    restored backup might hold it): the top-up closes it and buys nothing twice."""
    product, pending = await _held(shop)
    await fund(shop, USER, 15_000)
    bought = await shop.purchases.purchase(USER, product.id, intent_id="hold-1")
    intent = await shop.purchases.intent(USER, "hold-1")
    reopened = dataclasses.replace(intent, status=IntentStatus.AWAITING_PAYMENT, order_id="")
    await shop.store.transaction(lambda tx: tx.intents.save(reopened))
    await _pay(shop, pending)
    closed = await shop.purchases.intent(USER, "hold-1")
    assert (closed.status, closed.order_id) == (IntentStatus.COMPLETED, bought.order.id)
    assert len(await shop.orders.list()) == 1
    assert await shop.wallet.balance(USER) == 15_000  # the top-up stays in the wallet


async def test_a_one_unit_shortfall_opens_a_one_unit_topup_when_the_minimum_allows(
        store: Store, settings: Settings, keyring: KeyRing, clock: FixedClock):
    tiny = settings.model_copy(update={"sandbox_gateway": True, "topup_min": 1})
    shop = build_services(tiny, store, keyring, clock=clock, ids=SequentialIds())
    await shop.users.register(USER, first_name="Asha")
    product = await make_product(shop, price=10_001)
    await stock(shop, product, 1)
    await fund(shop, USER, 10_000)
    pending = await shop.purchases.pay_difference(USER, intent_id="tiny", gateway="sandbox",
                                                  product_id=product.id)
    assert pending.checkout.topup.amount == 1
    await _pay(shop, pending)
    assert await shop.wallet.balance(USER) == 0 and len(await shop.orders.list()) == 1


async def test_a_coupon_that_lapsed_before_the_topup_names_its_reason(shop: Services):
    await shop.coupons.add(Coupon(code="TENOFF", kind=CouponKind.FIXED, value=1_000),
                           actor="staff")
    await shop.users.register(USER, first_name="Asha")
    product = await make_product(shop, price=20_000)
    await stock(shop, product, 1)
    await fund(shop, USER, 5_000)
    pending = await shop.purchases.pay_difference(USER, intent_id="cpn", gateway="sandbox",
                                                  product_id=product.id, coupon_code="tenoff")
    assert pending.intent.amount == 19_000
    await shop.coupons.set_active("TENOFF", False, actor="staff")
    await _pay(shop, pending)
    (failed,) = [m for m in await shop.outbox.recent(50) if m.template == "purchase-failed"]
    assert (failed.params["reason"], failed.params["coupon_reason"]) == ("coupon-invalid",
                                                                         "disabled")
    assert await shop.wallet.balance(USER) == 19_000 and await shop.orders.list() == []


async def test_a_stale_amount_is_reported_before_the_stock(services: Services):
    product = await make_product(services, price=1_000)
    await fund(services, 1, 5_000)
    with pytest.raises(PriceChanged):  # sold out too: the shown price is what went wrong
        await services.purchases.purchase(1, product.id, intent_id="stale",
                                          expected_amount=900)


# --- auto-renew ------------------------------------------------------------------------------


async def test_auto_renew_renews_an_active_auto_renewing_subscription_once_per_period(
        services: Services, clock):
    product = await make_product(services, price=1_000, duration_days=30)
    await stock(services, product, 1)
    await fund(services, 1, 3_000)
    sub = (await services.purchases.purchase(1, product.id, intent_id="p")).subscription
    end = sub.ends_at
    assert await services.purchases.auto_renew(sub.id, period_end=end) is None  # it is off
    await services.subscriptions.set_auto_renew(1, sub.id, True)
    assert await services.purchases.auto_renew("sub_missing", period_end=end) is None
    assert await services.purchases.auto_renew(sub.id, period_end=end + timedelta(days=1)) \
        is None  # another period than the one it ends
    assert await services.wallet.balance(1) == 2_000

    renewed = await services.purchases.auto_renew(sub.id, period_end=end)
    assert renewed.replayed is False and renewed.order.kind is OrderKind.RENEWAL
    assert renewed.order.intent_id == f"ar:{sub.id}:{int(end.timestamp() * 1000)}"
    assert (await services.subscriptions.get(sub.id)).ends_at == end + timedelta(days=30)
    again = await services.purchases.auto_renew(sub.id, period_end=end)
    assert again.replayed and again.order.id == renewed.order.id
    assert await services.wallet.balance(1) == 1_000
    assert "subscription-renewed" in await _templates(services)

    clock.set(end + timedelta(days=31))
    (expired,) = await services.subscriptions.expire_due()
    assert await services.purchases.auto_renew(sub.id, period_end=expired.ends_at) is None
    assert await services.wallet.balance(1) == 1_000


async def test_auto_renew_with_too_little_balance_raises_and_changes_nothing(
        services: Services):
    product = await make_product(services, price=1_000, duration_days=30)
    await stock(services, product, 1)
    await fund(services, 1, 1_500)
    sub = (await services.purchases.purchase(1, product.id, intent_id="p")).subscription
    await services.subscriptions.set_auto_renew(1, sub.id, True)
    with pytest.raises(InsufficientFunds) as short:
        await services.purchases.auto_renew(sub.id, period_end=sub.ends_at)
    assert short.value.params["shortfall"] == 500
    assert (await services.subscriptions.get(sub.id)).ends_at == sub.ends_at


def test_an_auto_renew_intent_id_is_at_most_64_characters():
    end = datetime(2026, 5, 1, tzinfo=UTC)
    assert auto_renew_intent("sub_1", end) == "ar:sub_1:1777593600000"
    assert len(auto_renew_intent("s" * 80, end)) == 64
