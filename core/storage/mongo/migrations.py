"""Numbered schema migrations of the MongoDB store.

The database records the version it is at in collection ``meta``, document
``{_id: "schema", version: N}`` (no document: version 0, a database made before versions existed
or an empty one). Opening the store (every start, ``subvault db init`` and ``subvault db
migrate``) runs the migrations above that version, in order, and raises the recorded version
after each one (``$max``: it never goes down). A database at a version above the last one here is
refused (``SchemaTooNew``): it belongs to a newer subvault. There is no automatic backup on
MongoDB: take one with ``mongodump`` (or your provider's snapshots) before upgrading.

Where a new migration goes
--------------------------
Add a collection, an index or a backfill as the NEXT entry of ``MIGRATIONS`` at the bottom of
this file, numbered the last version + 1 (the same number as its SQLite twin in
``core/storage/sqlite/migrations.py`` when the change has both sides)::

    Migration(3, "broadcasts: collection and index",
              collections_and_indexes(["broadcasts"], broadcasts.INDEXES_BROADCASTS)),

or write an ``async (db) -> None`` function. Several processes may start at once and there is no
lock, so a migration must be safe to run twice and concurrently (``create_index`` with the same
options, ``update_many`` with a filter that skips documents already converted, ``$setOnInsert``).

Never edit a migration that has shipped. Version 1 is ``V1_COLLECTIONS`` and the ``INDEXES``
lists of the repository modules (``REPOSITORY_MODULES`` in ``core/storage/common.py``) as they
were when versions were introduced. So a block marked ``# schema: <feature>`` inside one of those
lists is not part of version 1: move it into a list of its own (e.g. ``INDEXES_<FEATURE>`` in the
same module) and add a migration for it here; a new repository module declares ``INDEXES = []``
and its collection and indexes go into a migration the same way.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from pymongo.errors import CollectionInvalid, OperationFailure

from core.storage.common import repository_modules
from core.storage.mongo import admin, fsm, jobs, topups, webhook_events
from core.storage.schema import Migration, SchemaReport, check_sequence, pending

log = logging.getLogger(__name__)

Apply = Callable[[Any], Awaitable[None]]
Index = tuple[str, list[tuple[str, int]], dict[str, Any]]

V1_MODULES = repository_modules("core.storage.mongo")
V1_COLLECTIONS = ["users", "wallets", "ledger", "audit", "audit_head", "outbox",
                  "products", "stock", "stock_keys", "coupons", "coupon_redemptions", "orders",
                  "subscriptions", "purchase_intents", "topups", "webhook_events",
                  "tickets", "cleanups"]
SCHEMA_ID = "schema"


def collections_and_indexes(names: list[str], *indexes: list[Index]) -> Apply:
    """A migration step that creates these collections (if missing) and indexes."""

    async def apply(db: Any) -> None:
        existing = set(await db.list_collection_names())
        for name in names:
            if name not in existing:
                try:
                    await db.create_collection(name)
                except (CollectionInvalid, OperationFailure):
                    log.debug("collection %s appeared concurrently", name)
        for group in indexes:
            for collection, keys, options in group:
                await db[collection].create_index(keys, **options)

    return apply


async def _v1(db: Any) -> None:
    await collections_and_indexes(V1_COLLECTIONS, *[m.INDEXES for m in V1_MODULES])(db)
    await db.audit_head.update_one(
        {"_id": "head"}, {"$setOnInsert": {"seq": 0, "hash": ""}}, upsert=True)


async def _reminder_windows(db: Any) -> None:
    await collections_and_indexes(["reminder_windows"], jobs.INDEXES_REMINDER_WINDOWS)(db)
    await jobs.windows_from_claimed_reminders(db)


MIGRATIONS: list[Migration[Apply]] = [
    # Every step of version 1 is idempotent, so on a database made before versions it changes
    # nothing but the recorded version.
    Migration(1, "collections, indexes and the audit head of the first release", _v1),
    Migration(2, "gateway refunds: indexes for a payment's top-up and events and for purging "
                 "old bodies",
              collections_and_indexes([], topups.INDEXES_GATEWAY_REFUNDS,
                                      webhook_events.INDEXES_GATEWAY_REFUNDS)),
    Migration(3, "jobs: marks, leases, run records, reminders; indexes that find due work",
              collections_and_indexes(jobs.COLLECTIONS, jobs.INDEXES_JOBS)),
    Migration(4, "admin: dashboard indexes, approvals, manual payments, broadcasts, alert "
                 "mutes, ticket threads and links",
              collections_and_indexes(admin.COLLECTIONS, admin.INDEXES_ADMIN)),
    Migration(5, "bots: shared dialog state (fsm) and flood-control buckets (throttle)",
              collections_and_indexes(fsm.COLLECTIONS)),
    Migration(6, "reminders: claimed a window per offset and run (reminder_windows); the "
                 "per-subscription claims still waiting become windows, their collection goes",
              _reminder_windows),
]
LATEST = check_sequence(MIGRATIONS)


async def version_of(db: Any) -> int:
    doc = await db.meta.find_one({"_id": SCHEMA_ID})
    return int(doc["version"]) if doc else 0


async def migrate(db: Any, where: str) -> SchemaReport:
    found = await version_of(db)
    steps = pending(MIGRATIONS, found, where)
    for step in steps:
        await step.apply(db)
        await db.meta.update_one({"_id": SCHEMA_ID}, {"$max": {"version": step.version}},
                                 upsert=True)
    return SchemaReport(before=found, after=steps[-1].version if steps else found)
