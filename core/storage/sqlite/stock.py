"""Credential stock on SQLite. Secret columns hold sealed values only (``core.crypto``)."""

from __future__ import annotations

import sqlite3
from datetime import datetime

from core.clock import from_iso, to_iso
from core.errors import RetryableConflict
from core.models import StockItem, StockLevel, StockStatus
from core.storage.common import FINGERPRINT_KEY_ID, SEALED_FIELDS, live_fp, revoked_fp
from core.storage.sqlite.runner import SqlRunner

SCHEMA = [
    """CREATE TABLE IF NOT EXISTS stock (
        id TEXT PRIMARY KEY,
        product_id TEXT NOT NULL,
        login TEXT NOT NULL,
        password TEXT NOT NULL,
        notes TEXT NOT NULL DEFAULT '',
        totp TEXT NOT NULL DEFAULT '',
        fingerprint TEXT NOT NULL DEFAULT '',
        live_fp TEXT NOT NULL,
        slots_total INTEGER NOT NULL CHECK (slots_total > 0),
        slots_used INTEGER NOT NULL CHECK (slots_used >= 0 AND slots_used <= slots_total),
        status TEXT NOT NULL CHECK (status IN ('available', 'sold', 'revoked')),
        batch TEXT NOT NULL DEFAULT '',
        revoked_reason TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        UNIQUE (product_id, live_fp)
    )""",
    "CREATE INDEX IF NOT EXISTS stock_claim ON stock(product_id, status, created_at, id)",
    """CREATE TABLE IF NOT EXISTS stock_keys (
        id TEXT PRIMARY KEY,
        sealed TEXT NOT NULL
    )""",
]


def row_to_item(row: sqlite3.Row) -> StockItem:
    return StockItem(
        id=row["id"], product_id=row["product_id"], login=row["login"],
        password=row["password"], notes=row["notes"], totp=row["totp"],
        fingerprint=row["fingerprint"], slots_total=row["slots_total"],
        slots_used=row["slots_used"], status=StockStatus(row["status"]),
        created_at=from_iso(row["created_at"]), updated_at=from_iso(row["updated_at"]),
        batch=row["batch"], revoked_reason=row["revoked_reason"],
    )


class SqliteStockKeys:
    """The sealed fingerprint key, as a SealedSource of its own for key rotation."""

    name = "stock_keys"

    def __init__(self, runner: SqlRunner) -> None:
        self._db = runner

    async def sealed_page(self, after: str, limit: int) -> list[tuple[str, str, str]]:
        rows = await self._db.fetchall(
            "SELECT id, sealed FROM stock_keys WHERE id > ? ORDER BY id LIMIT ?", (after, limit))
        return [(r["id"], "key", r["sealed"]) for r in rows]

    async def replace_sealed(self, record_id: str, field: str, old: str, new: str) -> bool:
        if field != "key":
            return False
        changed = await self._db.execute(
            "UPDATE stock_keys SET sealed = ? WHERE id = ? AND sealed = ?", (new, record_id, old))
        return changed == 1


