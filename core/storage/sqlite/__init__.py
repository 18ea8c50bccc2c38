"""The embedded default store: one SQLite file in WAL mode.

Safe across processes on one machine: every write unit of work starts with ``BEGIN IMMEDIATE``
(one writer at a time, others wait up to ``busy_timeout``); readers use their own connection and
see the last committed snapshot. Inside one process, write units are queued on an asyncio lock so
the event loop never blocks on the file lock.
"""

from __future__ import annotations

import asyncio
import logging
import os
import sqlite3
from collections.abc import Awaitable, Callable
from typing import TypeVar

from core.errors import StoreUnavailable
from core.storage.base import SealedSource
from core.storage.sqlite import (
    audit,
    coupons,
    intents,
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
from core.storage.sqlite.intents import SqliteIntents
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
                  intents, topups, webhook_events, support]
BUSY_TIMEOUT_MS = 10_000


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

    def describe(self) -> str:
        return f"sqlite file {self.path}"

    async def open(self) -> None:
        if self._writer is not None:
            return
        parent = os.path.dirname(os.path.abspath(self.path))
        if not await asyncio.to_thread(os.path.isdir, parent):
            raise StoreUnavailable(f"directory {parent} for the SQLite file does not exist")
        try:
            self._writer = SqlRunner(_connect(self.path), "sqlite-writer")
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
                        conn.execute(statement)
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise

        assert self._writer is not None
        async with self._write_lock:
            await self._writer.run(create)

    async def close(self) -> None:
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
        runner = self._writer
        if runner is None:
            raise StoreUnavailable("store is closed")
        async with self._write_lock:
            try:
                await runner.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError as exc:
                raise StoreUnavailable(f"SQLite is busy or unavailable: {exc}") from None
            try:
                result = await fn(SqliteTx(runner))
            except BaseException:
                await runner.execute("ROLLBACK")
                raise
            await runner.execute("COMMIT")
            return result

    async def read(self, fn: Callable[[SqliteTx], Awaitable[T]]) -> T:
        runner = self._reader
        if runner is None:
            raise StoreUnavailable("store is closed")
        # One reader connection: reads on it are serialised so a snapshot is never shared.
        async with self._read_lock:
            await runner.execute("BEGIN")
            try:
                return await fn(SqliteTx(runner))
            finally:
                await runner.execute("COMMIT")
