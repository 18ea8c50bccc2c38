"""What both stores share about schema versions: a numbered migration, the report of a run, and
the refusal of a database newer than the code.

Each adapter keeps its own ordered list of migrations (``core/storage/sqlite/migrations.py``,
``core/storage/mongo/migrations.py``) and records the version it reached in the database itself
(``PRAGMA user_version`` on SQLite, the document ``{_id: "schema"}`` of collection ``meta`` on
MongoDB). Version 0 is a database made before versions existed, or an empty one.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Generic, Protocol, TypeVar

from core.errors import SchemaTooNew

F = TypeVar("F", bound=Callable[..., object])
log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Migration(Generic[F]):
    version: int
    description: str
    apply: F


@dataclass(frozen=True, slots=True)
class SchemaReport:
    """What opening (or ``subvault db migrate``) did to the schema."""

    before: int
    after: int
    backup: str = ""  # the copy taken before migrating ("" when none was needed)

    @property
    def migrated(self) -> bool:
        return self.after != self.before


def check_sequence(migrations: Sequence[Migration[F]]) -> int:
    """Versions must run 1, 2, 3… with no gap or repeat; return the latest."""
    versions = [m.version for m in migrations]
    if versions != list(range(1, len(versions) + 1)):
        raise ValueError(f"migration versions must be 1..N in order, found {versions}")
    return versions[-1]


def pending(migrations: Sequence[Migration[F]], found: int, where: str) -> list[Migration[F]]:
    """The migrations to run on a database at version ``found``; refuse a newer database."""
    latest = migrations[-1].version
    if found > latest:
        raise SchemaTooNew(found, latest, where)
    return [m for m in migrations if m.version > found]


class _Opening(Protocol):
    def describe(self) -> str: ...

    async def close(self) -> None: ...


async def migrate_on_open(store: _Opening, migrate: Callable[[], Awaitable[SchemaReport]]
                          ) -> SchemaReport:
    """The last step of opening a store: run its migrations and log what they changed. If they
    fail (or refuse a newer database), the store is closed before the error goes on."""
    try:
        report = await migrate()
    except BaseException:
        await store.close()
        raise
    if report.migrated:
        log.warning("migrated %s from schema version %d to %d%s", store.describe(),
                    report.before, report.after,
                    f" (backup: {report.backup})" if report.backup else "")
    return report
