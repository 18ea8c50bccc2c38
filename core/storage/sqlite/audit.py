"""The hash-chained audit log on SQLite."""

from __future__ import annotations

import json
import sqlite3

from core.clock import from_iso, to_iso
from core.errors import RetryableConflict
from core.models import AuditEntry
from core.storage.sqlite.runner import SqlRunner

SCHEMA = [
    """CREATE TABLE IF NOT EXISTS audit (
        seq INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        target TEXT NOT NULL,
        details TEXT NOT NULL,
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL
    )""",
    """CREATE TABLE IF NOT EXISTS audit_head (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        seq INTEGER NOT NULL,
        hash TEXT NOT NULL
    )""",
    "INSERT OR IGNORE INTO audit_head (id, seq, hash) VALUES (1, 0, '')",
    "CREATE INDEX IF NOT EXISTS audit_action ON audit(action)",
]


def row_to_audit(row: sqlite3.Row) -> AuditEntry:
    return AuditEntry(
        seq=row["seq"], at=from_iso(row["at"]), actor=row["actor"], action=row["action"],
        target=row["target"], details=json.loads(row["details"]), prev_hash=row["prev_hash"],
        hash=row["hash"],
    )


class SqliteAudit:
    def __init__(self, runner: SqlRunner, chain_key: bytes | None = None) -> None:
        self.chain_key = chain_key  # HMAC key of the chain (None: plain SHA-256 entries)
        self._db = runner

    async def head(self) -> tuple[int, str]:
        row = await self._db.fetchone("SELECT seq, hash FROM audit_head WHERE id = 1")
        return (int(row[0]), str(row[1])) if row else (0, "")

    async def append(self, entry: AuditEntry) -> None:
        def write(conn: sqlite3.Connection) -> None:
            moved = conn.execute(
                "UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1 AND seq = ?",
                (entry.seq, entry.hash, entry.seq - 1),
            ).rowcount
            if not moved:
                raise RetryableConflict("audit head moved")
            conn.execute(
                "INSERT INTO audit (seq, at, actor, action, target, details, prev_hash, hash)"
                " VALUES (?,?,?,?,?,?,?,?)",
                (entry.seq, to_iso(entry.at), entry.actor, entry.action, entry.target,
                 json.dumps(entry.details, sort_keys=True, ensure_ascii=False),
                 entry.prev_hash, entry.hash),
            )

        await self._db.run(write)

    async def page(self, after_seq: int, limit: int) -> list[AuditEntry]:
        rows = await self._db.fetchall(
            "SELECT * FROM audit WHERE seq > ? ORDER BY seq LIMIT ?", (after_seq, limit)
        )
        return [row_to_audit(r) for r in rows]

    async def latest(self, limit: int, action_prefix: str = "") -> list[AuditEntry]:
        rows = await self._db.fetchall(
            "SELECT * FROM audit WHERE action LIKE ? ORDER BY seq DESC LIMIT ?",
            (action_prefix.replace("%", "") + "%", limit),
        )
        return [row_to_audit(r) for r in rows]


REPOSITORIES = {"audit": SqliteAudit}
