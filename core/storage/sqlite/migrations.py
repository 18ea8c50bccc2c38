"""Numbered schema migrations of the SQLite store.

The file records the version it is at in ``PRAGMA user_version`` (0: made before versions existed,
or a new empty file). Opening the store (every start, ``subvault db init`` and ``subvault db
migrate``) runs the migrations above that version, in order, in ONE write transaction that also
sets the new version: a failing migration leaves the file as it was. Before migrating a file that
already has tables, a copy is taken with SQLite's online backup API, named
``<file>.bak-v<old version>-<UTC timestamp>``. A file at a version above the last one here is
refused (``SchemaTooNew``): it belongs to a newer subvault.

Where a new migration goes
--------------------------
Add a table, a column, an index or a data fix as the NEXT entry of ``MIGRATIONS`` at the bottom
of this file, numbered the last version + 1::

    Migration(3, "broadcasts: table and index", steps(broadcasts.SCHEMA_BROADCASTS)),
    Migration(4, "orders.refunded_at", steps("ALTER TABLE orders ADD COLUMN refunded_at TEXT")),

``steps`` runs SQL statements and functions ``(conn) -> None`` (a backfill in Python, a table
rebuild) in order; migration 2 has both kinds, kept next to the repository they serve. They run
inside the migration transaction: never COMMIT or BEGIN in one. Foreign keys are enforced, so
rebuilding a table (create new, copy, drop, rename) must keep the references valid.

Never edit a migration that has shipped: shops' files have already run it. Version 1 is the
``SCHEMA`` lists of the repository modules (``REPOSITORY_MODULES`` in ``core/storage/common.py``)
as they were when versions were introduced; ``tests/fixtures/schema_v0.sqlite`` is a file of that
schema, and a test checks that version 1 still builds exactly it. So:

- a block marked ``# schema: <feature>`` inside one of those ``SCHEMA`` lists is not part of
  version 1: move it into a list of its own (e.g. ``SCHEMA_<FEATURE>`` in the same module) and
  add a migration for it here;
- a new repository module declares ``SCHEMA = []`` (version 1 had none of its tables) and its
  tables go into a migration the same way.

Make the same change on MongoDB in ``core/storage/mongo/migrations.py`` when it has a MongoDB side
(a collection, an index, a backfill).
"""

from __future__ import annotations

import os
import sqlite3
import stat
from collections.abc import Callable, Sequence
from datetime import UTC, datetime

from core.storage.common import repository_modules
from core.storage.schema import Migration, SchemaReport, check_sequence, pending
from core.storage.sqlite import admin, fsm, jobs, ledger, topups, webhook_events

Apply = Callable[[sqlite3.Connection], None]

# The repository modules: their SCHEMA lists are version 1 (in this order: a table after the
# tables it references).
V1_MODULES = repository_modules("core.storage.sqlite")


Step = str | Apply  # an SQL statement, or a function that looks before it changes


def steps(*groups: Step | Sequence[Step]) -> Apply:
    """A migration that runs these steps (each a statement or a function, alone or in lists)
    in order."""
    flat = [step for group in groups
            for step in (group if isinstance(group, list | tuple) else [group])]

    def apply(conn: sqlite3.Connection) -> None:
        for step in flat:
            if isinstance(step, str):
                conn.execute(step)
            else:
                step(conn)

    return apply


MIGRATIONS: list[Migration[Apply]] = [
    # Version 1 is what every file had before versions: its statements are IF NOT EXISTS, so on
    # such a file (user_version 0, tables present) it changes nothing but the version.
    Migration(1, "tables, indexes and triggers of the first release",
              steps(*[module.SCHEMA for module in V1_MODULES])),
    Migration(2, "gateway refunds: wallets may hold a debt, topups.refunded_amount, indexes "
                 "for a payment's top-up and events and for purging old bodies",
              steps(ledger.SCHEMA_WALLET_DEBT, topups.SCHEMA_GATEWAY_REFUNDS,
                    webhook_events.SCHEMA_GATEWAY_REFUNDS)),
    Migration(3, "jobs: marks, leases, run records, reminders; indexes that find due work",
              steps(jobs.SCHEMA_JOBS)),
    Migration(4, "admin: dashboard indexes, approvals, manual payments, broadcasts, alert "
                 "mutes, ticket threads and links", steps(admin.SCHEMA_ADMIN)),
    Migration(5, "bots: shared dialog state (fsm) and flood-control buckets (throttle)",
              steps(fsm.SCHEMA_FSM)),
    Migration(6, "reminders: claimed a window per offset and run (reminder_windows); the "
                 "per-subscription claims still waiting become windows, their table goes",
              steps(jobs.SCHEMA_REMINDER_WINDOWS)),
]
LATEST = check_sequence(MIGRATIONS)


def version_of(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def _has_tables(conn: sqlite3.Connection) -> bool:
    return conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' LIMIT 1").fetchone() \
        is not None


def backup_path(path: str, version: int, moment: datetime) -> str:
    return f"{path}.bak-v{version}-{moment.strftime('%Y%m%dT%H%M%S.%fZ')}"


def _backup(path: str, version: int) -> str:
    """Copy the committed file through a second connection (the migrating one holds the write
    lock, and SQLite's backup cannot read from a connection that is writing)."""
    target_path = backup_path(path, version, datetime.now(UTC))
    source = sqlite3.connect(path)
    target = sqlite3.connect(target_path)
    try:
        source.backup(target)
        target.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
    finally:
        target.close()
        source.close()
    os.chmod(target_path, stat.S_IMODE(os.stat(path).st_mode))  # as private as the file itself
    return target_path


def migrate(conn: sqlite3.Connection, path: str) -> SchemaReport:
    """Bring the file to ``LATEST`` (blocking; ``conn`` is in autocommit mode, not in a
    transaction). Concurrent starters wait on the write lock; the second finds nothing to do."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        found = version_of(conn)
        todo = pending(MIGRATIONS, found, f"sqlite file {path}")
        copy = ""
        if todo and path != ":memory:" and _has_tables(conn):
            copy = _backup(path, found)
        for migration in todo:
            migration.apply(conn)
            conn.execute(f"PRAGMA user_version = {int(migration.version)}")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")  # a backup already taken stays: it is the file as it was
        raise
    return SchemaReport(before=found, after=todo[-1].version if todo else found, backup=copy)
