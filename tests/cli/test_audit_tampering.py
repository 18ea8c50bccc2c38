"""Changing, deleting or inserting any audit entry makes ``subvault audit verify`` exit non-zero
and name the first bad entry — on SQLite and on MongoDB."""

from __future__ import annotations

import asyncio
import dataclasses
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from pymongo import MongoClient

from core.clock import SystemClock
from core.crypto import KeyRing
from core.models import AuditEntry, Role
from core.services import audit
from core.services.audit import chain_hash, entry_hash
from core.services.users import UserService
from core.storage import open_store
from core.storage.mongo.audit import doc_to_audit
from core.storage.sqlite.audit import row_to_audit
from tests.cli.conftest import base_env

ENTRIES = 6


def _rewritten(entry: AuditEntry, env: dict[str, str]) -> AuditEntry:
    """``entry`` with another target and its hash recomputed by the code's own hash function
    (with the chain's key when the entry is keyed: the forger holds the key), so the entry on
    its own looks genuine; only the link from the next entry can tell."""
    forged = dataclasses.replace(entry, target="someone-else")
    keyed = getattr(audit, "KEYED", None)  # the hash prefix of keyed entries, if the code keys
    if keyed and entry.hash.startswith(keyed):
        return dataclasses.replace(forged, hash=entry_hash(forged, asyncio.run(_audit_key(env))))
    return dataclasses.replace(forged, hash=entry_hash(forged))


async def _audit_key(env: dict[str, str]) -> bytes:
    """The key the code chains the audit log with, loaded the way the code loads it."""
    store = await open_store(env["DATABASE_URL"])
    try:
        ring = KeyRing.from_json(Path(env["KEYS_FILE"]).read_text())
        return await audit.load_audit_key(store, ring)
    finally:
        await store.close()


class SqliteTamper:
    def __init__(self, tmp_path: Path) -> None:
        self.path = tmp_path / "shop.db"
        self.env = base_env(tmp_path)

    def __enter__(self):
        self.db = sqlite3.connect(self.path)
        return self

    def __exit__(self, *exc):
        self.db.commit()
        self.db.close()

    def change(self, seq: int) -> None:
        self.db.execute("UPDATE audit SET target = 'someone-else' WHERE seq = ?", (seq,))

    def delete(self, seq: int) -> None:
        self.db.execute("DELETE FROM audit WHERE seq = ?", (seq,))

    def rewrite(self, seq: int) -> None:
        self.db.row_factory = sqlite3.Row
        entry = row_to_audit(self.db.execute("SELECT * FROM audit WHERE seq = ?",
                                             (seq,)).fetchone())
        self.db.row_factory = None
        forged = _rewritten(entry, self.env)
        self.db.execute("UPDATE audit SET target = ?, hash = ? WHERE seq = ?",
                        (forged.target, forged.hash, seq))

    def last(self) -> tuple[int, str]:
        return self.db.execute("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1").fetchone()

    def insert(self, seq: int, prev: str, at: str) -> None:
        digest = chain_hash(seq=seq, at=at, actor="forger", action="user.role", target="1",
                            details={}, prev_hash=prev)
        self.db.execute("INSERT INTO audit VALUES (?,?,?,?,?,?,?,?)",
                        (seq, at, "forger", "user.role", "1", "{}", prev, digest))

    def shift_up_from(self, seq: int) -> None:
        rows = self.db.execute("SELECT * FROM audit WHERE seq >= ? ORDER BY seq DESC",
                               (seq,)).fetchall()
        for row in rows:
            self.db.execute("UPDATE audit SET seq = ? WHERE seq = ?", (row[0] + 1, row[0]))


