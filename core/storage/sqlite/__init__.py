"""The embedded default store: one SQLite file in WAL mode.

Safe across processes on one machine: every write unit of work starts with ``BEGIN IMMEDIATE``
(one writer at a time, others wait up to ``busy_timeout``); readers use their own connection and
see the last committed snapshot. Inside one process, write units are queued on an asyncio lock so
the event loop never blocks on the file lock.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import sqlite3
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from core.errors import StoreUnavailable
from core.storage.base import SealedSource
from core.storage.sqlite import (
    audit,
    coupons,
    fsm,
    intents,
    jobs,
    ledger,
    orders,
    outbox,
    products,
    stock,
    subscriptions,
    support,
    topups,
    users,
    webhook_events,
)
from core.storage.sqlite.audit import SqliteAudit
from core.storage.sqlite.coupons import SqliteCoupons
from core.storage.sqlite.fsm import SqliteFsm, SqliteThrottle
from core.storage.sqlite.intents import SqliteIntents
from core.storage.sqlite.jobs import SqliteJobs
from core.storage.sqlite.ledger import SqliteLedger
from core.storage.sqlite.orders import SqliteOrders
from core.storage.sqlite.outbox import SqliteOutbox
from core.storage.sqlite.products import SqliteProducts
from core.storage.sqlite.runner import SqlRunner
from core.storage.sqlite.stock import SqliteStock
from core.storage.sqlite.subscriptions import SqliteSubscriptions
from core.storage.sqlite.support import SqliteCleanups, SqliteTickets
from core.storage.sqlite.topups import SqliteTopups
from core.storage.sqlite.users import SqliteUsers
from core.storage.sqlite.webhook_events import SqliteWebhookEvents

T = TypeVar("T")
log = logging.getLogger(__name__)

SCHEMA_MODULES = [users, ledger, audit, outbox, products, stock, coupons, orders, subscriptions,
                  intents, topups, webhook_events, support,
                  jobs,  # schema: jobs (after the tables it indexes)
                  fsm]  # schema: shared dialog state and throttling
BUSY_TIMEOUT_MS = 10_000
GROUP_MAX = 64  # units of work sharing one COMMIT at most


def _store_error(exc: BaseException) -> BaseException:
    """A failure of SQLite itself (locked, disk, corrupt) is the store being unavailable."""
    if isinstance(exc, sqlite3.Error):
        return StoreUnavailable(f"SQLite failed: {type(exc).__name__}")
    return exc


def _fail_all(batch: list[tuple[Any, asyncio.Future[Any]]], error: BaseException) -> None:
    for _, future in batch:
        if not future.done():
            future.set_exception(error)


class SqliteTx:
    def __init__(self, runner: SqlRunner) -> None:
        self.users = SqliteUsers(runner)
        self.ledger = SqliteLedger(runner)
        self.audit = SqliteAudit(runner)
        self.outbox = SqliteOutbox(runner)
        self.products = SqliteProducts(runner)
        self.stock = SqliteStock(runner)
        self.coupons = SqliteCoupons(runner)
        self.orders = SqliteOrders(runner)
        self.subscriptions = SqliteSubscriptions(runner)
        self.intents = SqliteIntents(runner)
        self.topups = SqliteTopups(runner)
        self.webhook_events = SqliteWebhookEvents(runner)
        self.tickets = SqliteTickets(runner)
        self.cleanups = SqliteCleanups(runner)
        self.jobs = SqliteJobs(runner)
        self.fsm = SqliteFsm(runner)
        self.throttle = SqliteThrottle(runner)

    def sealed_sources(self) -> list[SealedSource]:
        return [self.stock, self.stock.key_source()]


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
        self._writer: SqlRunner | None = None
        self._reader: SqlRunner | None = None
        self._write_lock = asyncio.Lock()
        self._read_lock = asyncio.Lock()
        self._queue: list[tuple[Callable[[SqliteTx], Awaitable[Any]], asyncio.Future[Any]]] = []
        self._drainer: asyncio.Task[None] | None = None

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
        except sqlite3.Error as exc:
            raise StoreUnavailable(f"cannot open SQLite file {self.path}: {exc}") from None
        await self.init_schema()

    async def init_schema(self) -> None:
        def create(conn: sqlite3.Connection) -> None:
            conn.execute("BEGIN IMMEDIATE")
            try:
                for module in SCHEMA_MODULES:
                    for statement in module.SCHEMA:
                        if callable(statement):  # a step that looks before it changes
                            statement(conn)
                        else:
                            conn.execute(statement)
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise

        assert self._writer is not None
        async with self._write_lock:
            await self._writer.run_blocking(create)

    async def close(self) -> None:
        if self._drainer is not None:
            await asyncio.gather(self._drainer, return_exceptions=True)
        for runner in (self._writer, self._reader):
            if runner is not None:
                await asyncio.to_thread(runner.shutdown)
        self._writer = self._reader = None

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
                result = await fn(SqliteTx(runner))
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
        runner = self._reader
        if runner is None:
            raise StoreUnavailable("store is closed")
        # One reader connection: reads on it are serialised so a snapshot is never shared.
        async with self._read_lock:
            try:
                # BEGIN (deferred) and the COMMIT that ends a read touch no file and wait for no
                # lock, so they run here; only the queries go to the reader's thread. Two thread
                # hops fewer per read: the hops were the largest CPU cost of an update (cProfile).
                runner.conn.execute("BEGIN")
                try:
                    return await fn(SqliteTx(runner))
                finally:
                    runner.conn.execute("COMMIT")
            except sqlite3.Error as exc:
                raise _store_error(exc) from None
