"""Finding and claiming due reminders among 1,000,000 subscriptions on SQLite.

1,000,000 subscriptions are bulk-inserted (one transaction, executemany; the indexes built
after). The job runs at five successive one-minute ticks, as ``subvault jobs`` would, and at each
tick exactly 1,000 have a reminder due: their 3-day reminder falls between the previous tick
(when the job last ran and left its cursors) and this one; every other subscription ends
elsewhere — long ago, already reminded, or far ahead. ``scan_ms`` is the job's first step,
finding and claiming: one transaction that, for each offset, finds the due reminders from its
cursor on the subscriptions' end index (a count), records the window that claims them all and
moves the cursor (committed, synchronous=FULL); median of the five ticks. Beside it, in the same
run and on the same file, ``floor_ms`` is one bare indexed SQL query returning the ids of one
tick's 1,000 due subscriptions; median of five runs over each of the same five windows. The
second step, reading the window's 1,000 subscriptions a page at a time and composing their
outbox messages, runs after each claim and is timed and printed too (``queue``), outside the
ratio. The last line is one JSON object.

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
TICKS = 5
OFFSETS = (timedelta(days=3), timedelta(days=1), timedelta(0))


def _windows(t1: datetime) -> list[tuple[datetime, datetime]]:
    return [(T0 + o, t1 + o) for o in OFFSETS]


def _rows(total: int, due: int, t1: datetime, product_id: str):
    """``due`` subscriptions whose 3-day reminder falls in each tick, the rest outside every
    offset's window of every tick."""
    rng = random.Random(2026)
    base = int(T0.timestamp())
    windows = [(int(lo.timestamp()), int(hi.timestamp())) for lo, hi in _windows(t1)]
    due_lo = windows[0][0]
    tick = int(TICK.total_seconds())
    low, span = base - 30 * 86400, 90 * 86400
    created = to_iso(T0 - timedelta(days=40))
    for n in range(total):
        if n < due * TICKS:
            start = due_lo + (n // due) * tick
            end = rng.randint(start + 1, start + tick)
        else:
            end = low + rng.randrange(span)
            while any(lo < end <= hi for lo, hi in windows):
                end = low + rng.randrange(span)
        stamp = time.strftime("%Y-%m-%dT%H:%M:%S.000Z", time.gmtime(end))
        status = "active" if end > base - 86400 else "expired"
        yield (f"sub_{n:09d}", 10_000 + n % 250_000, product_id, "", status, created, stamp,
               n % 5 == 0, 0, f"ord_{n:09d}", created, created)


def _bulk_insert(path: Path, total: int, due: int, t1: datetime, product_id: str) -> float:
    start = time.perf_counter()
    conn = sqlite3.connect(path, isolation_level=None)
    # Alone on the file: no WAL copy and no fsync per page for the load itself.
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.execute("PRAGMA synchronous = OFF")
    conn.execute("PRAGMA cache_size = -200000")
    indexes = conn.execute("SELECT sql FROM sqlite_master WHERE type = 'index' "
                           "AND tbl_name = 'subscriptions' AND sql IS NOT NULL").fetchall()
    names = conn.execute("SELECT name FROM sqlite_master WHERE type = 'index' "
                         "AND tbl_name = 'subscriptions' AND sql IS NOT NULL").fetchall()
    conn.execute("BEGIN")
    for (name,) in names:
        conn.execute(f"DROP INDEX {name}")
    conn.executemany(
        """INSERT INTO subscriptions (id, user_id, product_id, stock_item_id, status, starts_at,
               ends_at, auto_renew, qr_exports, order_id, created_at, updated_at)
           VALUES (?,?,?,?,?,?,?,?,?,?,?,?)""", _rows(total, due, t1, product_id))
    for (sql,) in indexes:  # building an index once is faster than keeping it up to date
        conn.execute(sql)
    conn.execute("COMMIT")
    conn.execute("ANALYZE")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.close()
    return time.perf_counter() - start


def _floor(path: Path) -> tuple[float, list[int], str]:
    """The bare query for each tick's due subscriptions (its 3-day window), five times over
    each window (the later runs find its pages cached): the median time, and how many each
    window holds."""
    offset = OFFSETS[0]
    conn = sqlite3.connect(path)
    sql = ("SELECT id FROM subscriptions WHERE ends_at > ? AND ends_at <= ? "
           "AND status IN ('active', 'expired')")
    plan = " ".join(r[-1] for r in conn.execute(f"EXPLAIN QUERY PLAN {sql}",
                                                (to_iso(T0), to_iso(T0))))
    times, found = [], []
    for k in range(TICKS):
        lo, hi = T0 + k * TICK + offset, T0 + (k + 1) * TICK + offset
        for _ in range(5):
            start = time.perf_counter()
            rows = conn.execute(sql, (to_iso(lo), to_iso(hi))).fetchall()
            times.append((time.perf_counter() - start) * 1000)
        found.append(len(rows))
    conn.close()
    return statistics.median(times), found, plan


def _durable_commit_ms(path: Path) -> float:
    """One one-row write committed the way the store commits (WAL, synchronous=FULL)."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA synchronous = FULL")
    times = []
    for n in range(5):
        start = time.perf_counter()
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("INSERT OR REPLACE INTO job_marks VALUES ('bench', ?, ?)", (n, n))
        conn.execute("COMMIT")
        times.append((time.perf_counter() - start) * 1000)
    conn.close()
    return statistics.median(times)


async def _open(path: Path, clock: FixedClock, keyring: KeyRing):
    settings = Settings(_env_file=None, database_url=f"sqlite:///{path}", currency="INR")
    store = await open_store(f"sqlite:///{path}")
    shop = build_services(settings, store, keyring, clock=clock, ids=RandomIds())
    return shop, ReminderService(store, clock, shop.ids, offsets=OFFSETS, currency="INR")


async def main(total: int, due: int) -> dict:
    path = Path(tempfile.mkdtemp(prefix="bench-reminders-")) / "bench.db"
    clock, keyring = FixedClock(T0), KeyRing.generate()
    shop, job = await _open(path, clock, keyring)
    product = await shop.catalog.add(actor="bench", platform="Bench", plan="Monthly",
                                     price=29_900, duration_days=30)
    assert await job.run() == 0  # the previous tick: cursors at T0
    await shop.close()  # the bulk load runs alone on the file (setup, not measured)
    last = T0 + TICKS * TICK
    insert_s = await asyncio.to_thread(_bulk_insert, path, total, due, last, product.id)
    print(f"inserted {total:,} subscriptions in {insert_s:.1f} s")
    floor_ms, found, plan = _floor(path)  # warms the same pages the claim reads
    commit_ms = _durable_commit_ms(path)
    shop, job = await _open(path, clock, keyring)
    # A running jobs process has its write-ahead log in place: make it exist before timing.
    await shop.store.transaction(lambda tx: tx.jobs.put_mark("bench:warm", "1", T0))
    scans, queues, claimed, queued = [], [], [], 0
    for k in range(1, TICKS + 1):
        clock.set(T0 + k * TICK)
        start = time.perf_counter()
        claimed.append(await job.claim())
        scans.append((time.perf_counter() - start) * 1000)
        start = time.perf_counter()
        queued += await job.queue_claimed()
        queues.append((time.perf_counter() - start) * 1000)
    in_outbox = len([m for m in await shop.outbox.recent(due * TICKS * 2)
                     if m.template == "reminder-ending"])
    await shop.close()
    scan_ms = statistics.median(scans)
    print(f"floor query plan: {plan}")
    print(f"find and claim the due reminders at {TICKS} ticks: claimed {claimed} in "
          f"{', '.join(f'{t:.2f}' for t in scans)} ms (median {scan_ms:.2f} ms); bare indexed "
          f"query for each tick's {found}: {floor_ms:.2f} ms (median)")
    print(f"a one-row durable commit (fsync) on this disk takes {commit_ms:.1f} ms (median of "
          "5); the claim pays one")
    print(f"then queue them as outbox messages: {statistics.median(queues):.1f} ms a tick "
          f"(median; {queued:,} queued, {in_outbox:,} in the outbox)")
    return {"bench": "reminders", "scan_ms": round(scan_ms, 2), "floor_ms": round(floor_ms, 2),
            "ratio": round(scan_ms / floor_ms, 2), "due": min(found), "claimed": min(claimed)}


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subscriptions", type=int, default=1_000_000)
    parser.add_argument("--due", type=int, default=1_000)
    args = parser.parse_args()
    print(json.dumps(asyncio.run(main(args.subscriptions, args.due))))
