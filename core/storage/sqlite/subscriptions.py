"""Subscriptions on SQLite."""

from __future__ import annotations

import sqlite3
from datetime import datetime

from core.clock import from_iso, to_iso
from core.models import Subscription, SubscriptionStatus
from core.storage.sqlite.runner import SqlRunner

SCHEMA = [
    """CREATE TABLE IF NOT EXISTS subscriptions (
        id TEXT PRIMARY KEY,
        user_id INTEGER NOT NULL,
        product_id TEXT NOT NULL,
        stock_item_id TEXT NOT NULL DEFAULT '',
        status TEXT NOT NULL CHECK (status IN ('active', 'expired', 'cancelled', 'refunded')),
        starts_at TEXT NOT NULL,
        ends_at TEXT NOT NULL,
        auto_renew INTEGER NOT NULL DEFAULT 0,
        qr_exports INTEGER NOT NULL DEFAULT 0 CHECK (qr_exports >= 0),
        order_id TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    )""",
    "CREATE INDEX IF NOT EXISTS subscriptions_user ON subscriptions(user_id, created_at)",
    "CREATE INDEX IF NOT EXISTS subscriptions_item ON subscriptions(stock_item_id)",
    "CREATE INDEX IF NOT EXISTS subscriptions_end ON subscriptions(status, ends_at)",
]


def row_to_subscription(row: sqlite3.Row) -> Subscription:
    return Subscription(
        id=row["id"], user_id=row["user_id"], product_id=row["product_id"],
        stock_item_id=row["stock_item_id"], status=SubscriptionStatus(row["status"]),
        starts_at=from_iso(row["starts_at"]), ends_at=from_iso(row["ends_at"]),
        auto_renew=bool(row["auto_renew"]), qr_exports=row["qr_exports"],
        order_id=row["order_id"], created_at=from_iso(row["created_at"]),
        updated_at=from_iso(row["updated_at"]),
    )


class SqliteSubscriptions:
    def __init__(self, runner: SqlRunner) -> None:
        self._db = runner

    async def insert(self, subscription: Subscription) -> None:
        s = subscription
        await self._db.execute(
            """INSERT INTO subscriptions (id, user_id, product_id, stock_item_id, status,
                   starts_at, ends_at, auto_renew, qr_exports, order_id, created_at, updated_at)
               VALUES (?,?,?,?,?,?,?,?,?,?,?,?)""",
            (s.id, s.user_id, s.product_id, s.stock_item_id, s.status.value, to_iso(s.starts_at),
             to_iso(s.ends_at), int(s.auto_renew), s.qr_exports, s.order_id,
             to_iso(s.created_at), to_iso(s.updated_at)),
        )

    async def get(self, subscription_id: str) -> Subscription | None:
        row = await self._db.fetchone("SELECT * FROM subscriptions WHERE id = ?",
                                      (subscription_id,))
        return row_to_subscription(row) if row else None

    async def update(self, subscription: Subscription) -> None:
        s = subscription
        await self._db.execute(
            """UPDATE subscriptions SET status = ?, stock_item_id = ?, starts_at = ?, ends_at = ?,
                   auto_renew = ?, updated_at = ? WHERE id = ?""",
            (s.status.value, s.stock_item_id, to_iso(s.starts_at), to_iso(s.ends_at),
             int(s.auto_renew), to_iso(s.updated_at), s.id),
        )

    async def for_user(self, user_id: int, limit: int = 50) -> list[Subscription]:
        rows = await self._db.fetchall(
            """SELECT * FROM subscriptions WHERE user_id = ?
               ORDER BY created_at DESC, id DESC LIMIT ?""", (user_id, limit))
        return [row_to_subscription(r) for r in rows]

    async def on_item(self, item_id: str) -> list[Subscription]:
        rows = await self._db.fetchall(
            "SELECT * FROM subscriptions WHERE stock_item_id = ? ORDER BY created_at, id",
            (item_id,))
        return [row_to_subscription(r) for r in rows]

    async def count_qr_export(self, subscription_id: str, limit: int) -> int | None:
        row = await self._db.run(lambda c: c.execute(
            """UPDATE subscriptions SET qr_exports = qr_exports + 1
               WHERE id = ? AND qr_exports < ? RETURNING qr_exports""",
            (subscription_id, limit)).fetchone())
        return int(row[0]) if row else None

    async def ending_before(self, moment: datetime, limit: int = 100) -> list[Subscription]:
        rows = await self._db.fetchall(
            """SELECT * FROM subscriptions WHERE status = 'active' AND ends_at <= ?
               ORDER BY ends_at, id LIMIT ?""", (to_iso(moment), limit))
        return [row_to_subscription(r) for r in rows]


REPOSITORIES = {"subscriptions": SqliteSubscriptions}
