"""The SQLite migration runner: version 1 is exactly the schema shops had before versions, an
upgraded file ends with the same schema as a new one, a failing migration changes nothing, and
concurrent starters migrate once."""

from __future__ import annotations

import asyncio
import shutil
import sqlite3
from pathlib import Path

import pytest

from core.errors import SchemaTooNew
from core.storage import open_store
from core.storage.schema import Migration, check_sequence
from core.storage.sqlite import migrations
from core.storage.sqlite.migrations import LATEST, MIGRATIONS, steps

V0 = Path(__file__).resolve().parents[1] / "fixtures" / "schema_v0.sqlite"


def _schema(path: Path) -> list[tuple[str, str, str]]:
    db = sqlite3.connect(path)
    try:
        return db.execute(
            "SELECT type, name, sql FROM sqlite_master ORDER BY type, name").fetchall()
    finally:
        db.close()


def _version(path: Path) -> int:
    db = sqlite3.connect(path)
    try:
        return db.execute("PRAGMA user_version").fetchone()[0]
    finally:
        db.close()


def _conn(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(path, isolation_level=None)


def test_version_1_builds_exactly_the_schema_shops_had_before_versions(tmp_path):
    conn = _conn(tmp_path / "new.db")
    conn.execute("BEGIN IMMEDIATE")
    MIGRATIONS[0].apply(conn)
    conn.execute("COMMIT")
    conn.close()
    assert _schema(tmp_path / "new.db") == _schema(V0), (
        "version 1 changed: a `# schema:` block belongs in a new migration, not in version 1")


async def test_an_upgraded_file_ends_with_the_schema_of_a_new_one(tmp_path):
    shutil.copyfile(V0, tmp_path / "old.db")
    for name in ("old.db", "new.db"):
        store = await open_store(f"sqlite:///{tmp_path / name}")
        await store.close()
    assert _version(tmp_path / "old.db") == _version(tmp_path / "new.db") == LATEST
    assert _schema(tmp_path / "old.db") == _schema(tmp_path / "new.db")


def test_a_failing_migration_leaves_the_file_as_it_was_and_keeps_the_backup(tmp_path,
                                                                            monkeypatch):
    path = tmp_path / "old.db"
    shutil.copyfile(V0, path)

    def broken(conn: sqlite3.Connection) -> None:
        conn.execute("CREATE TABLE half_done (x)")
        raise sqlite3.OperationalError("disk says no")

    monkeypatch.setattr(migrations, "MIGRATIONS", [
        *MIGRATIONS, Migration(LATEST + 1, "broken", broken)])
    conn = _conn(path)
    with pytest.raises(sqlite3.OperationalError, match="disk says no"):
        migrations.migrate(conn, str(path))
    assert not conn.in_transaction
    conn.close()
    assert _version(path) == 0 and _schema(path) == _schema(V0)
    (backup,) = tmp_path.glob("old.db.bak-v0-*")
    assert _schema(backup) == _schema(V0)


def test_steps_run_in_order_and_each_sets_its_version(tmp_path, monkeypatch):
    path = tmp_path / "shop.db"
    seen: list[int] = []

    def note(conn: sqlite3.Connection) -> None:
        seen.append(conn.execute("PRAGMA user_version").fetchone()[0])

    monkeypatch.setattr(migrations, "MIGRATIONS", [
        *MIGRATIONS,
        Migration(LATEST + 1, "extra table", steps(["CREATE TABLE extra (x)"])),
        Migration(LATEST + 2, "watch", note)])
    report = migrations.migrate(_conn(path), str(path))
    assert (report.before, report.after, report.backup) == (0, LATEST + 2, "")
    assert seen == [LATEST + 1]
    assert ("table", "extra") in [(t, n) for t, n, _ in _schema(path)]


async def test_concurrent_starters_migrate_once(tmp_path):
    path = tmp_path / "old.db"
    shutil.copyfile(V0, path)
    stores = await asyncio.gather(*[open_store(f"sqlite:///{path}") for _ in range(3)])
    reports = sorted((s.schema.before, s.schema.after) for s in stores)  # type: ignore[union-attr]
    for store in stores:
        await store.close()
    assert reports == [(0, LATEST), (LATEST, LATEST), (LATEST, LATEST)]
    assert len(list(tmp_path.glob("old.db.bak-*"))) == 1


async def test_opening_a_newer_file_raises_and_leaves_it_alone(tmp_path):
    path = tmp_path / "shop.db"
    await (await open_store(f"sqlite:///{path}")).close()
    conn = _conn(path)
    conn.execute(f"PRAGMA user_version = {LATEST + 1}")
    conn.close()
    with pytest.raises(SchemaTooNew) as refused:
        await open_store(f"sqlite:///{path}")
    assert (refused.value.found, refused.value.supported) == (LATEST + 1, LATEST)
    assert _version(path) == LATEST + 1


def test_versions_must_be_numbered_one_by_one():
    step = MIGRATIONS[0].apply
    with pytest.raises(ValueError, match=r"\[1, 3\]"):
        check_sequence([Migration(1, "a", step), Migration(3, "b", step)])
    assert check_sequence(MIGRATIONS) == LATEST


async def test_upgrading_keeps_every_wallet_and_allows_a_debt(tmp_path):
    shutil.copyfile(V0, tmp_path / "old.db")
    fixture = sqlite3.connect(V0)
    try:
        before = fixture.execute("SELECT * FROM wallets ORDER BY user_id").fetchall()
    finally:
        fixture.close()
    assert before, "the fixture has wallets"
    store = await open_store(f"sqlite:///{tmp_path / 'old.db'}")
    await store.close()
    db = sqlite3.connect(tmp_path / "old.db")
    try:
        assert db.execute("SELECT * FROM wallets ORDER BY user_id").fetchall() == before
        (sql,) = db.execute("SELECT sql FROM sqlite_master WHERE name = 'wallets'").fetchone()
        assert "CHECK" not in sql
        db.execute("UPDATE wallets SET balance = -1 WHERE user_id = ?", (before[0][0],))
    finally:
        db.close()
