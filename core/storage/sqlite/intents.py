"""Purchase intents on SQLite: a price held while the shortfall is topped up."""

from __future__ import annotations

import sqlite3

from core.clock import from_iso, to_iso
from core.models import IntentStatus, PurchaseIntent
from core.storage.sqlite.runner import SqlRunner

SCHEMA = [
    """CREATE TABLE IF NOT EXISTS purchase_intents (
        id TEXT PRIMARY KEY,
        user_id INTEGER NOT NULL,
        product_id TEXT NOT NULL,
        subscription_id TEXT NOT NULL DEFAULT '',
        coupon_code TEXT NOT NULL DEFAULT '',
        price INTEGER NOT NULL,
        discount INTEGER NOT NULL,
        amount INTEGER NOT NULL,
        currency TEXT NOT NULL,
        shortfall INTEGER NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('awaiting_payment', 'completed', 'failed')),
        order_id TEXT NOT NULL DEFAULT '',
        failure TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        expires_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    )""",
    "CREATE INDEX IF NOT EXISTS purchase_intents_user ON purchase_intents(user_id, created_at)",
]
_COLUMNS = ("id", "user_id", "product_id", "subscription_id", "coupon_code", "price", "discount",
            "amount", "currency", "shortfall", "status", "order_id", "failure", "created_at",
            "expires_at", "updated_at")


def row_to_intent(row: sqlite3.Row) -> PurchaseIntent:
    return PurchaseIntent(
        id=row["id"], user_id=row["user_id"], product_id=row["product_id"],
        subscription_id=row["subscription_id"], coupon_code=row["coupon_code"],
        price=row["price"], discount=row["discount"], amount=row["amount"],
        currency=row["currency"], shortfall=row["shortfall"],
        status=IntentStatus(row["status"]), order_id=row["order_id"], failure=row["failure"],
        created_at=from_iso(row["created_at"]), expires_at=from_iso(row["expires_at"]),
        updated_at=from_iso(row["updated_at"]),
    )


class SqliteIntents:
    def __init__(self, runner: SqlRunner) -> None:
        self._db = runner

    async def get(self, intent_id: str) -> PurchaseIntent | None:
        row = await self._db.fetchone("SELECT * FROM purchase_intents WHERE id = ?", (intent_id,))
        return row_to_intent(row) if row else None

    async def save(self, intent: PurchaseIntent) -> None:
        i = intent
        await self._db.execute(
            f"INSERT OR REPLACE INTO purchase_intents ({', '.join(_COLUMNS)}) "  # noqa: S608
            f"VALUES ({', '.join('?' for _ in _COLUMNS)})",
            (i.id, i.user_id, i.product_id, i.subscription_id, i.coupon_code, i.price,
             i.discount, i.amount, i.currency, i.shortfall, i.status.value, i.order_id,
             i.failure, to_iso(i.created_at), to_iso(i.expires_at), to_iso(i.updated_at)),
        )


REPOSITORIES = {"intents": SqliteIntents}
