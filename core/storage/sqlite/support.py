"""Support tickets and scheduled message clean-ups on SQLite."""

from __future__ import annotations

import sqlite3
from datetime import datetime

from core.clock import from_iso, to_iso
from core.models import Cleanup, SupportTicket, TicketStatus
from core.storage.sqlite.runner import SqlRunner

SCHEMA = [
    """CREATE TABLE IF NOT EXISTS tickets (
        id TEXT PRIMARY KEY,
        user_id INTEGER NOT NULL,
        text TEXT NOT NULL,
        status TEXT NOT NULL,
        created_at TEXT NOT NULL,
        reply TEXT NOT NULL DEFAULT '',
        replied_by INTEGER,
        replied_at TEXT
    )""",
    "CREATE INDEX IF NOT EXISTS tickets_status ON tickets(status, created_at)",
    """CREATE TABLE IF NOT EXISTS cleanups (
        id TEXT PRIMARY KEY,
        bot TEXT NOT NULL,
        chat_id INTEGER NOT NULL,
        message_id INTEGER NOT NULL,
        sent_at TEXT NOT NULL,
        delete_at TEXT NOT NULL,
        UNIQUE (bot, chat_id, message_id)
    )""",
    "CREATE INDEX IF NOT EXISTS cleanups_due ON cleanups(delete_at)",
]


def _ticket(row: sqlite3.Row) -> SupportTicket:
    return SupportTicket(
        id=row["id"], user_id=row["user_id"], text=row["text"],
        status=TicketStatus(row["status"]), created_at=from_iso(row["created_at"]),
        reply=row["reply"], replied_by=row["replied_by"],
        replied_at=from_iso(row["replied_at"]) if row["replied_at"] else None,
    )


def _cleanup(row: sqlite3.Row) -> Cleanup:
    return Cleanup(id=row["id"], bot=row["bot"], chat_id=row["chat_id"],
                   message_id=row["message_id"], sent_at=from_iso(row["sent_at"]),
                   delete_at=from_iso(row["delete_at"]))


class SqliteTickets:
    def __init__(self, runner: SqlRunner) -> None:
        self._db = runner

    async def add(self, ticket: SupportTicket) -> None:
        t = ticket
        await self._db.execute(
            "INSERT INTO tickets (id, user_id, text, status, created_at) VALUES (?,?,?,?,?)",
            (t.id, t.user_id, t.text, t.status.value, to_iso(t.created_at)),
        )

    async def get(self, ticket_id: str) -> SupportTicket | None:
        row = await self._db.fetchone("SELECT * FROM tickets WHERE id = ?", (ticket_id,))
        return _ticket(row) if row else None

    async def answer(self, ticket_id: str, reply: str, staff_id: int, at: datetime) -> bool:
        return await self._db.execute(
            """UPDATE tickets SET status = 'answered', reply = ?, replied_by = ?, replied_at = ?
               WHERE id = ? AND status = 'open'""",
            (reply, staff_id, to_iso(at), ticket_id),
        ) == 1

    async def list(self, status: str | None, limit: int) -> list[SupportTicket]:
        rows = await self._db.fetchall(
            """SELECT * FROM tickets WHERE (? IS NULL OR status = ?)
               ORDER BY created_at, id LIMIT ?""", (status, status, limit))
        return [_ticket(r) for r in rows]


class SqliteCleanups:
    def __init__(self, runner: SqlRunner) -> None:
        self._db = runner

    async def add(self, cleanup: Cleanup) -> None:
        c = cleanup
        await self._db.execute(
            """INSERT INTO cleanups (id, bot, chat_id, message_id, sent_at, delete_at)
               VALUES (?,?,?,?,?,?) ON CONFLICT DO NOTHING""",
            (c.id, c.bot, c.chat_id, c.message_id, to_iso(c.sent_at), to_iso(c.delete_at)),
        )

    async def due(self, now: datetime, limit: int) -> list[Cleanup]:
        rows = await self._db.fetchall(
            "SELECT * FROM cleanups WHERE delete_at <= ? ORDER BY delete_at LIMIT ?",
            (to_iso(now), limit),
        )
        return [_cleanup(r) for r in rows]

    async def remove(self, cleanup_id: str) -> None:
        await self._db.execute("DELETE FROM cleanups WHERE id = ?", (cleanup_id,))


REPOSITORIES = {"tickets": SqliteTickets, "cleanups": SqliteCleanups}
