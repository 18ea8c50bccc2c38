"""Users on SQLite."""

from __future__ import annotations

import sqlite3

from core.clock import from_iso, to_iso
from core.models import Role, User
from core.storage.sqlite.runner import SqlRunner

SCHEMA = [
    """CREATE TABLE IF NOT EXISTS users (
        telegram_id INTEGER PRIMARY KEY,
        first_name TEXT NOT NULL DEFAULT '',
        last_name TEXT NOT NULL DEFAULT '',
        username TEXT NOT NULL DEFAULT '',
        language TEXT NOT NULL DEFAULT 'en',
        role TEXT NOT NULL DEFAULT 'customer' CHECK (role IN ('customer','support','admin')),
        blocked INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL,
        last_seen_at TEXT NOT NULL
    )""",
    "CREATE INDEX IF NOT EXISTS users_role ON users(role)",
]


def row_to_user(row: sqlite3.Row) -> User:
    return User(
        telegram_id=row["telegram_id"], first_name=row["first_name"], last_name=row["last_name"],
        username=row["username"], language=row["language"], role=Role(row["role"]),
        blocked=bool(row["blocked"]), created_at=from_iso(row["created_at"]),
        last_seen_at=from_iso(row["last_seen_at"]),
    )


class SqliteUsers:
    def __init__(self, runner: SqlRunner) -> None:
        self._db = runner

    async def get(self, telegram_id: int) -> User | None:
        row = await self._db.fetchone("SELECT * FROM users WHERE telegram_id = ?", (telegram_id,))
        return row_to_user(row) if row else None

    async def upsert(self, user: User) -> User:
        assert user.created_at is not None and user.last_seen_at is not None
        params = (
            user.telegram_id, user.first_name, user.last_name, user.username, user.language,
            user.role.value, int(user.blocked), to_iso(user.created_at), to_iso(user.last_seen_at),
        )

        def write(conn: sqlite3.Connection) -> sqlite3.Row:
            conn.execute(
                """INSERT INTO users (telegram_id, first_name, last_name, username, language,
                       role, blocked, created_at, last_seen_at) VALUES (?,?,?,?,?,?,?,?,?)
                   ON CONFLICT(telegram_id) DO UPDATE SET first_name = excluded.first_name,
                       last_name = excluded.last_name, username = excluded.username,
                       last_seen_at = excluded.last_seen_at""",
                params,
            )
            return conn.execute(
                "SELECT * FROM users WHERE telegram_id = ?", (user.telegram_id,)
            ).fetchone()

        return row_to_user(await self._db.run(write))

    async def _set(self, telegram_id: int, column: str, value: object) -> bool:
        sql = f"UPDATE users SET {column} = ? WHERE telegram_id = ?"  # noqa: S608 - fixed names
        return await self._db.execute(sql, (value, telegram_id)) == 1

    async def set_language(self, telegram_id: int, language: str) -> bool:
        return await self._set(telegram_id, "language", language)

    async def set_role(self, telegram_id: int, role: Role) -> bool:
        return await self._set(telegram_id, "role", role.value)

    async def set_blocked(self, telegram_id: int, blocked: bool) -> bool:
        return await self._set(telegram_id, "blocked", int(blocked))

    async def list_by_role(self, roles: list[Role], limit: int = 100) -> list[User]:
        marks = ",".join("?" for _ in roles)
        rows = await self._db.fetchall(
            f"SELECT * FROM users WHERE role IN ({marks}) ORDER BY telegram_id LIMIT ?",  # noqa: S608
            (*[r.value for r in roles], limit),
        )
        return [row_to_user(r) for r in rows]

    async def count(self) -> int:
        row = await self._db.fetchone("SELECT COUNT(*) FROM users")
        return int(row[0]) if row else 0


REPOSITORIES = {"users": SqliteUsers}
