"""The wallet ledger on SQLite: a balance row per user plus append-only entries."""

from __future__ import annotations

import dataclasses
import sqlite3

from core.clock import from_iso, to_iso
from core.models import LedgerEntry
from core.storage.sqlite.runner import SqlRunner

SCHEMA = [
    """CREATE TABLE IF NOT EXISTS wallets (
        user_id INTEGER PRIMARY KEY,
        balance INTEGER NOT NULL CHECK (balance >= 0),
        currency TEXT NOT NULL
    )""",
    """CREATE TABLE IF NOT EXISTS ledger (
        id TEXT PRIMARY KEY,
        user_id INTEGER NOT NULL,
        amount INTEGER NOT NULL CHECK (amount <> 0),
        currency TEXT NOT NULL,
        key TEXT NOT NULL UNIQUE,
        reason TEXT NOT NULL,
        ref TEXT NOT NULL DEFAULT '',
        balance_after INTEGER NOT NULL,
        created_at TEXT NOT NULL
    )""",
    "CREATE INDEX IF NOT EXISTS ledger_user ON ledger(user_id, created_at)",
    # Append-only: the database itself refuses to change or delete an entry.
    """CREATE TRIGGER IF NOT EXISTS ledger_no_update BEFORE UPDATE ON ledger
       BEGIN SELECT RAISE(ABORT, 'ledger entries are append-only'); END""",
    """CREATE TRIGGER IF NOT EXISTS ledger_no_delete BEFORE DELETE ON ledger
       BEGIN SELECT RAISE(ABORT, 'ledger entries are append-only'); END""",
]


# Migration 2 (wallet debt: a gateway refund may take a balance below zero).
def _wallets_allow_debt(conn: sqlite3.Connection) -> None:
    """Files made before debts existed refuse a negative balance with a CHECK: rebuild the
    table without it (same rows). Only postings with ``allow_negative`` ever go below zero.
    It looks first, so a file that already lost the CHECK is left as it is."""
    row = conn.execute("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'wallets'"
                       ).fetchone()
    if row is None or "CHECK" not in row[0]:
        return
    conn.execute("""CREATE TABLE wallets_debt (user_id INTEGER PRIMARY KEY,
                    balance INTEGER NOT NULL, currency TEXT NOT NULL)""")
    conn.execute("INSERT INTO wallets_debt SELECT user_id, balance, currency FROM wallets")
    conn.execute("DROP TABLE wallets")
    conn.execute("ALTER TABLE wallets_debt RENAME TO wallets")


SCHEMA_WALLET_DEBT = [_wallets_allow_debt]


def row_to_entry(row: sqlite3.Row) -> LedgerEntry:
    return LedgerEntry(
        id=row["id"], user_id=row["user_id"], amount=row["amount"], currency=row["currency"],
        key=row["key"], reason=row["reason"], ref=row["ref"],
        balance_after=row["balance_after"], created_at=from_iso(row["created_at"]),
    )


class SqliteLedger:
    def __init__(self, runner: SqlRunner) -> None:
        self._db = runner

    async def find_by_key(self, key: str) -> LedgerEntry | None:
        row = await self._db.fetchone("SELECT * FROM ledger WHERE key = ?", (key,))
        return row_to_entry(row) if row else None

    async def apply(self, entry: LedgerEntry, *, allow_negative: bool = False
                    ) -> LedgerEntry | None:
        def write(conn: sqlite3.Connection) -> LedgerEntry | None:
            changed = conn.execute(
                """UPDATE wallets SET balance = balance + ?
                   WHERE user_id = ? AND (balance + ? >= 0 OR ?)""",
                (entry.amount, entry.user_id, entry.amount, allow_negative),
            ).rowcount
            if not changed:
                exists = conn.execute(
                    "SELECT 1 FROM wallets WHERE user_id = ?", (entry.user_id,)
                ).fetchone()
                if exists or (entry.amount < 0 and not allow_negative):
                    return None
                conn.execute(
                    "INSERT INTO wallets (user_id, balance, currency) VALUES (?, ?, ?)",
                    (entry.user_id, entry.amount, entry.currency),
                )
            balance = conn.execute(
                "SELECT balance FROM wallets WHERE user_id = ?", (entry.user_id,)
            ).fetchone()[0]
            done = dataclasses.replace(entry, balance_after=balance)
            conn.execute(
                """INSERT INTO ledger (id, user_id, amount, currency, key, reason, ref,
                       balance_after, created_at) VALUES (?,?,?,?,?,?,?,?,?)""",
                (done.id, done.user_id, done.amount, done.currency, done.key, done.reason,
                 done.ref, done.balance_after, to_iso(done.created_at)),
            )
            return done

        return await self._db.run(write)

    async def balance(self, user_id: int) -> int:
        row = await self._db.fetchone("SELECT balance FROM wallets WHERE user_id = ?", (user_id,))
        return int(row[0]) if row else 0

    async def entries(self, user_id: int, limit: int = 20, offset: int = 0) -> list[LedgerEntry]:
        rows = await self._db.fetchall(
            """SELECT * FROM ledger WHERE user_id = ?
               ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?""",
            (user_id, limit, offset),
        )
        return [row_to_entry(r) for r in rows]

    async def count_entries(self, user_id: int) -> int:
        row = await self._db.fetchone("SELECT COUNT(*) FROM ledger WHERE user_id = ?", (user_id,))
        return int(row[0]) if row else 0

    async def sum_entries(self, user_id: int) -> int:
        row = await self._db.fetchone(
            "SELECT COALESCE(SUM(amount), 0) FROM ledger WHERE user_id = ?", (user_id,)
        )
        return int(row[0]) if row else 0

    async def wallet_user_ids(self) -> list[int]:
        rows = await self._db.fetchall("SELECT user_id FROM wallets ORDER BY user_id")
        return [int(r[0]) for r in rows]


REPOSITORIES = {"ledger": SqliteLedger}
