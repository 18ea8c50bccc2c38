"""Ledger operations per second on the SQLite store: sequential, and with 50 concurrent tasks.

Each operation is one idempotent credit or debit (a unit of work: key lookup, conditional balance
update, entry insert, commit with synchronous=FULL). After each run the bench checks that every
wallet's balance equals the sum of its entries; the last line is one JSON object of the figures.

    .venv/bin/python bench/ledger.py [--ops 4000] [--users 100]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import tempfile
import time
from pathlib import Path

from core.clock import SystemClock
from core.ids import RandomIds
from core.services.wallet import WalletService
from core.storage import open_store

CONCURRENCY = 50


async def _operate(wallet: WalletService, i: int, users: int) -> None:
    user = 1 + (i // 3) % users  # two credits of 250, then a debit of 100, per user
    if i % 3 == 2:
        await wallet.debit(user, 100, key=f"d{i}", reason="bench")
    else:
        await wallet.credit(user, 250, key=f"c{i}", reason="bench")


async def _sequential(wallet: WalletService, ops: int, users: int) -> float:
    start = time.perf_counter()
    for i in range(ops):
        await _operate(wallet, i, users)
    return ops / (time.perf_counter() - start)


async def _concurrent(wallet: WalletService, ops: int, users: int, offset: int) -> float:
    queue = iter(range(offset, offset + ops))

    async def worker() -> None:
        for i in queue:
            await _operate(wallet, i, users)

    start = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(CONCURRENCY)))
    return ops / (time.perf_counter() - start)


async def main(ops: int, users: int) -> dict[str, object]:
    folder = Path(tempfile.mkdtemp(prefix="bench-ledger-"))
    store = await open_store(f"sqlite:///{folder / 'bench.db'}")
    wallet = WalletService(store, SystemClock(), RandomIds(), "INR")
    seq = await _sequential(wallet, ops, users)
    conc = await _concurrent(wallet, ops, users, offset=ops)
    mismatches = await wallet.find_mismatches()
    await store.close()
    print(f"store: SQLite WAL file in {folder}")
    print(f"sequential:            {seq:8.0f} ledger ops/s ({ops} ops)")
    print(f"{CONCURRENCY} concurrent tasks:   {conc:8.0f} ledger ops/s ({ops} ops)")
    print(f"wallets whose balance != sum of entries: {len(mismatches)}")
    return {"bench": "ledger", "seq_per_s": round(seq, 1), "concurrent_per_s": round(conc, 1),
            "ops": ops, "mismatches": len(mismatches)}


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ops", type=int, default=4000)
    parser.add_argument("--users", type=int, default=100)
    args = parser.parse_args()
    print(json.dumps(asyncio.run(main(args.ops, args.users))))
