"""Dialog state and flood-control buckets on SQLite, shared by every bot process on the file."""

from __future__ import annotations

import json
from typing import Any

from core.storage.common import refill_and_take
from core.storage.sqlite.runner import SqlRunner

SCHEMA: list[str] = []  # version 1 had none of these tables

# Migration 5: shared dialog state and throttling (several bot processes)
SCHEMA_FSM = [
    """CREATE TABLE IF NOT EXISTS fsm (
        key TEXT PRIMARY KEY,
        state TEXT,
        data TEXT NOT NULL DEFAULT '{}'
    )""",
    """CREATE TABLE IF NOT EXISTS throttle (
        key TEXT PRIMARY KEY,
        tokens REAL NOT NULL,
        stamp REAL NOT NULL,
        refused INTEGER NOT NULL DEFAULT 0
    )""",
]


class SqliteFsm:
    def __init__(self, runner: SqlRunner) -> None:
        self._db = runner

    async def get(self, key: str) -> tuple[str | None, dict[str, Any]]:
        row = await self._db.fetchone("SELECT state, data FROM fsm WHERE key = ?", (key,))
        if row is None:
            return None, {}
        return row["state"], json.loads(row["data"])

    async def set_state(self, key: str, state: str | None) -> None:
        await self._db.execute(
            """INSERT INTO fsm (key, state) VALUES (?, ?)
               ON CONFLICT(key) DO UPDATE SET state = excluded.state""", (key, state))

    async def set_data(self, key: str, data: dict[str, Any]) -> None:
        await self._db.execute(
            """INSERT INTO fsm (key, data) VALUES (?, ?)
               ON CONFLICT(key) DO UPDATE SET data = excluded.data""",
            (key, json.dumps(data, ensure_ascii=False)))


# The bucket after refilling for the time since the last take: used three times below.
_REFILLED = "min(:burst, tokens + max(0.0, :now - stamp) * :rate)"


class SqliteThrottle:
    def __init__(self, runner: SqlRunner) -> None:
        self._db = runner

    async def take(self, key: str, now: float, rate: float, burst: float) -> tuple[bool, bool]:
        row = await self._db.fetchone(
            f"""INSERT INTO throttle (key, tokens, stamp, refused)
                VALUES (:key, :burst - 1, :now, 0)
                ON CONFLICT(key) DO UPDATE SET
                    tokens = CASE WHEN {_REFILLED} >= 1 THEN {_REFILLED} - 1 ELSE {_REFILLED} END,
                    refused = CASE WHEN {_REFILLED} >= 1 THEN 0 ELSE refused + 1 END,
                    stamp = max(stamp, :now)
                RETURNING refused""",  # noqa: S608 - a constant expression, values are bound
            {"key": key, "now": now, "rate": rate, "burst": burst})
        refused = int(row["refused"]) if row is not None else 0
        return refused == 0, refused == 1

    async def take_up_to(self, key: str, now: float, rate: float, burst: float,
                         most: int) -> tuple[int, bool]:
        # read, then write: atomic, since a write unit of work holds the file's write lock
        row = await self._db.fetchone(
            "SELECT tokens, stamp, refused FROM throttle WHERE key = ?", (key,))
        taken, tokens, stamp, refused = refill_and_take(
            None if row is None else (row["tokens"], row["stamp"], row["refused"]),
            now, rate, burst, most)
        await self._db.execute(
            """INSERT INTO throttle (key, tokens, stamp, refused) VALUES (?, ?, ?, ?)
               ON CONFLICT(key) DO UPDATE SET tokens = excluded.tokens,
                   stamp = excluded.stamp, refused = excluded.refused""",
            (key, tokens, stamp, refused))
        return taken, taken == 0 and refused == 1



REPOSITORIES = {"fsm": SqliteFsm, "throttle": SqliteThrottle}
