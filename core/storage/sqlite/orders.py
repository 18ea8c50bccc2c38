"""Orders on SQLite: one per purchase intent."""

from __future__ import annotations

import sqlite3

from core.clock import from_iso, to_iso
from core.errors import RetryableConflict
from core.models import Order, OrderKind, OrderStatus
from core.storage.common import given
from core.storage.sqlite.runner import SqlRunner

SCHEMA = [
    """CREATE TABLE IF NOT EXISTS orders (
        id TEXT PRIMARY KEY,
        intent_id TEXT NOT NULL UNIQUE,
        user_id INTEGER NOT NULL,
        product_id TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('purchase', 'renewal')),
        status TEXT NOT NULL CHECK (status IN ('pending', 'completed', 'refunded')),
        price INTEGER NOT NULL CHECK (price >= 0),
        discount INTEGER NOT NULL CHECK (discount >= 0),
        amount INTEGER NOT NULL CHECK (amount >= 0),
        currency TEXT NOT NULL,
        coupon_code TEXT NOT NULL DEFAULT '',
        stock_item_id TEXT NOT NULL DEFAULT '',
        subscription_id TEXT NOT NULL DEFAULT '',
        refunded_by TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    )""",
    "CREATE INDEX IF NOT EXISTS orders_user ON orders(user_id, created_at)",
    "CREATE INDEX IF NOT EXISTS orders_status ON orders(status, created_at)",
]


def row_to_order(row: sqlite3.Row) -> Order:
    return Order(
        id=row["id"], intent_id=row["intent_id"], user_id=row["user_id"],
        product_id=row["product_id"], kind=OrderKind(row["kind"]),
        status=OrderStatus(row["status"]), price=row["price"], discount=row["discount"],
        amount=row["amount"], currency=row["currency"], coupon_code=row["coupon_code"],
        stock_item_id=row["stock_item_id"], subscription_id=row["subscription_id"],
        created_at=from_iso(row["created_at"]), updated_at=from_iso(row["updated_at"]),
        refunded_by=row["refunded_by"],
    )


class SqliteOrders:
    def __init__(self, runner: SqlRunner) -> None:
        self._db = runner

    async def insert(self, order: Order) -> None:
        o = order
        try:
            await self._db.execute(
                """INSERT INTO orders (id, intent_id, user_id, product_id, kind, status, price,
                       discount, amount, currency, coupon_code, stock_item_id, subscription_id,
                       refunded_by, created_at, updated_at)
                   VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)""",
                (o.id, o.intent_id, o.user_id, o.product_id, o.kind.value, o.status.value,
                 o.price, o.discount, o.amount, o.currency, o.coupon_code, o.stock_item_id,
                 o.subscription_id, o.refunded_by, to_iso(o.created_at), to_iso(o.updated_at)),
            )
        except sqlite3.IntegrityError:
            raise RetryableConflict("an order for this intent exists") from None

    async def get(self, order_id: str) -> Order | None:
        row = await self._db.fetchone("SELECT * FROM orders WHERE id = ?", (order_id,))
        return row_to_order(row) if row else None

    async def by_intent(self, intent_id: str) -> Order | None:
        row = await self._db.fetchone("SELECT * FROM orders WHERE intent_id = ?", (intent_id,))
        return row_to_order(row) if row else None

    async def update(self, order: Order, expected: OrderStatus) -> bool:
        o = order
        changed = await self._db.execute(
            """UPDATE orders SET status = ?, stock_item_id = ?, subscription_id = ?,
                   refunded_by = ?, updated_at = ? WHERE id = ? AND status = ?""",
            (o.status.value, o.stock_item_id, o.subscription_id, o.refunded_by,
             to_iso(o.updated_at), o.id, expected.value),
        )
        return changed == 1

    async def list(self, *, status: OrderStatus | None = None, user_id: int | None = None,
                   limit: int = 50, offset: int = 0) -> list[Order]:
        rows = await self._db.newest_first("orders", given(status=status, user_id=user_id),
                                           limit, offset)
        return [row_to_order(r) for r in rows]


REPOSITORIES = {"orders": SqliteOrders}
