"""Finding and claiming due reminders among 1,000,000 subscriptions on SQLite.

1,000,000 subscriptions are bulk-inserted (one transaction, executemany), of which exactly 1,000
have a reminder due at the tick: their 3-day reminder falls between the previous tick (when the
job last ran and left its cursors) and this one; every other subscription ends elsewhere — long
ago, already reminded, or far ahead. The job then runs once at the tick, as ``subvault jobs``
would: for each offset it pages from its cursor through the subscriptions index, queues each
reminder in the outbox and moves the cursor, committing each page (synchronous=FULL). That time
is ``scan_ms``. Beside it, in the same run and on the same file, ``floor_ms`` is one bare indexed
SQL query returning the ids of the same 1,000 due subscriptions (median of 5). The last line is
one JSON object.

    .venv/bin/python bench/reminders.py [--subscriptions 1000000] [--due 1000]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import sqlite3
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from core.bootstrap import build_services
from core.clock import FixedClock, to_iso
from core.config import Settings
from core.crypto import KeyRing
from core.ids import RandomIds
from core.services.reminders import ReminderService
from core.storage import open_store

T0 = datetime(2026, 3, 1, tzinfo=UTC)
TICK = timedelta(minutes=1)
OFFSETS = (timedelta(days=3), timedelta(days=1), timedelta(0))


def _windows(t1: datetime) -> list[tuple[datetime, datetime]]:
    return [(T0 + o, t1 + o) for o in OFFSETS]


def _rows(total: int, due: int, t1: datetime, product_id: str):
    rng = random.Random(2026)
    windows = _windows(t1)
    span = int(timedelta(days=90).total_seconds())
    created = to_iso(T0 - timedelta(days=40))
    due_start, due_end = windows[0]
    due_span = (due_end - due_start).total_seconds()
    for n in range(total):
        if n < due:
            end = due_start + timedelta(seconds=1 + rng.random() * (due_span - 1))
        else:
            while True:
                end = T0 - timedelta(days=30) + timedelta(seconds=rng.randrange(span))
                if not any(lo < end <= hi for lo, hi in windows):
                    break
        status = "active" if end > T0 - timedelta(days=1) else "expired"
        yield (f"sub_{n:09d}", 10_000 + n % 250_000, product_id, "", status, created,
               to_iso(end), n % 5 == 0, 0, f"ord_{n:09d}", created, created)


def _bulk_insert(path: Path, total: int, due: int, t1: datetime, product_id: str) -> float:
    start = time.perf_counter()
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("BEGIN")
    conn.executemany(
        """INSERT INTO subscriptions (id, user_id, product_id, stock_item_id, status, starts_at,
               ends_at, auto_renew, qr_exports, order_id, created_at, updated_at)
           VALUES (?,?,?,?,?,?,?,?,?,?,?,?)""", _rows(total, due, t1, product_id))
    conn.execute("COMMIT")
    conn.close()
    return time.perf_counter() - start


def _floor(path: Path, t1: datetime) -> tuple[float, int, str]:
    lo, hi = _windows(t1)[0]
    conn = sqlite3.connect(path)
    sql = ("SELECT id FROM subscriptions WHERE ends_at > ? AND ends_at <= ? "
           "AND status IN ('active', 'expired')")
    plan = " ".join(r[-1] for r in conn.execute(f"EXPLAIN QUERY PLAN {sql}",
                                                (to_iso(lo), to_iso(hi))))
    times, found = [], 0
    for _ in range(5):
        start = time.perf_counter()
        found = len(conn.execute(sql, (to_iso(lo), to_iso(hi))).fetchall())
        times.append((time.perf_counter() - start) * 1000)
    conn.close()
    return statistics.median(times), found, plan


async def main(total: int, due: int) -> dict:
    folder = Path(tempfile.mkdtemp(prefix="bench-reminders-"))
    path = folder / "bench.db"
    settings = Settings(_env_file=None, database_url=f"sqlite:///{path}", currency="INR")
    clock = FixedClock(T0)
    store = await open_store(f"sqlite:///{path}")
    shop = build_services(settings, store, KeyRing.generate(), clock=clock, ids=RandomIds())
    product = await shop.catalog.add(actor="bench", platform="Bench", plan="Monthly",
                                     price=29_900, duration_days=30)
    job = ReminderService(store, clock, shop.ids, offsets=OFFSETS, currency="INR")
    assert await job.run() == 0  # the previous tick: cursors at T0
    t1 = T0 + TICK
    insert_s = await asyncio.to_thread(_bulk_insert, path, total, due, t1, product.id)
    print(f"inserted {total:,} subscriptions in {insert_s:.1f} s")
    clock.set(t1)
    start = time.perf_counter()
    queued = await job.run()
    scan_ms = (time.perf_counter() - start) * 1000
    claimed = len([m for m in await shop.outbox.recent(due * 2)
                   if m.template == "reminder-ending"])
    await shop.close()
    floor_ms, found, plan = _floor(path, t1)
    print(f"floor query plan: {plan}")
    print(f"find and claim {queued:,} due reminders: {scan_ms:.1f} ms; bare indexed query "
          f"for the same {found:,}: {floor_ms:.2f} ms (median of 5)")
    return {"bench": "reminders", "scan_ms": round(scan_ms, 2), "floor_ms": round(floor_ms, 2),
            "ratio": round(scan_ms / floor_ms, 2), "due": found, "claimed": claimed}


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subscriptions", type=int, default=1_000_000)
    parser.add_argument("--due", type=int, default=1_000)
    args = parser.parse_args()
    print(json.dumps(asyncio.run(main(args.subscriptions, args.due))))
