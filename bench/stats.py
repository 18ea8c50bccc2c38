"""The admin dashboard's figures over a large shop on SQLite, against a bare indexed aggregate.

Fills a fresh SQLite store with 1,000,000 ledger entries, 200,000 orders, 150,000 top-ups,
60,000 users and 80,000 subscriptions spread over the last 365 days (bulk inserts straight into
the tables the store created), then times ``StatsService.dashboard()`` (today and the last 7
days: sales, top-ups by gateway, new customers, refunds, active subscriptions, every attention
count) and, in the same run, one bare indexed SQL aggregate (the ledger's last 7 days grouped by
reason, through sqlite3 with no store in between: the floor). Medians of ``--runs`` runs; the
last line is one JSON object.

    .venv/bin/python bench/stats.py [--runs 7]
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
from core.storage import open_store

LEDGER, ORDERS, TOPUPS, USERS, SUBS = 1_000_000, 200_000, 150_000, 60_000, 80_000
DAYS = 365
NOW = datetime(2026, 6, 30, 18, 0, tzinfo=UTC)
REASONS = ["topup", "purchase", "refund", "adjust", "refund-reversal"]
GATEWAYS = ["razorpay", "stripe", "stars"]


def _stamp(rng: random.Random) -> str:
    return to_iso(NOW - timedelta(seconds=rng.randrange(DAYS * 86400)))


def _fill(path: Path) -> None:
    rng = random.Random(7)
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA synchronous = OFF")
    conn.execute("BEGIN")
    conn.executemany(
        "INSERT INTO users (telegram_id, first_name, language, role, created_at, last_seen_at) "
        "VALUES (?, 'u', 'en', 'customer', ?, ?)",
        ((10_000 + i, s, s) for i in range(USERS) for s in [_stamp(rng)]))
    conn.executemany(
        "INSERT INTO ledger (id, user_id, amount, currency, key, reason, ref, balance_after, "
        "created_at) VALUES (?, ?, ?, 'INR', ?, ?, '', 0, ?)",
        ((f"l{i}", 10_000 + i % USERS, rng.choice([1, -1]) * rng.randrange(100, 50_000),
          f"k{i}", rng.choice(REASONS), _stamp(rng)) for i in range(LEDGER)))
    conn.executemany(
        "INSERT INTO orders (id, intent_id, user_id, product_id, kind, status, price, discount, "
        "amount, currency, created_at, updated_at) VALUES (?, ?, ?, 'p1', 'purchase', ?, ?, 0, "
        "?, 'INR', ?, ?)",
        ((f"o{i}", f"i{i}", 10_000 + i % USERS,
          "pending" if i % 997 == 0 else ("refunded" if i % 50 == 0 else "completed"),
          a, a, s, s) for i in range(ORDERS)
         for a, s in [(rng.randrange(1_000, 100_000), _stamp(rng))]))
    conn.executemany(
        "INSERT INTO topups (id, user_id, amount, currency, gateway, status, gateway_amount, "
        "gateway_currency, created_at, updated_at) VALUES (?, ?, ?, 'INR', ?, ?, ?, 'INR', ?, ?)",
        ((f"t{i}", 10_000 + i % USERS, a, rng.choice(GATEWAYS),
          rng.choice(["credited"] * 8 + ["failed", "pending", "held", "refunded"]), a, s, s)
         for i in range(TOPUPS) for a, s in [(rng.randrange(1_000, 500_000), _stamp(rng))]))
    conn.executemany(
        "INSERT INTO subscriptions (id, user_id, product_id, status, starts_at, ends_at, "
        "order_id, created_at, updated_at) VALUES (?, ?, 'p1', ?, ?, ?, ?, ?, ?)",
        ((f"s{i}", 10_000 + i % USERS, "active" if i % 3 else "expired", s, s, f"o{i}", s, s)
         for i in range(SUBS) for s in [_stamp(rng)]))
    conn.execute("COMMIT")
    conn.execute("ANALYZE")
    conn.close()


def _floor(path: Path) -> float:
    conn = sqlite3.connect(path)
    since, until = to_iso(NOW.replace(hour=0) - timedelta(days=6)), to_iso(NOW)
    start = time.perf_counter()
    conn.execute("SELECT reason, COUNT(*), SUM(amount) FROM ledger WHERE created_at >= ? "
                 "AND created_at < ? GROUP BY reason", (since, until)).fetchall()
    elapsed = time.perf_counter() - start
    conn.close()
    return elapsed * 1000


async def main(runs: int) -> dict[str, object]:
    folder = Path(tempfile.mkdtemp(prefix="bench-stats-"))
    path = folder / "bench.db"
    settings = Settings(_env_file=None, database_url=f"sqlite:///{path}", currency="INR")
    store = await open_store(settings.database_url)
    services = build_services(settings, store, KeyRing.generate(), clock=FixedClock(NOW))
    print("filling the store …", flush=True)
    started = time.perf_counter()
    await asyncio.to_thread(_fill, path)
    print(f"filled in {time.perf_counter() - started:.1f} s: {LEDGER:,} ledger entries, "
          f"{ORDERS:,} orders, {TOPUPS:,} top-ups, {USERS:,} users, {SUBS:,} subscriptions")
    board = await services.stats.dashboard()  # warm the page cache once
    dashboard_ms, floor_ms = [], []
    for _ in range(runs):
        start = time.perf_counter()
        board = await services.stats.dashboard()
        dashboard_ms.append((time.perf_counter() - start) * 1000)
        floor_ms.append(await asyncio.to_thread(_floor, path))
    await services.close()
    dash, floor = statistics.median(dashboard_ms), statistics.median(floor_ms)
    print(f"dashboard: {dash:.1f} ms (median of {runs}); week sales "
          f"{board.week.sales.count:,} orders, week top-ups {board.week.topup_total.count:,}, "
          f"active subscriptions {board.active_subscriptions:,}")
    print(f"floor (one indexed GROUP BY over the ledger's last 7 days): {floor:.1f} ms")
    return {"bench": "stats", "dashboard_ms": round(dash, 1), "floor_ms": round(floor, 1),
            "ratio": round(dash / floor, 2)}


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    print(json.dumps(asyncio.run(main(parser.parse_args().runs))))
