"""The catalog on SQLite."""

from __future__ import annotations

import sqlite3

from core.clock import from_iso, to_iso
from core.models import Delivery, Product, TotpPolicy
from core.storage.sqlite.runner import SqlRunner

SCHEMA = [
    """CREATE TABLE IF NOT EXISTS products (
        id TEXT PRIMARY KEY,
        platform TEXT NOT NULL,
        plan TEXT NOT NULL,
        description TEXT NOT NULL DEFAULT '',
        price INTEGER NOT NULL CHECK (price >= 0),
        duration_days INTEGER NOT NULL CHECK (duration_days > 0),
        active INTEGER NOT NULL DEFAULT 1,
        sort_order INTEGER NOT NULL DEFAULT 0,
        low_stock_threshold INTEGER NOT NULL DEFAULT 0,
        delivery TEXT NOT NULL CHECK (delivery IN ('auto', 'manual')),
        slots_per_item INTEGER NOT NULL CHECK (slots_per_item > 0),
        totp_policy TEXT NOT NULL CHECK (totp_policy IN ('none', 'codes', 'codes_qr')),
        qr_export_limit INTEGER NOT NULL DEFAULT 0 CHECK (qr_export_limit >= 0),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    )""",
    "CREATE INDEX IF NOT EXISTS products_order ON products(active, sort_order)",
]
_FIELDS = ("platform", "plan", "description", "price", "duration_days", "active", "sort_order",
           "low_stock_threshold", "delivery", "slots_per_item", "totp_policy", "qr_export_limit",
           "updated_at")


def row_to_product(row: sqlite3.Row) -> Product:
    return Product(
        id=row["id"], platform=row["platform"], plan=row["plan"],
        description=row["description"], price=row["price"],
        duration_days=row["duration_days"], active=bool(row["active"]),
        sort_order=row["sort_order"], low_stock_threshold=row["low_stock_threshold"],
        delivery=Delivery(row["delivery"]), slots_per_item=row["slots_per_item"],
        totp_policy=TotpPolicy(row["totp_policy"]), qr_export_limit=row["qr_export_limit"],
        created_at=from_iso(row["created_at"]), updated_at=from_iso(row["updated_at"]),
    )


def _values(p: Product) -> tuple:
    assert p.updated_at is not None
    return (p.platform, p.plan, p.description, p.price, p.duration_days, int(p.active),
            p.sort_order, p.low_stock_threshold, p.delivery.value, p.slots_per_item,
            p.totp_policy.value, p.qr_export_limit, to_iso(p.updated_at))


class SqliteProducts:
    def __init__(self, runner: SqlRunner) -> None:
        self._db = runner

    async def insert(self, product: Product) -> None:
        assert product.created_at is not None
        await self._db.execute(
            f"INSERT INTO products (id, created_at, {', '.join(_FIELDS)}) "  # noqa: S608
            f"VALUES (?, ?, {', '.join('?' for _ in _FIELDS)})",
            (product.id, to_iso(product.created_at), *_values(product)),
        )

    async def get(self, product_id: str) -> Product | None:
        row = await self._db.fetchone("SELECT * FROM products WHERE id = ?", (product_id,))
        return row_to_product(row) if row else None

    async def update(self, product: Product) -> bool:
        assignments = ", ".join(f"{name} = ?" for name in _FIELDS)
        changed = await self._db.execute(
            f"UPDATE products SET {assignments} WHERE id = ?",  # noqa: S608 - fixed names
            (*_values(product), product.id),
        )
        return changed == 1

    async def list(self, *, active_only: bool = False) -> list[Product]:
        where = "WHERE active = 1" if active_only else ""
        rows = await self._db.fetchall(
            f"SELECT * FROM products {where} ORDER BY sort_order, platform, plan, id"  # noqa: S608
        )
        return [row_to_product(r) for r in rows]


REPOSITORIES = {"products": SqliteProducts}
