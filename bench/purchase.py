"""Purchases per second on the SQLite store: sequential, and with 50 concurrent buyers.

A purchase is one unit of work: claim a stock item, debit the wallet through the ledger, create
the order and the subscription, queue the customer's message, commit (synchronous=FULL). The
concurrent run over-subscribes on purpose: 50 buyers ask for more items than are in stock and
some wallets run dry, so out-of-stock and short-balance refusals race with successful purchases.
Afterwards the bench looks for anomalies: items sold more often than they have slots, wallets
below zero or out of step with their entries, purchase debits without their order and orders
without their debit. The last line is one JSON object of the figures.

    .venv/bin/python bench/purchase.py [--purchases 1000]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import tempfile
import time
from collections import Counter
from pathlib import Path

from core.bootstrap import Services, build_services
from core.config import Settings
from core.crypto import KeyRing
from core.errors import InsufficientFunds, OutOfStock
from core.models import Product
from core.storage import open_store
from core.storage.base import Tx

BUYERS = 50
PRICE = 1_000


def _lines(count: int, prefix: str) -> str:
    return "".join(f"{prefix}{n}@example.com:pw-{n}\n" for n in range(count))


async def _product(shop: Services, name: str, items: int) -> Product:
    product = await shop.catalog.add(actor="bench", platform="Bench", plan=name, price=PRICE,
                                     duration_days=30)
    report = await shop.stock.import_items(product.id, _lines(items, name), actor="bench")
    assert report.added == items
    return product


async def _sequential(shop: Services, product: Product, count: int) -> float:
    for user in range(1, count + 1):
        await shop.wallet.credit(user, PRICE, key=f"seed-seq-{user}", reason="topup")
    start = time.perf_counter()
    for user in range(1, count + 1):
        await shop.purchases.purchase(user, product.id, intent_id=f"seq-{user}")
    return count / (time.perf_counter() - start)


async def _concurrent(shop: Services, product: Product, attempts_each: int
                      ) -> tuple[float, Counter[str]]:
    buyers = range(100_001, 100_001 + BUYERS)
    for user in buyers:  # every other buyer can pay for three quarters of their asks only
        affordable = attempts_each if user % 2 else attempts_each * 3 // 4
        await shop.wallet.credit(user, PRICE * affordable, key=f"seed-{user}", reason="topup")
    outcomes: Counter[str] = Counter()

    async def buyer(user: int) -> None:
        for n in range(attempts_each):
            try:
                await shop.purchases.purchase(user, product.id, intent_id=f"c-{user}-{n}")
                outcomes["bought"] += 1
            except OutOfStock:
                outcomes["out_of_stock"] += 1
            except InsufficientFunds:
                outcomes["short_balance"] += 1

    start = time.perf_counter()
    await asyncio.gather(*(buyer(u) for u in buyers))
    return outcomes["bought"] / (time.perf_counter() - start), outcomes


async def _anomalies(tx: Tx, products: list[Product]) -> dict[str, int]:
    found = Counter({"oversold_items": 0, "overdrawn_wallets": 0, "debits_without_orders": 0,
                     "orders_without_debits": 0})
    for product in products:
        for item in await tx.stock.list(product.id, limit=1_000_000):
            holders = await tx.subscriptions.on_item(item.id)
            if len(holders) > item.slots_total or item.slots_used != len(holders):
                found["oversold_items"] += 1
    for user in await tx.ledger.wallet_user_ids():
        balance = await tx.ledger.balance(user)
        if balance < 0 or balance != await tx.ledger.sum_entries(user):
            found["overdrawn_wallets"] += 1
        for entry in await tx.ledger.entries(user, limit=1_000_000):
            if entry.reason == "purchase":
                order = await tx.orders.get(entry.ref)
                if order is None or order.amount != -entry.amount or order.user_id != user:
                    found["debits_without_orders"] += 1
    for order in await tx.orders.list(limit=1_000_000):
        if order.amount and await tx.ledger.find_by_key(f"purchase:{order.intent_id}") is None:
            found["orders_without_debits"] += 1
    return dict(found)


async def main(purchases: int) -> dict[str, object]:
    folder = Path(tempfile.mkdtemp(prefix="bench-purchase-"))
    settings = Settings(_env_file=None, database_url=f"sqlite:///{folder / 'bench.db'}")
    store = await open_store(settings.database_url)
    shop = build_services(settings, store, KeyRing.generate())
    attempts_each = -(-purchases * 6 // 5 // BUYERS)  # 20 % more asks than items
    seq_product = await _product(shop, "seq", purchases)
    conc_product = await _product(shop, "conc", purchases)
    seq = await _sequential(shop, seq_product, purchases)
    conc, outcomes = await _concurrent(shop, conc_product, attempts_each)
    anomalies = await store.read(lambda tx: _anomalies(tx, [seq_product, conc_product]))
    await shop.close()
    total = sum(anomalies.values())
    print(f"store: SQLite WAL file in {folder}")
    print(f"sequential:              {seq:8.0f} purchases/s ({purchases} purchases)")
    print(f"{BUYERS} concurrent buyers:    {conc:8.0f} purchases/s ({outcomes['bought']} bought, "
          f"{outcomes['out_of_stock']} out of stock, {outcomes['short_balance']} short balance "
          f"of {BUYERS * attempts_each} attempts)")
    print("anomalies: " + ", ".join(f"{k} {v}" for k, v in anomalies.items()))
    return {"bench": "purchase", "seq_per_s": round(seq, 1), "concurrent_per_s": round(conc, 1),
            "anomalies": total}


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--purchases", type=int, default=1000,
                        help="items per phase (the concurrent phase asks for 20%% more)")
    args = parser.parse_args()
    print(json.dumps(asyncio.run(main(args.purchases))))
