"""The ``Store`` protocol: repositories bound to one unit of work, run by ``transaction()``.

``await store.transaction(fn)`` runs ``fn(tx)`` as one atomic unit and returns its result. The
adapter may run ``fn`` more than once when a concurrent writer wins (MongoDB write conflicts), so
``fn`` must only touch the store through ``tx`` and keep side effects for after the commit.
``await store.read(fn)`` runs ``fn`` against a consistent snapshot without taking the write path.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Protocol, TypeVar

from core.models import AuditEntry, LedgerEntry, OutboxMessage, Role, User

T = TypeVar("T")


class UsersRepo(Protocol):
    async def get(self, telegram_id: int) -> User | None: ...

    async def upsert(self, user: User) -> User:
        """Insert, or update profile fields (names, username, last seen) keeping the rest."""
        ...

    async def set_language(self, telegram_id: int, language: str) -> bool: ...

    async def set_role(self, telegram_id: int, role: Role) -> bool: ...

    async def set_blocked(self, telegram_id: int, blocked: bool) -> bool: ...

    async def list_by_role(self, roles: list[Role], limit: int = 100) -> list[User]: ...

    async def count(self) -> int: ...


class LedgerRepo(Protocol):
    async def find_by_key(self, key: str) -> LedgerEntry | None: ...

    async def apply(self, entry: LedgerEntry) -> LedgerEntry | None:
        """Move the balance by ``entry.amount`` and append the entry; ``balance_after`` is filled
        in. Returns None (and changes nothing) when a debit would overdraw."""
        ...

    async def balance(self, user_id: int) -> int: ...

    async def entries(self, user_id: int, limit: int = 20, offset: int = 0) -> list[LedgerEntry]:
        """Newest first."""
        ...

    async def count_entries(self, user_id: int) -> int: ...

    async def sum_entries(self, user_id: int) -> int: ...

    async def wallet_user_ids(self) -> list[int]: ...


class AuditRepo(Protocol):
    async def head(self) -> tuple[int, str]:
        """(last sequence number, last hash); (0, "") when empty."""
        ...

    async def append(self, entry: AuditEntry) -> None:
        """Append ``entry`` whose ``seq`` is head+1; raise RetryableConflict if the head moved."""
        ...

    async def page(self, after_seq: int, limit: int) -> list[AuditEntry]:
        """Entries with seq > after_seq in storage order (ascending seq)."""
        ...

    async def latest(self, limit: int, action_prefix: str = "") -> list[AuditEntry]: ...


class OutboxRepo(Protocol):
    async def add(self, message: OutboxMessage) -> bool:
        """Queue ``message``; False (and nothing queued) if its key was queued before."""
        ...

    async def claim_due(self, now: datetime, limit: int, lease_until: datetime
                        ) -> list[OutboxMessage]:
        """Mark up to ``limit`` due messages (pending, or sending with an expired lease) as
        sending until ``lease_until`` and return them, oldest first."""
        ...

    async def mark_sent(self, message_id: str, now: datetime) -> None: ...

    async def reschedule(self, message_id: str, next_attempt_at: datetime, error: str) -> None:
        """Back to pending, one more attempt counted, to be tried at ``next_attempt_at``."""
        ...

    async def mark_dead(self, message_id: str, error: str) -> None: ...

    async def get(self, message_id: str) -> OutboxMessage | None: ...

    async def recent(self, limit: int, status: str | None = None) -> list[OutboxMessage]: ...

    async def count_by_status(self) -> dict[str, int]: ...


class SealedSource(Protocol):
    """A repository that keeps values sealed with the key ring (for ``keys rotate``)."""

    name: str

    async def sealed_page(self, after: str, limit: int) -> list[tuple[str, str, str]]:
        """(record id, field, sealed value) ordered by record id, record id > ``after``."""
        ...

    async def replace_sealed(self, record_id: str, field: str, old: str, new: str) -> bool:
        """Swap ``old`` for ``new`` only if the stored value is still ``old``."""
        ...


class Tx(Protocol):
    users: UsersRepo
    ledger: LedgerRepo
    audit: AuditRepo
    outbox: OutboxRepo

    def sealed_sources(self) -> list[SealedSource]: ...


class Store(Protocol):
    kind: str  # "sqlite" or "mongodb"

    async def open(self) -> None:
        """Connect and create schema and indexes (idempotent)."""
        ...

    async def close(self) -> None: ...

    async def ping(self) -> None:
        """Raise StoreUnavailable if the store cannot answer."""
        ...

    async def transaction(self, fn: Callable[[Tx], Awaitable[T]]) -> T: ...

    async def read(self, fn: Callable[[Tx], Awaitable[T]]) -> T: ...

    def describe(self) -> str:
        """Where this store lives, without credentials (for logs and test headers)."""
        ...
