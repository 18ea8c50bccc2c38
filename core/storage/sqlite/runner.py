"""Runs sqlite3 calls for one connection: on a dedicated thread, or inline where they cannot
wait (or where the caller already is on that thread: :meth:`SqlRunner.on_its_thread`).

``run_blocking`` always goes to the connection's own thread: what can wait there (taking the
file's write lock under ``busy_timeout``, the fsync of a COMMIT) never stalls the event loop.
``run`` goes inline when the runner is ``inline`` — the writer inside ``BEGIN IMMEDIATE``, where
the lock is already held, so a statement is short CPU work on cached pages. The thread hop
it saves was a third of the CPU of a webhook (measured with py-spy; bench/webhooks.py).
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

T = TypeVar("T")


class SqlRunner:
    def __init__(self, conn: sqlite3.Connection, name: str, *, inline: bool = False,
                 executor: ThreadPoolExecutor | None = None) -> None:
        self.conn = conn
        self.inline = inline
        self._executor = executor or ThreadPoolExecutor(max_workers=1, thread_name_prefix=name)

    def on_its_thread(self) -> SqlRunner:
        """This connection for code that runs on the connection's own thread (a whole read unit,
        see ``SqliteStore.read``): every statement runs at once."""
        return SqlRunner(self.conn, "", inline=True, executor=self._executor)

    async def run(self, fn: Callable[[sqlite3.Connection], T]) -> T:
        if self.inline:
            return fn(self.conn)
        return await self.run_blocking(fn)

    async def run_blocking(self, fn: Callable[[sqlite3.Connection], T]) -> T:
        return await asyncio.get_running_loop().run_in_executor(self._executor, fn, self.conn)

    async def execute_blocking(self, sql: str) -> None:
        await self.run_blocking(lambda c: c.execute(sql))

    async def fetchone(self, sql: str, params: tuple = ()) -> sqlite3.Row | None:
        return await self.run(lambda c: c.execute(sql, params).fetchone())

    async def fetchall(self, sql: str, params: tuple = ()) -> list[sqlite3.Row]:
        return await self.run(lambda c: c.execute(sql, params).fetchall())

    async def execute(self, sql: str, params: tuple = ()) -> int:
        """Run one statement; return the number of rows it changed."""
        return await self.run(lambda c: c.execute(sql, params).rowcount)

    async def newest_first(self, table: str, filters: Mapping[str, object], limit: int,
                           offset: int) -> list[sqlite3.Row]:
        """A page of ``table``'s rows whose columns equal ``filters`` (see
        ``core.storage.common.given``), newest first by ``created_at`` then ``id``."""
        where = " AND ".join(f"{column} = ?" for column in filters)
        return await self.fetchall(
            f"SELECT * FROM {table} {'WHERE ' + where if where else ''} "  # noqa: S608
            "ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?",
            (*filters.values(), limit, offset))

    def shutdown(self) -> None:
        self._executor.submit(self.conn.close).result()
        self._executor.shutdown(wait=True)
