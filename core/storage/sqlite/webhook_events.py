"""Verified gateway callbacks on SQLite, one row per ``gateway:event_id`` with the raw body."""

from __future__ import annotations

import sqlite3
from datetime import datetime

from core.clock import to_iso
from core.models import PURGED_BODY, EventStatus, WebhookEvent
from core.storage.sqlite.runner import SqlRunner

SCHEMA = [
    """CREATE TABLE IF NOT EXISTS webhook_events (
        key TEXT PRIMARY KEY,
        gateway TEXT NOT NULL,
        event_id TEXT NOT NULL,
        type TEXT NOT NULL,
        status TEXT NOT NULL,
        outcome TEXT NOT NULL DEFAULT '',
        topup_id TEXT NOT NULL DEFAULT '',
        payment_id TEXT NOT NULL DEFAULT '',
        error TEXT NOT NULL DEFAULT '',
        body TEXT NOT NULL,
        received_at TEXT NOT NULL,
        processed_at TEXT
    )""",
    "CREATE INDEX IF NOT EXISTS webhook_events_status ON webhook_events(status, received_at)",
]
# Migration 2 (gateway refunds: the events of one payment; body retention).
SCHEMA_GATEWAY_REFUNDS = [
    "CREATE INDEX IF NOT EXISTS webhook_events_payment ON webhook_events(gateway, payment_id)",
    "CREATE INDEX IF NOT EXISTS webhook_events_received ON webhook_events(received_at)",
]


_from_iso = datetime.fromisoformat  # reads our "…Z" stamps like core.clock.from_iso, faster


def row_to_event(row: sqlite3.Row) -> WebhookEvent:
    return WebhookEvent(
        key=row["key"], gateway=row["gateway"], event_id=row["event_id"], type=row["type"],
        status=EventStatus(row["status"]), body=row["body"],
        received_at=_from_iso(row["received_at"]), outcome=row["outcome"],
        topup_id=row["topup_id"], payment_id=row["payment_id"], error=row["error"],
        processed_at=_from_iso(row["processed_at"]) if row["processed_at"] else None,
    )


class SqliteWebhookEvents:
    def __init__(self, runner: SqlRunner) -> None:
        self._db = runner

    async def record(self, event: WebhookEvent) -> tuple[WebhookEvent, bool]:
        e = event

        def write(conn: sqlite3.Connection) -> sqlite3.Row | None:
            inserted = conn.execute(
                """INSERT INTO webhook_events (key, gateway, event_id, type, status, outcome,
                       topup_id, payment_id, error, body, received_at, processed_at)
                   VALUES (?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT(key) DO NOTHING""",
                (e.key, e.gateway, e.event_id, e.type, e.status.value, e.outcome, e.topup_id,
                 e.payment_id, e.error, e.body, to_iso(e.received_at),
                 to_iso(e.processed_at) if e.processed_at else None),
            ).rowcount == 1
            if inserted:
                return None
            return conn.execute("SELECT * FROM webhook_events WHERE key = ?", (e.key,)).fetchone()

        row = await self._db.run(write)
        return (event, True) if row is None else (row_to_event(row), False)

    async def get(self, key: str) -> WebhookEvent | None:
        row = await self._db.fetchone("SELECT * FROM webhook_events WHERE key = ?", (key,))
        return row_to_event(row) if row else None

    async def save_outcome(self, event: WebhookEvent) -> None:
        e = event
        await self._db.execute(
            """UPDATE webhook_events SET status = ?, outcome = ?, topup_id = ?, payment_id = ?,
                   error = ?, processed_at = ? WHERE key = ?""",
            (e.status.value, e.outcome, e.topup_id, e.payment_id, e.error[:200],
             to_iso(e.processed_at) if e.processed_at else None, e.key),
        )

    async def recent(self, limit: int = 50, status: str | None = None) -> list[WebhookEvent]:
        if status:
            rows = await self._db.fetchall(
                """SELECT * FROM webhook_events WHERE status = ?
                   ORDER BY received_at DESC, key DESC LIMIT ?""",
                (status, limit),
            )
        else:
            rows = await self._db.fetchall(
                "SELECT * FROM webhook_events ORDER BY received_at DESC, key DESC LIMIT ?",
                (limit,),
            )
        return [row_to_event(r) for r in rows]

    async def for_payment(self, gateway: str, payment_id: str, limit: int = 50
                          ) -> list[WebhookEvent]:
        if not payment_id:
            return []
        rows = await self._db.fetchall(
            """SELECT * FROM webhook_events WHERE gateway = ? AND payment_id = ?
               ORDER BY received_at, key LIMIT ?""",
            (gateway, payment_id, limit),
        )
        return [row_to_event(r) for r in rows]

    async def purge_bodies(self, before: datetime, limit: int = 1000) -> int:
        return await self._db.execute(
            """UPDATE webhook_events SET body = ? WHERE key IN (
                   SELECT key FROM webhook_events WHERE received_at < ? AND body <> ?
                   ORDER BY received_at LIMIT ?)""",
            (PURGED_BODY, to_iso(before), PURGED_BODY, limit),
        )


REPOSITORIES = {"webhook_events": SqliteWebhookEvents}