class MongoTamper:
    def __init__(self, tmp_path: Path, server, name: str) -> None:
        self.client = MongoClient(f"{server.url}/{server.query}", tz_aware=True)
        self.coll = self.client[name].audit
        self.env = base_env(tmp_path, DATABASE_URL=f"{server.url}/{name}{server.query}")

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return None

    def change(self, seq: int) -> None:
        self.coll.update_one({"_id": seq}, {"$set": {"target": "someone-else"}})

    def delete(self, seq: int) -> None:
        self.coll.delete_one({"_id": seq})

    def rewrite(self, seq: int) -> None:
        forged = _rewritten(doc_to_audit(self.coll.find_one({"_id": seq})), self.env)
        self.coll.update_one({"_id": seq},
                             {"$set": {"target": forged.target, "hash": forged.hash}})

    def last(self) -> tuple[int, str]:
        doc = self.coll.find_one(sort=[("_id", -1)])
        return doc["_id"], doc["hash"]

    def insert(self, seq: int, prev: str, at: str) -> None:
        from core.clock import from_iso

        digest = chain_hash(seq=seq, at=at, actor="forger", action="user.role", target="1",
                            details={}, prev_hash=prev)
        self.coll.insert_one({"_id": seq, "at": from_iso(at), "actor": "forger",
                              "action": "user.role", "target": "1", "details": {},
                              "prev_hash": prev, "hash": digest})

    def shift_up_from(self, seq: int) -> None:
        for doc in list(self.coll.find({"_id": {"$gte": seq}}).sort("_id", -1)):
            self.coll.delete_one({"_id": doc["_id"]})
            doc["_id"] += 1
            self.coll.insert_one(doc)


@pytest.fixture(params=["sqlite", "mongodb"])
def tamper(request, tmp_path: Path, cli):
    if request.param == "sqlite":
        target = SqliteTamper(tmp_path)
    else:
        server = request.getfixturevalue("mongo_server")
        name = f"audit_{request.node.name.split('[')[0][-20:]}_{id(request) % 100000}"
        target = MongoTamper(tmp_path, server, name)
    assert cli("keys", "generate", env=target.env).returncode == 0
    asyncio.run(_seed(target.env["DATABASE_URL"]))
    ok = cli("audit", "verify", env=target.env)
    assert ok.returncode == 0 and f"{ENTRIES} entries verified" in ok.stdout
    yield target
    if isinstance(target, MongoTamper):
        target.client.drop_database(target.coll.database.name)
        target.client.close()


async def _seed(url: str) -> None:
    store = await open_store(url)
    users = UserService(store, SystemClock())
    for telegram_id in range(1, ENTRIES + 1):
        await users.grant_role(telegram_id, Role.SUPPORT, actor="cli")
    await store.close()


def _broken_at(cli: Callable, env: dict, seq: int) -> str:
    done = cli("audit", "verify", env=env)
    assert done.returncode == 1, done.stdout
    assert f"BROKEN at entry {seq}:" in done.stdout
    return done.stdout


@pytest.mark.parametrize("seq", [1, 3, ENTRIES])
def test_changed_entry_is_named(tamper, cli, seq):
    with tamper:
        tamper.change(seq)
    assert "altered" in _broken_at(cli, tamper.env, seq)


@pytest.mark.parametrize("seq", [1, 3, ENTRIES - 1])
def test_entry_rewritten_with_a_recomputed_hash_breaks_the_next_link(tamper, cli, seq):
    with tamper:
        tamper.rewrite(seq)
    out = _broken_at(cli, tamper.env, seq + 1)
    assert f"entry {seq + 1} does not link to entry {seq}" in out


def test_last_entry_rewritten_with_a_recomputed_hash_no_longer_matches_the_head(tamper, cli):
    with tamper:
        tamper.rewrite(ENTRIES)
    assert "does not match the head" in _broken_at(cli, tamper.env, ENTRIES)


@pytest.mark.parametrize("seq", [1, 3, ENTRIES])
def test_deleted_entry_is_named(tamper, cli, seq):
    with tamper:
        tamper.delete(seq)
    assert "missing" in _broken_at(cli, tamper.env, seq)


def test_entry_appended_past_the_head_is_named(tamper, cli):
    with tamper:
        seq, last_hash = tamper.last()
        tamper.insert(seq + 1, last_hash, "2030-01-01T00:00:00.000Z")
    assert "inserted" in _broken_at(cli, tamper.env, ENTRIES + 1)


def test_entry_inserted_in_the_middle_is_named(tamper, cli):
    with tamper:
        tamper.shift_up_from(3)
        tamper.insert(3, "forged-prev", "2030-01-01T00:00:00.000Z")
    _broken_at(cli, tamper.env, 3)

