"""The embedded default store: one SQLite file in WAL mode.

Safe across processes on one machine: every write unit of work starts with ``BEGIN IMMEDIATE``
(one writer at a time, others wait up to ``busy_timeout``); readers use their own connection and
see the last committed snapshot. Inside one process, write units are queued on an asyncio lock so
the event loop never blocks on the file lock. A read unit runs whole on the reader's thread.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import logging
import os
import sqlite3
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from core.errors import StoreUnavailable
from core.storage.common import Repositories, repository_modules, wiring
from core.storage.schema import SchemaReport, migrate_on_open
from core.storage.sqlite import migrations
from core.storage.sqlite.runner import SqlRunner

T = TypeVar("T")
log = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 10_000
GROUP_MAX = 64  # units of work sharing one COMMIT at most


def _store_error(exc: BaseException) -> BaseException:
    """A failure of SQLite itself (locked, disk, corrupt) is the store being unavailable."""
    if isinstance(exc, sqlite3.Error):
        return StoreUnavailable(f"SQLite failed: {type(exc).__name__}")
    return exc


def _run_whole(unit: Awaitable[T]) -> T:
    """Drive a read unit to its end on the reader's thread. Its statements run at once there
    (``SqlRunner.on_its_thread``), so it never waits; one that waits on anything else (the
    event loop is not on this thread) is a programming error."""
    steps = unit.__await__()
    try:
        steps.send(None)
    except StopIteration as done:
        return done.value  # type: ignore[no-any-return]
    steps.close()
    raise RuntimeError("a read unit waited on something other than its statements")


def _fail_all(batch: list[tuple[Any, asyncio.Future[Any]]], error: BaseException) -> None:
    for _, future in batch:
        if not future.done():
            future.set_exception(error)


class SqliteTx(Repositories):
    """Every repository of this adapter, bound to the writer's or the reader's connection; it
    provides the ``Tx`` protocol of ``core.storage.base``."""

    factories = wiring(repository_modules(__name__))


def _connect(path: str) -> sqlite3.Connection:
    conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None,
                           check_same_thread=False)
    conn.row_factory = sqlite3.Row
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


class SqliteStore:
    kind = "sqlite"

    def __init__(self, path: str) -> None:
        self.path = path
        self.audit_key: bytes | None = None  # set once the key ring has opened it
        self._writer: SqlRunner | None = None
        self._reader: SqlRunner | None = None
        self._reader_here: SqlRunner | None = None  # the reader, for code on its thread
        self._write_lock = asyncio.Lock()
        self._queue: list[tuple[Callable[[SqliteTx], Awaitable[Any]], asyncio.Future[Any]]] = []
        self._drainer: asyncio.Task[None] | None = None
        self.schema: SchemaReport | None = None  # what open() did to the schema

    def describe(self) -> str:
        return f"sqlite file {self.path}"

    async def open(self) -> None:
        if self._writer is not None:
            return
        parent = os.path.dirname(os.path.abspath(self.path))
        if not await asyncio.to_thread(os.path.isdir, parent):
            raise StoreUnavailable(f"directory {parent} for the SQLite file does not exist")
        try:
            self._writer = SqlRunner(_connect(self.path), "sqlite-writer", inline=True)
            self._reader = SqlRunner(_connect(self.path), "sqlite-reader")
            self._reader_here = self._reader.on_its_thread()
        except sqlite3.Error as exc:
            raise StoreUnavailable(f"cannot open SQLite file {self.path}: {exc}") from None
        self.schema = await migrate_on_open(self, self._migrate)

    async def _migrate(self) -> SchemaReport:
        assert self._writer is not None
        async with self._write_lock:
            try:
                return await self._writer.run_blocking(
                    lambda conn: migrations.migrate(conn, self.path))
            except sqlite3.Error as exc:
                raise StoreUnavailable(f"migrating SQLite file {self.path} failed: {exc}") \
                    from None

    async def close(self) -> None:
        if self._drainer is not None:
            await asyncio.gather(self._drainer, return_exceptions=True)
        for runner in (self._writer, self._reader):
            if runner is not None:
                await asyncio.to_thread(runner.shutdown)
        self._writer = self._reader = self._reader_here = None

    async def ping(self) -> None:
        if self._reader is None:
            raise StoreUnavailable("store is closed")
        try:
            await self._reader.fetchone("SELECT 1")
        except sqlite3.Error as exc:
            raise StoreUnavailable(f"SQLite does not answer: {exc}") from None

    async def transaction(self, fn: Callable[[SqliteTx], Awaitable[T]]) -> T:
        """Run ``fn`` as one atomic unit, with group commit.

        Units that arrive while another batch is committing are run together in the next
        SQLite transaction, one after another, each inside its own SAVEPOINT: a unit that raises
        is rolled back to its savepoint alone, while the others share one COMMIT (one fsync).
        The caller gets its result only after that COMMIT is durable. A caller cancelled while
        it waits does not cancel its unit: once queued, it is applied (nothing half-done).
        """
        if self._writer is None:
            raise StoreUnavailable("store is closed")
        future: asyncio.Future[T] = asyncio.get_running_loop().create_future()
        self._queue.append((fn, future))
        if self._drainer is None or self._drainer.done():
            self._drainer = asyncio.create_task(self._drain())
        return await asyncio.shield(future)

    async def _drain(self) -> None:
        async with self._write_lock:
            while self._queue:
                batch, self._queue = self._queue[:GROUP_MAX], self._queue[GROUP_MAX:]
                try:
                    await self._run_batch(batch)
                except BaseException as exc:
                    # The connection failed mid-batch: nothing of it is committed.
                    log.error("SQLite batch of %d unit(s) failed: %s", len(batch),
                              type(exc).__name__)
                    with contextlib.suppress(sqlite3.Error):
                        await self._writer.execute_blocking("ROLLBACK")  # type: ignore[union-attr]
                    _fail_all(batch, StoreUnavailable(f"SQLite failed: {type(exc).__name__}"))
                    if not isinstance(exc, Exception):
                        raise

    async def _run_batch(self, batch: list[tuple[Callable[[SqliteTx], Awaitable[Any]],
                                                 asyncio.Future[Any]]]) -> None:
        runner = self._writer
        try:
            if runner is None:
                raise StoreUnavailable("store is closed")
            await runner.execute_blocking("BEGIN IMMEDIATE")
        except (sqlite3.Error, StoreUnavailable) as exc:
            _fail_all(batch, StoreUnavailable(f"SQLite is busy or unavailable: {exc}"))
            return
        outcomes: list[tuple[asyncio.Future[Any], Any, BaseException | None]] = []
        for fn, future in batch:
            await runner.execute("SAVEPOINT unit")
            try:
                result = await fn(SqliteTx(runner, self.audit_key))
            except BaseException as exc:
                await runner.execute("ROLLBACK TO unit")
                await runner.execute("RELEASE unit")
                outcomes.append((future, None, _store_error(exc)))
                continue
            await runner.execute("RELEASE unit")
            outcomes.append((future, result, None))
        try:
            await runner.execute_blocking("COMMIT")
        except sqlite3.Error as exc:
            await runner.execute_blocking("ROLLBACK")
            _fail_all(batch, StoreUnavailable(f"SQLite could not commit: {exc}"))
            return
        for future, result, error in outcomes:
            if future.done():
                continue
            if error is None:
                future.set_result(result)
            else:
                future.set_exception(error)

    async def read(self, fn: Callable[[SqliteTx], Awaitable[T]]) -> T:
        """Run the read unit ``fn`` whole on the reader's thread, in one snapshot: one thread
        hop per read, and the reader is never held while the event loop is busy elsewhere
        (with a hop per statement, a thousand customers' reads queued behind one another for
        seconds: bench/journey.py). The reader's one thread runs one read at a time, so a
        snapshot is never shared."""
        runner, here = self._reader, self._reader_here
        if runner is None or here is None:
            raise StoreUnavailable("store is closed")
        context = contextvars.copy_context()
        tx = SqliteTx(here, self.audit_key)

        def whole(conn: sqlite3.Connection) -> T:
            conn.execute("BEGIN")
            try:
                return context.run(_run_whole, fn(tx))
            finally:
                conn.execute("COMMIT")

        try:
            return await runner.run_blocking(whole)
        except sqlite3.Error as exc:
            raise _store_error(exc) from None