class SqliteStock:
    name = "stock"

    def __init__(self, runner: SqlRunner) -> None:
        self._db = runner

    def key_source(self) -> SqliteStockKeys:
        return SqliteStockKeys(self._db)

    async def insert_many(self, items: list[StockItem]) -> None:
        rows = [
            (i.id, i.product_id, i.login, i.password, i.notes, i.totp, i.fingerprint, live_fp(i),
             i.slots_total, i.slots_used, i.status.value, i.batch, i.revoked_reason,
             to_iso(i.created_at), to_iso(i.updated_at))
            for i in items
        ]

        def write(conn: sqlite3.Connection) -> None:
            try:
                conn.executemany(
                    """INSERT INTO stock (id, product_id, login, password, notes, totp,
                           fingerprint, live_fp, slots_total, slots_used, status, batch,
                           revoked_reason, created_at, updated_at)
                       VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)""",
                    rows,
                )
            except sqlite3.IntegrityError:
                raise RetryableConflict("a stock item with this login exists") from None

        await self._db.run(write)

    async def live_fingerprints(self, product_id: str, fingerprints: list[str]) -> set[str]:
        found: set[str] = set()
        for start in range(0, len(fingerprints), 500):
            chunk = fingerprints[start:start + 500]
            marks = ",".join("?" for _ in chunk)
            rows = await self._db.fetchall(
                f"SELECT live_fp FROM stock WHERE product_id = ? AND live_fp IN ({marks})",  # noqa: S608
                (product_id, *chunk),
            )
            found.update(r[0] for r in rows)
        return found

    async def get(self, item_id: str) -> StockItem | None:
        row = await self._db.fetchone("SELECT * FROM stock WHERE id = ?", (item_id,))
        return row_to_item(row) if row else None

    async def has_available(self, product_id: str) -> bool:
        row = await self._db.fetchone(
            "SELECT 1 FROM stock WHERE product_id = ? AND status = 'available' LIMIT 1",
            (product_id,))
        return row is not None

    async def claim(self, product_id: str, now: datetime) -> StockItem | None:
        # One writer at a time on SQLite, so the oldest available item is simply taken (FIFO).
        row = await self._db.run(lambda c: c.execute(
            """UPDATE stock SET slots_used = slots_used + 1, updated_at = ?,
                   status = CASE WHEN slots_used + 1 >= slots_total THEN 'sold'
                                 ELSE 'available' END
               WHERE id = (SELECT id FROM stock WHERE product_id = ? AND status = 'available'
                           ORDER BY created_at, id LIMIT 1)
               RETURNING *""",
            (to_iso(now), product_id),
        ).fetchone())
        return row_to_item(row) if row else None

    async def release(self, item_id: str, now: datetime) -> bool:
        changed = await self._db.execute(
            """UPDATE stock SET slots_used = slots_used - 1, updated_at = ?,
                   status = CASE WHEN status = 'revoked' THEN 'revoked' ELSE 'available' END
               WHERE id = ? AND slots_used > 0""",
            (to_iso(now), item_id),
        )
        return changed == 1

    async def revoke(self, item_id: str, reason: str, now: datetime) -> bool:
        changed = await self._db.execute(
            """UPDATE stock SET status = 'revoked', live_fp = ?, revoked_reason = ?,
                   updated_at = ? WHERE id = ? AND status <> 'revoked'""",
            (revoked_fp(item_id), reason[:200], to_iso(now), item_id),
        )
        return changed == 1

    async def list(self, product_id: str, status: StockStatus | None = None, limit: int = 100,
                   offset: int = 0) -> list[StockItem]:
        if status is None:
            rows = await self._db.fetchall(
                "SELECT * FROM stock WHERE product_id = ? ORDER BY created_at, id LIMIT ? OFFSET ?",
                (product_id, limit, offset))
        else:
            rows = await self._db.fetchall(
                """SELECT * FROM stock WHERE product_id = ? AND status = ?
                   ORDER BY created_at, id LIMIT ? OFFSET ?""",
                (product_id, status.value, limit, offset))
        return [row_to_item(r) for r in rows]

    async def levels(self, product_ids: list[str] | None = None) -> list[StockLevel]:
        sql = """SELECT product_id,
                        SUM(status = 'available'),
                        SUM(CASE WHEN status = 'available' THEN slots_total - slots_used
                                 ELSE 0 END),
                        SUM(status = 'sold'), SUM(status = 'revoked')
                 FROM stock {where} GROUP BY product_id ORDER BY product_id"""
        if product_ids is None:
            rows = await self._db.fetchall(sql.format(where=""))
        else:
            if not product_ids:
                return []
            marks = ",".join("?" for _ in product_ids)
            rows = await self._db.fetchall(
                sql.format(where=f"WHERE product_id IN ({marks})"), tuple(product_ids))
        return [StockLevel(r[0], int(r[1]), int(r[2]), int(r[3]), int(r[4])) for r in rows]

    async def fingerprint_key(self) -> str | None:
        row = await self._db.fetchone("SELECT sealed FROM stock_keys WHERE id = ?",
                                      (FINGERPRINT_KEY_ID,))
        return str(row[0]) if row else None

    async def init_fingerprint_key(self, sealed: str) -> str:
        await self._db.execute("INSERT OR IGNORE INTO stock_keys (id, sealed) VALUES (?, ?)",
                               (FINGERPRINT_KEY_ID, sealed))
        stored = await self.fingerprint_key()
        assert stored is not None
        return stored

    async def sealed_value(self, name: str) -> str | None:
        row = await self._db.fetchone("SELECT sealed FROM stock_keys WHERE id = ?", (name,))
        return str(row[0]) if row else None

    async def init_sealed_value(self, name: str, sealed: str) -> str:
        await self._db.execute("INSERT OR IGNORE INTO stock_keys (id, sealed) VALUES (?, ?)",
                               (name, sealed))
        stored = await self.sealed_value(name)
        assert stored is not None
        return stored

    # --- SealedSource (key rotation) -----------------------------------------------------------

    async def sealed_page(self, after: str, limit: int) -> list[tuple[str, str, str]]:
        rows = await self._db.fetchall(
            "SELECT id, login, password, notes, totp FROM stock WHERE id > ? ORDER BY id LIMIT ?",
            (after, limit))
        return [(r["id"], name, r[name]) for r in rows for name in SEALED_FIELDS if r[name]]

    async def replace_sealed(self, record_id: str, field: str, old: str, new: str) -> bool:
        if field not in SEALED_FIELDS:
            return False
        changed = await self._db.execute(
            f"UPDATE stock SET {field} = ? WHERE id = ? AND {field} = ?",  # noqa: S608
            (new, record_id, old))
        return changed == 1


REPOSITORIES = {"stock": SqliteStock}
