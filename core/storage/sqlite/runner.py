"""Runs blocking sqlite3 calls on one dedicated thread per connection, off the event loop."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

T = TypeVar("T")


class SqlRunner:
    def __init__(self, conn: sqlite3.Connection, name: str) -> None:
        self.conn = conn
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix=name)

    async def run(self, fn: Callable[[sqlite3.Connection], T]) -> T:
        return await asyncio.get_running_loop().run_in_executor(self._executor, fn, self.conn)

    async def fetchone(self, sql: str, params: tuple = ()) -> sqlite3.Row | None:
        return await self.run(lambda c: c.execute(sql, params).fetchone())

    async def fetchall(self, sql: str, params: tuple = ()) -> list[sqlite3.Row]:
        return await self.run(lambda c: c.execute(sql, params).fetchall())

    async def execute(self, sql: str, params: tuple = ()) -> int:
        """Run one statement; return the number of rows it changed."""
        return await self.run(lambda c: c.execute(sql, params).rowcount)

    def shutdown(self) -> None:
        self._executor.submit(self.conn.close).result()
        self._executor.shutdown(wait=True)
