"""Coupons and their redemptions on SQLite."""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime

from core.clock import from_iso, to_iso
from core.models import Coupon, CouponKind
from core.storage.sqlite.runner import SqlRunner

SCHEMA = [
    """CREATE TABLE IF NOT EXISTS coupons (
        code TEXT PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('percent', 'fixed')),
        value INTEGER NOT NULL CHECK (value > 0),
        expires_at TEXT,
        total_limit INTEGER,
        per_user_limit INTEGER,
        product_ids TEXT NOT NULL DEFAULT '[]',
        min_amount INTEGER NOT NULL DEFAULT 0,
        used INTEGER NOT NULL DEFAULT 0,
        active INTEGER NOT NULL DEFAULT 1,
        created_at TEXT NOT NULL
    )""",
    """CREATE TABLE IF NOT EXISTS coupon_redemptions (
        order_id TEXT PRIMARY KEY,
        code TEXT NOT NULL,
        user_id INTEGER NOT NULL,
        at TEXT NOT NULL
    )""",
    "CREATE INDEX IF NOT EXISTS coupon_redemptions_user ON coupon_redemptions(code, user_id)",
]


def row_to_coupon(row: sqlite3.Row) -> Coupon:
    return Coupon(
        code=row["code"], kind=CouponKind(row["kind"]), value=row["value"],
        expires_at=from_iso(row["expires_at"]) if row["expires_at"] else None,
        total_limit=row["total_limit"], per_user_limit=row["per_user_limit"],
        product_ids=list(json.loads(row["product_ids"])), min_amount=row["min_amount"],
        used=row["used"], active=bool(row["active"]), created_at=from_iso(row["created_at"]),
    )


class SqliteCoupons:
    def __init__(self, runner: SqlRunner) -> None:
        self._db = runner

    async def insert(self, coupon: Coupon) -> bool:
        c = coupon
        assert c.created_at is not None
        changed = await self._db.execute(
            """INSERT INTO coupons (code, kind, value, expires_at, total_limit, per_user_limit,
                   product_ids, min_amount, used, active, created_at)
               VALUES (?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT(code) DO NOTHING""",
            (c.code, c.kind.value, c.value, to_iso(c.expires_at) if c.expires_at else None,
             c.total_limit, c.per_user_limit, json.dumps(c.product_ids), c.min_amount, c.used,
             int(c.active), to_iso(c.created_at)),
        )
        return changed == 1

    async def get(self, code: str) -> Coupon | None:
        row = await self._db.fetchone("SELECT * FROM coupons WHERE code = ?", (code,))
        return row_to_coupon(row) if row else None

    async def list(self) -> list[Coupon]:
        rows = await self._db.fetchall("SELECT * FROM coupons ORDER BY created_at DESC, code")
        return [row_to_coupon(r) for r in rows]

    async def set_active(self, code: str, active: bool) -> bool:
        changed = await self._db.execute("UPDATE coupons SET active = ? WHERE code = ?",
                                         (int(active), code))
        return changed == 1

    async def user_uses(self, code: str, user_id: int) -> int:
        row = await self._db.fetchone(
            "SELECT COUNT(*) FROM coupon_redemptions WHERE code = ? AND user_id = ?",
            (code, user_id))
        return int(row[0]) if row else 0

    async def redeem(self, code: str, expected_used: int, user_id: int, order_id: str,
                     now: datetime) -> bool:
        def write(conn: sqlite3.Connection) -> bool:
            moved = conn.execute("UPDATE coupons SET used = used + 1 WHERE code = ? AND used = ?",
                                 (code, expected_used)).rowcount
            if not moved:
                return False
            conn.execute(
                "INSERT INTO coupon_redemptions (order_id, code, user_id, at) VALUES (?,?,?,?)",
                (order_id, code, user_id, to_iso(now)))
            return True

        return await self._db.run(write)


REPOSITORIES = {"coupons": SqliteCoupons}
