"""The outbox on SQLite: messages queued in the same transaction as what caused them."""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime

from core.clock import from_iso, to_iso
from core.models import OutboxMessage, OutboxStatus
from core.storage.sqlite.runner import SqlRunner

SCHEMA = [
    """CREATE TABLE IF NOT EXISTS outbox (
        id TEXT PRIMARY KEY,
        key TEXT NOT NULL UNIQUE,
        bot TEXT NOT NULL,
        audience TEXT NOT NULL,
        chat_id INTEGER,
        template TEXT NOT NULL,
        params TEXT NOT NULL,
        options TEXT NOT NULL,
        status TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at TEXT NOT NULL,
        created_at TEXT NOT NULL,
        sent_at TEXT,
        last_error TEXT NOT NULL DEFAULT ''
    )""",
    "CREATE INDEX IF NOT EXISTS outbox_due ON outbox(status, next_attempt_at)",
]


def row_to_message(row: sqlite3.Row) -> OutboxMessage:
    return OutboxMessage(
        id=row["id"], key=row["key"], bot=row["bot"], audience=row["audience"],
        chat_id=row["chat_id"], template=row["template"], params=json.loads(row["params"]),
        options=json.loads(row["options"]), status=OutboxStatus(row["status"]),
        attempts=row["attempts"], next_attempt_at=from_iso(row["next_attempt_at"]),
        created_at=from_iso(row["created_at"]),
        sent_at=from_iso(row["sent_at"]) if row["sent_at"] else None,
        last_error=row["last_error"],
    )


class SqliteOutbox:
    def __init__(self, runner: SqlRunner) -> None:
        self._db = runner

    async def add(self, message: OutboxMessage) -> bool:
        m = message
        changed = await self._db.execute(
            """INSERT INTO outbox (id, key, bot, audience, chat_id, template, params, options,
                   status, attempts, next_attempt_at, created_at)
               VALUES (?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT(key) DO NOTHING""",
            (m.id, m.key, m.bot, m.audience, m.chat_id, m.template,
             json.dumps(m.params, ensure_ascii=False), json.dumps(m.options), m.status.value,
             m.attempts, to_iso(m.next_attempt_at), to_iso(m.created_at)),
        )
        return changed == 1

    async def claim_due(self, now: datetime, limit: int, lease_until: datetime
                        ) -> list[OutboxMessage]:
        rows = await self._db.fetchall(
            """UPDATE outbox SET status = 'sending', next_attempt_at = ?
               WHERE id IN (SELECT id FROM outbox
                            WHERE status IN ('pending', 'sending') AND next_attempt_at <= ?
                            ORDER BY next_attempt_at, id LIMIT ?)
               RETURNING *""",
            (to_iso(lease_until), to_iso(now), limit),
        )
        return sorted((row_to_message(r) for r in rows), key=lambda m: (m.created_at, m.id))

    async def mark_sent(self, message_id: str, now: datetime) -> None:
        await self._db.execute(
            "UPDATE outbox SET status = 'sent', sent_at = ?, attempts = attempts + 1 WHERE id = ?",
            (to_iso(now), message_id),
        )

    async def reschedule(self, message_id: str, next_attempt_at: datetime, error: str) -> None:
        await self._db.execute(
            """UPDATE outbox SET status = 'pending', next_attempt_at = ?, last_error = ?,
                   attempts = attempts + 1 WHERE id = ?""",
            (to_iso(next_attempt_at), error[:500], message_id),
        )

    async def mark_dead(self, message_id: str, error: str) -> None:
        await self._db.execute(
            """UPDATE outbox SET status = 'dead', last_error = ?, attempts = attempts + 1
               WHERE id = ?""",
            (error[:500], message_id),
        )

    async def record_parts_sent(self, message_id: str, parts_sent: int) -> None:
        await self._db.execute(
            "UPDATE outbox SET options = json_set(options, '$.parts_sent', ?) WHERE id = ?",
            (parts_sent, message_id),
        )

    async def get(self, message_id: str) -> OutboxMessage | None:
        row = await self._db.fetchone("SELECT * FROM outbox WHERE id = ?", (message_id,))
        return row_to_message(row) if row else None

    async def recent(self, limit: int, status: str | None = None) -> list[OutboxMessage]:
        if status:
            rows = await self._db.fetchall(
                "SELECT * FROM outbox WHERE status = ? ORDER BY created_at DESC, id DESC LIMIT ?",
                (status, limit),
            )
        else:
            rows = await self._db.fetchall(
                "SELECT * FROM outbox ORDER BY created_at DESC, id DESC LIMIT ?", (limit,)
            )
        return [row_to_message(r) for r in rows]

    async def count_by_status(self) -> dict[str, int]:
        rows = await self._db.fetchall("SELECT status, COUNT(*) FROM outbox GROUP BY status")
        return {str(r[0]): int(r[1]) for r in rows}


REPOSITORIES = {"outbox": SqliteOutbox}
