"""Concurrent purchases on every store: never oversold, never overdrawn, one order per intent."""

from __future__ import annotations

import asyncio
import time

from core.bootstrap import Services
from core.errors import InsufficientFunds, OutOfStock
from core.models import StockStatus
from tests.contract.test_purchase_support import fund, make_product, stock

MONGO_BUDGET_S = 60


async def _debits_without_order(services: Services, user_ids: list[int]) -> list[str]:
    """Purchase ledger entries whose order does not exist (must be none)."""
    missing = []
    for user_id in user_ids:
        statement = await services.wallet.statement(user_id, limit=100)
        for entry in statement.entries:
            if entry.reason == "purchase":
                order = await services.store.read(lambda tx, ref=entry.ref: tx.orders.get(ref))
                if order is None or order.amount != -entry.amount:
                    missing.append(entry.key)
    return missing


async def test_two_hundred_buyers_for_fifty_items_get_exactly_fifty(services: Services):
    product = await make_product(services, price=10_000)
    await stock(services, product, 50)
    buyers = list(range(1000, 1200))
    for user_id in buyers:
        await fund(services, user_id, 10_000)

    started = time.perf_counter()
    results = await asyncio.gather(
        *(services.purchases.purchase(u, product.id, intent_id=f"buy-{u}") for u in buyers),
        return_exceptions=True)
    elapsed = time.perf_counter() - started

    won = [r for r in results if not isinstance(r, BaseException)]
    lost = [r for r in results if isinstance(r, BaseException)]
    assert len(won) == 50
    assert len(lost) == 150 and all(isinstance(r, OutOfStock) for r in lost), \
        {type(r).__name__ for r in lost}
    items = [r.order.stock_item_id for r in won]
    assert len(set(items)) == 50  # no item sold twice
    sold = await services.stock.list_items(product.id, StockStatus.SOLD, limit=100)
    assert sorted(e.id for e in sold) == sorted(items)
    assert all(e.slots_used == 1 for e in sold)
    winners = {r.order.user_id for r in won}
    for user_id in buyers:
        assert await services.wallet.balance(user_id) == (0 if user_id in winners else 10_000)
    assert await _debits_without_order(services, buyers) == []
    assert await services.wallet.find_mismatches() == []
    if services.store.kind == "mongodb":
        assert elapsed < MONGO_BUDGET_S, f"took {elapsed:.1f}s"
    print(f"\n200 buyers / 50 items on {services.store.kind}: {elapsed:.2f}s")


async def test_twenty_purchases_from_a_wallet_that_affords_five_buy_five(services: Services):
    product = await make_product(services, price=2_000)
    await stock(services, product, 30)
    await fund(services, 7, 10_000)

    started = time.perf_counter()
    results = await asyncio.gather(
        *(services.purchases.purchase(7, product.id, intent_id=f"tap-{n}") for n in range(20)),
        return_exceptions=True)
    elapsed = time.perf_counter() - started

    won = [r for r in results if not isinstance(r, BaseException)]
    lost = [r for r in results if isinstance(r, BaseException)]
    assert len(won) == 5
    assert all(isinstance(r, InsufficientFunds) for r in lost) and len(lost) == 15
    assert await services.wallet.balance(7) == 0
    levels = await services.stock.levels([product.id])
    assert levels[0].sold_items == 5 and levels[0].available_items == 25
    assert await _debits_without_order(services, [7]) == []
    if services.store.kind == "mongodb":
        assert elapsed < MONGO_BUDGET_S
    print(f"\n20 taps / 5 affordable on {services.store.kind}: {elapsed:.2f}s")


async def test_one_intent_sent_five_times_at_once_buys_once(services: Services):
    product = await make_product(services, price=3_000)
    await stock(services, product, 5)
    await fund(services, 8, 10_000)

    results = await asyncio.gather(
        *(services.purchases.purchase(8, product.id, intent_id="double-tap") for _ in range(5)))

    assert len({r.order.id for r in results}) == 1
    assert sum(not r.replayed for r in results) == 1
    assert await services.wallet.balance(8) == 7_000
    statement = await services.wallet.statement(8)
    assert [e.amount for e in statement.entries] == [-3_000, 10_000]
    assert len(await services.orders.for_user(8)) == 1
    assert (await services.stock.levels([product.id]))[0].sold_items == 1
