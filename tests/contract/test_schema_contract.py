"""Schema versions on every store: opening records the latest version in the database, opening
again migrates nothing and changes nothing, a database made before versions is brought up to
date with its data kept, and a database of a newer subvault is refused and left alone."""

from __future__ import annotations

import itertools
import os
import sqlite3
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from pymongo import AsyncMongoClient

from core.clock import SystemClock
from core.errors import SchemaTooNew
from core.models import User
from core.storage import Store, open_store
from core.storage.mongo import migrations as mongo_migrations
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
