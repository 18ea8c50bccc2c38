"""Pay at purchase on every store: a short wallet holds the purchase and tops up the difference;
the credited top-up completes the purchase in the same transaction, exactly once."""

from __future__ import annotations

import pytest

from core.bootstrap import Services, build_services
from core.clock import FixedClock
from core.config import Settings
from core.crypto import KeyRing
from core.ids import SequentialIds
from core.models import IntentStatus, OrderStatus
from core.services.purchases import PendingPayment, PurchaseResult
from core.storage import Store
from tests.contract.test_purchase_support import fund, make_product, stock

USER = 42


@pytest.fixture
def shop(store: Store, settings: Settings, keyring: KeyRing, clock: FixedClock) -> Services:
    sandbox = settings.model_copy(update={"sandbox_gateway": True, "intent_hold_minutes": 15})
    return build_services(sandbox, store, keyring, clock=clock, ids=SequentialIds())


async def _pay(shop: Services, pending: PendingPayment) -> tuple[bytes, dict[str, str]]:
    callback = await shop.payments.sandbox_callback(pending.checkout.topup.id, paid=True)
    await shop.payments.handle_webhook("sandbox", *callback)
    return callback


async def _short_user(shop: Services, price: int = 49_900, balance: int = 10_000):
    await shop.users.register(USER, first_name="Asha")
    product = await make_product(shop, price=price)
    await fund(shop, USER, balance)
    return product


async def test_short_wallet_then_topup_webhook_buys_once_and_empties_the_wallet(shop: Services):
    product = await _short_user(shop)
    await stock(shop, product, 3)

    pending = await shop.purchases.pay_difference(USER, intent_id="pay-1", gateway="sandbox",
                                                  product_id=product.id)
    assert isinstance(pending, PendingPayment)
    assert pending.intent.shortfall == 39_900 and pending.checkout.topup.amount == 39_900
    assert pending.checkout.topup.intent_id == "pay-1"
    assert await shop.orders.for_user(USER) == []  # nothing bought yet

    callback = await _pay(shop, pending)
    orders = await shop.orders.for_user(USER)
    assert len(orders) == 1 and orders[0].status is OrderStatus.COMPLETED
    assert orders[0].intent_id == "pay-1" and orders[0].amount == 49_900
    assert await shop.wallet.balance(USER) == 0
    intent = await shop.purchases.intent(USER, "pay-1")
    assert intent.status is IntentStatus.COMPLETED and intent.order_id == orders[0].id

    await shop.payments.handle_webhook("sandbox", *callback)  # the gateway retries
    assert len(await shop.orders.for_user(USER)) == 1
    assert await shop.wallet.balance(USER) == 0
    assert (await shop.stock.levels([product.id]))[0].sold_items == 1
    assert await shop.wallet.find_mismatches() == []


async def test_the_held_price_is_charged_even_if_the_price_rose_meanwhile(shop: Services):
    product = await _short_user(shop, price=20_000, balance=5_000)
    await stock(shop, product, 1)
    pending = await shop.purchases.pay_difference(USER, intent_id="pay-2", gateway="sandbox",
                                                  product_id=product.id)
    await shop.catalog.edit(product.id, actor="test", price=30_000)
    await _pay(shop, pending)
    (order,) = await shop.orders.for_user(USER)
    assert order.price == 20_000 and await shop.wallet.balance(USER) == 0


async def test_sold_out_before_the_topup_keeps_the_money_and_tells_the_customer(shop: Services):
    product = await _short_user(shop)
    await stock(shop, product, 1)
    pending = await shop.purchases.pay_difference(USER, intent_id="pay-3", gateway="sandbox",
                                                  product_id=product.id)
    await fund(shop, 99, 100_000)
    await shop.purchases.purchase(99, product.id, intent_id="other-buyer")  # the last item

    await _pay(shop, pending)
    assert await shop.orders.for_user(USER) == []
    assert await shop.wallet.balance(USER) == 49_900  # 10 000 + the 39 900 top-up
    intent = await shop.purchases.intent(USER, "pay-3")
    assert intent.status is IntentStatus.FAILED and intent.failure == "out-of-stock"
    failed = [m for m in await shop.outbox.recent(50) if m.template == "purchase-failed"]
    assert [(m.chat_id, m.params["reason"]) for m in failed] == [(USER, "out-of-stock")]


async def test_an_expired_hold_keeps_the_money(shop: Services, clock: FixedClock):
    product = await _short_user(shop)
    await stock(shop, product, 2)
    pending = await shop.purchases.pay_difference(USER, intent_id="pay-4", gateway="sandbox",
                                                  product_id=product.id)
    clock.advance(minutes=16)
    await _pay(shop, pending)
    assert await shop.orders.for_user(USER) == []
    assert await shop.wallet.balance(USER) == 49_900
    assert (await shop.purchases.intent(USER, "pay-4")).failure == "intent-expired"


async def test_a_wallet_that_already_covers_it_just_buys(shop: Services):
    product = await _short_user(shop, price=5_000, balance=5_000)
    await stock(shop, product, 1)
    result = await shop.purchases.pay_difference(USER, intent_id="pay-5", gateway="sandbox",
                                                 product_id=product.id)
    assert isinstance(result, PurchaseResult) and result.order.amount == 5_000
    assert await shop.payments.list_topups(user_id=USER) == []


async def test_a_tiny_shortfall_tops_up_the_gateway_minimum(shop: Services):
    product = await _short_user(shop, price=10_050, balance=10_000)
    await stock(shop, product, 1)
    pending = await shop.purchases.pay_difference(USER, intent_id="pay-6", gateway="sandbox",
                                                  product_id=product.id)
    assert pending.intent.shortfall == 50
    assert pending.checkout.topup.amount == shop.settings.topup_min
    await _pay(shop, pending)
    assert await shop.wallet.balance(USER) == shop.settings.topup_min - 50
    assert len(await shop.orders.for_user(USER)) == 1
