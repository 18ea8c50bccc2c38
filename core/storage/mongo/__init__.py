"""MongoDB store on PyMongo's async API with multi-document transactions (replica set needed).

Money moves under majority write concern and snapshot reads. A unit of work that loses a write
conflict is run again with jittered backoff, so ``fn`` passed to ``transaction`` must be
repeatable (it only touches the store through ``tx``).
"""

from __future__ import annotations

import asyncio
import logging
import random
import re
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from pymongo import AsyncMongoClient
from pymongo.errors import ConfigurationError, PyMongoError
from pymongo.read_concern import ReadConcern
from pymongo.read_preferences import ReadPreference
from pymongo.write_concern import WriteConcern

from core.errors import RetryableConflict, StoreConfigError, StoreUnavailable
from core.storage.common import Repositories, repository_modules, wiring
from core.storage.mongo import migrations
from core.storage.mongo.session import Bound
from core.storage.schema import SchemaReport, migrate_on_open

T = TypeVar("T")
log = logging.getLogger(__name__)

MAX_ATTEMPTS = 60
# A stalled server must not hang a request: every operation (and every connection attempt)
# gives up after this long, and the caller answers 503 (DATABASE_TIMEOUT_SECONDS).
DEFAULT_OPERATION_TIMEOUT_MS = 10_000
_CREDENTIALS = re.compile(r"//[^@/]*@")


class MongoTx(Repositories):
    """Every repository of this adapter, bound to the database and the unit of work's session
    (none for reads); it provides the ``Tx`` protocol of ``core.storage.base``."""

    factories = wiring(repository_modules(__name__))


def require_transactions(hello: dict[str, Any]) -> None:
    """Refuse a server that cannot run multi-document transactions (a standalone mongod)."""
    if not hello.get("setName") and hello.get("msg") != "isdbgrid":
        raise StoreConfigError(
            "MongoDB is a standalone server; subvault needs transactions, which need a "
            "replica set (start mongod with --replSet rs0 and run rs.initiate(), or use "
            "docker compose)"
        )


def _retryable(exc: BaseException) -> bool:
    if isinstance(exc, RetryableConflict):
        return True
    return isinstance(exc, PyMongoError) and exc.has_error_label("TransientTransactionError")


class MongoStore:
    kind = "mongodb"

    def __init__(self, url: str, database: str | None = None,
                 server_selection_timeout_ms: int = 5000,
                 operation_timeout_ms: int = DEFAULT_OPERATION_TIMEOUT_MS) -> None:
        self._url = url
        self.audit_key: bytes | None = None  # set once the key ring has opened it
        self._database_name = database
        self._timeout_ms = server_selection_timeout_ms
        self._operation_timeout_ms = operation_timeout_ms
        self._client: AsyncMongoClient[dict[str, Any]] | None = None
        self.db: Any = None
        self.schema: SchemaReport | None = None  # what open() did to the schema

    def describe(self) -> str:
        name = self.db.name if self.db is not None else "?"
        return f"mongodb {_CREDENTIALS.sub('//***@', self._url)} database {name}"

    async def open(self) -> None:
        if self._client is not None:
            return
        try:
            client: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(
                self._url, tz_aware=True, serverSelectionTimeoutMS=self._timeout_ms,
                connectTimeoutMS=min(self._timeout_ms, self._operation_timeout_ms),
                timeoutMS=self._operation_timeout_ms, w="majority",
            )
        except ConfigurationError as exc:
            raise StoreConfigError(f"DATABASE_URL is not a valid MongoDB URL: {exc}") from None
        try:
            hello = await client.admin.command("hello")
        except PyMongoError as exc:
            await client.close()
            raise StoreUnavailable(f"cannot reach MongoDB ({type(exc).__name__})") from None
        try:
            require_transactions(hello)
        except StoreConfigError:
            await client.close()
            raise
        self._client = client
        self.db = client.get_database(self._database_name) if self._database_name else \
            client.get_default_database("subvault")
        self.schema = await migrate_on_open(
            self, lambda: migrations.migrate(self.db, self.describe()))

    async def close(self) -> None:
        if self._client is not None:
            await self._client.close()
        self._client = None

    async def ping(self) -> None:
        if self._client is None:
            raise StoreUnavailable("store is closed")
        try:
            await self._client.admin.command("ping")
        except PyMongoError as exc:
            raise StoreUnavailable(f"MongoDB does not answer ({type(exc).__name__})") from None

    async def drop_database(self) -> None:
        """Tests only: remove everything this store created."""
        if self._client is not None:
            await self._client.drop_database(self.db.name)

    async def transaction(self, fn: Callable[[MongoTx], Awaitable[T]]) -> T:
        if self._client is None:
            raise StoreUnavailable("store is closed")
        for attempt in range(1, MAX_ATTEMPTS + 1):
            try:
                return await self._attempt(fn)
            except (PyMongoError, RetryableConflict) as exc:
                if _retryable(exc) and attempt < MAX_ATTEMPTS:
                    await asyncio.sleep(random.uniform(0, min(1.0, 0.01 * 2 ** min(attempt, 7))))
                    continue
                if isinstance(exc, PyMongoError):  # down, timed out, or refused: retry later
                    raise StoreUnavailable(f"MongoDB unavailable ({type(exc).__name__})") from None
                raise
        raise StoreUnavailable("transaction kept conflicting")  # pragma: no cover

    async def _attempt(self, fn: Callable[[MongoTx], Awaitable[T]]) -> T:
        assert self._client is not None
        async with self._client.start_session() as session:
            await session.start_transaction(
                read_concern=ReadConcern("snapshot"), write_concern=WriteConcern("majority"),
                read_preference=ReadPreference.PRIMARY,
            )
            try:
                result = await fn(MongoTx(Bound(self.db, session), self.audit_key))
            except BaseException:
                if session.in_transaction:
                    await session.abort_transaction()
                raise
            await self._commit(session)
            return result

    @staticmethod
    async def _commit(session: Any) -> None:
        for _ in range(5):
            try:
                await session.commit_transaction()
                return
            except PyMongoError as exc:
                if not exc.has_error_label("UnknownTransactionCommitResult"):
                    raise
                await asyncio.sleep(0.05)
        await session.commit_transaction()

    async def read(self, fn: Callable[[MongoTx], Awaitable[T]]) -> T:
        if self._client is None:
            raise StoreUnavailable("store is closed")
        try:
            return await fn(MongoTx(Bound(self.db, None), self.audit_key))
        except PyMongoError as exc:
            raise StoreUnavailable(f"MongoDB unavailable ({type(exc).__name__})") from None
