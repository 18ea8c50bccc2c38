"""Schema versions on every store: opening records the latest version in the database, opening
again migrates nothing and changes nothing, a database made before versions is brought up to
date with its data kept, and a database of a newer subvault is refused and left alone."""

from __future__ import annotations

import itertools
import os
import sqlite3
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from pymongo import AsyncMongoClient

from core.clock import SystemClock, to_iso
from core.errors import SchemaTooNew
from core.models import Subscription, SubscriptionStatus, User
from core.storage import Store, open_store
from core.storage.mongo import migrations as mongo_migrations
from core.storage.sqlite import jobs as sqlite_jobs
from core.storage.sqlite import migrations as sqlite_migrations
from tests.conftest import MongoServer, store_legs

_names = itertools.count(1)


@dataclass
class Leg:
    """One store's database, named by URL, with a side door to read and set its version."""

    kind: str
    url: str
    latest: int
    path: Path | None = None
    client: AsyncMongoClient[dict[str, Any]] | None = None
    name: str = ""

    async def version(self) -> int:
        if self.path is not None:
            with sqlite3.connect(self.path) as db:
                return db.execute("PRAGMA user_version").fetchone()[0]
        assert self.client is not None
        doc = await self.client[self.name].meta.find_one({"_id": "schema"})
        return doc["version"] if doc else 0

    async def set_version(self, version: int | None) -> None:
        """``None``: as before versions existed."""
        if self.path is not None:
            db = sqlite3.connect(self.path)
            db.execute(f"PRAGMA user_version = {version or 0}")
            db.close()
            return
        assert self.client is not None
        meta = self.client[self.name].meta
        if version is None:
            await meta.delete_one({"_id": "schema"})
        else:
            await meta.update_one({"_id": "schema"}, {"$set": {"version": version}})

    async def layout(self) -> object:
        """Tables and indexes (SQLite), or collections and their indexes (MongoDB)."""
        if self.path is not None:
            with sqlite3.connect(self.path) as db:
                return db.execute("SELECT type, name, sql FROM sqlite_master ORDER BY name"
                                  ).fetchall()
        assert self.client is not None
        db = self.client[self.name]
        return {name: sorted([i["name"] async for i in await db[name].list_indexes()])
                for name in sorted(await db.list_collection_names())}


@pytest.fixture(params=store_legs())
async def leg(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Leg]:
    if request.param == "sqlite":
        path = tmp_path / "shop.db"
        yield Leg("sqlite", f"sqlite:///{path}", sqlite_migrations.LATEST, path=path)
        return
    server: MongoServer = request.getfixturevalue("mongo_server")
    name = f"schema{os.getpid()}_{next(_names)}"
    client: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(f"{server.url}/{server.query}")
    try:
        yield Leg("mongodb", f"{server.url}/{name}{server.query}", mongo_migrations.LATEST,
                  client=client, name=name)
    finally:
        await client.drop_database(name)
        await client.close()


async def _open(leg: Leg) -> Store:
    return await open_store(leg.url)


async def test_a_new_database_is_created_at_the_latest_version(leg: Leg):
    store = await _open(leg)
    await store.close()
    assert store.schema is not None
    assert (store.schema.before, store.schema.after) == (0, leg.latest)
    assert await leg.version() == leg.latest


async def test_opening_again_migrates_nothing_and_changes_nothing(leg: Leg):
    await (await _open(leg)).close()
    layout = await leg.layout()
    for _ in range(2):
        store = await _open(leg)
        await store.close()
        assert store.schema is not None
        assert (store.schema.before, store.schema.after) == (leg.latest, leg.latest)
        assert not store.schema.migrated and store.schema.backup == ""
    assert await leg.layout() == layout
    assert await leg.version() == leg.latest


async def test_a_database_made_before_versions_is_upgraded_with_its_data(leg: Leg):
    store = await _open(leg)
    now = SystemClock().now()
    await store.transaction(lambda tx: tx.users.upsert(
        User(telegram_id=7, first_name="Old", created_at=now, last_seen_at=now)))
    await store.close()
    layout = await leg.layout()
    await leg.set_version(None)

    store = await _open(leg)
    try:
        assert store.schema is not None
        assert (store.schema.before, store.schema.after) == (0, leg.latest)
        user = await store.read(lambda tx: tx.users.get(7))
        assert user is not None and user.first_name == "Old"
    finally:
        await store.close()
    assert await leg.layout() == layout
    assert await leg.version() == leg.latest


async def test_a_database_of_a_newer_subvault_is_refused_and_left_alone(leg: Leg):
    await (await _open(leg)).close()
    await leg.set_version(leg.latest + 1)
    layout = await leg.layout()
    with pytest.raises(SchemaTooNew) as refused:
        await _open(leg)
    assert (refused.value.found, refused.value.supported) == (leg.latest + 1, leg.latest)
    message = str(refused.value)
    assert "\n" not in message
    assert f"schema version {leg.latest + 1}" in message and f"up to version {leg.latest}" \
        in message
    assert await leg.version() == leg.latest + 1
    assert await leg.layout() == layout


async def test_reminders_claimed_one_by_one_before_version_6_become_windows(leg: Leg):
    """A reminder claimed by an earlier version but not yet queued is not lost in the change to
    windows: migration 6 turns it into a window of the millisecond its subscription ends in."""
    store = await _open(leg)
    now = SystemClock().now().replace(microsecond=0)
    ends = now + timedelta(days=1)
    sub = Subscription(id="sub_old", user_id=7, product_id="prd_1", stock_item_id="",
                       status=SubscriptionStatus.ACTIVE, starts_at=now, ends_at=ends,
                       auto_renew=False, qr_exports=0, order_id="ord_old", created_at=now,
                       updated_at=now)
    await store.transaction(lambda tx: tx.subscriptions.insert(sub))
    await store.close()
    key = f"sub_old:{to_iso(ends)}:1d"
    if leg.path is not None:
        (create_reminders,) = [s for s in sqlite_jobs.SCHEMA_JOBS
                               if "TABLE IF NOT EXISTS reminders" in s]
        with sqlite3.connect(leg.path) as db:
            db.execute("DROP TABLE reminder_windows")
            db.execute(create_reminders)
            db.execute("INSERT INTO reminders VALUES (?,?,?,?,?,?,?,?,?,?)",
                       (key, "sub_old", 7, "prd_1", to_iso(ends), 0, "1d", "claimed",
                        to_iso(now), None))
        await leg.set_version(5)
    else:
        assert leg.client is not None
        db = leg.client[leg.name]
        await db.reminder_windows.drop()
        await db.reminders.insert_one({"_id": key, "subscription_id": "sub_old", "user_id": 7,
                                       "product_id": "prd_1", "ends_at": ends,
                                       "auto_renew": False, "offset": "1d",
                                       "status": "claimed", "claimed_at": now})
        await leg.set_version(5)

    store = await _open(leg)
    try:
        assert store.schema is not None and store.schema.before == 5
        (window,) = await store.read(lambda tx: tx.jobs.open_reminder_windows(10))
        assert (window.offset, window.upto, window.after, window.include_expired) == (
            "1d", ends, ends - timedelta(milliseconds=1), False)
        assert [s.id for s in await store.read(lambda tx: tx.jobs.ending_in(window, 10))] == \
            ["sub_old"]
    finally:
        await store.close()
    layout = await leg.layout()
    names = {row[1] for row in layout} if isinstance(layout, list) else set(layout)  # type: ignore[call-overload]
    assert "reminders" not in names and "reminder_windows" in names
