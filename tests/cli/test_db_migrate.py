"""A shop's database made by the schema before versions existed (tests/fixtures/schema_v0.sqlite,
made by tests/fixtures/make_schema_v0.py) is upgraded by the real ``subvault db migrate``: every
row stays, the money and audit invariants hold, a backup of the old file is taken first. A file
from a newer subvault is refused in one line."""

from __future__ import annotations

import asyncio
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from core.bootstrap import build_services
from core.clock import FixedClock
from core.config import Settings
from core.crypto import read_key_file
from core.storage import open_store
from core.storage.sqlite.migrations import LATEST
from tests.cli.conftest import base_env

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
ALICE, BORIS = 1001, 1002


def _counts(path: Path) -> dict[str, int]:
    with sqlite3.connect(path) as db:
        tables = [n for (n,) in db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        return {t: db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]  # noqa: S608
                for t in tables}


def _scalar(path: Path, sql: str, *params: object) -> object:
    db = sqlite3.connect(path)
    try:
        return db.execute(sql, params).fetchone()[0]
    finally:
        db.close()


@pytest.fixture
def old_shop(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    db = tmp_path / "shop.db"
    shutil.copyfile(FIXTURES / "schema_v0.sqlite", db)
    shutil.copyfile(FIXTURES / "schema_v0.keys", tmp_path / "shop.keys")
    (tmp_path / "shop.keys").chmod(0o600)  # git keeps files 0644; a key file must be 0600
    return db, base_env(tmp_path)


def test_the_fixture_is_a_pre_version_database_with_rows_in_every_table():
    counts = _counts(FIXTURES / "schema_v0.sqlite")
    assert _scalar(FIXTURES / "schema_v0.sqlite", "PRAGMA user_version") == 0
    assert len(counts) == 18 and all(counts.values()), counts


def test_migrate_upgrades_todays_database_keeping_every_row(old_shop, cli: Callable):
    db, env = old_shop
    db.chmod(0o600)
    before = _counts(db)
    alice_balance = _scalar(db, "SELECT balance FROM wallets WHERE user_id = ?", ALICE)
    order_prices = _scalar(db, "SELECT group_concat(price, ',') FROM "
                               "(SELECT price FROM orders ORDER BY id)")

    done = cli("db", "migrate", env=env)
    assert done.returncode == 0, done.stderr
    assert f"schema version 0 -> {LATEST}" in done.stdout
    (backup,) = db.parent.glob("shop.db.bak-v0-*")
    assert f"backup of the old file: {backup}" in done.stdout

    assert _scalar(db, "PRAGMA user_version") == LATEST
    after = _counts(db)
    assert {table: after[table] for table in before} == before  # every row kept
    assert {"job_runs", "reminder_windows"} <= set(after) - set(before)  # later tables
    assert "reminders" not in after  # made by migration 3, replaced by migration 6
    assert _scalar(db, "SELECT balance FROM wallets WHERE user_id = ?", ALICE) == alice_balance
    assert _scalar(db, "SELECT group_concat(price, ',') FROM "
                       "(SELECT price FROM orders ORDER BY id)") == order_prices
    assert _scalar(db, "SELECT username FROM users WHERE telegram_id = ?", ALICE) == "alice"
    assert _scalar(db, "SELECT group_concat(status, ',') FROM "
                       "(SELECT status FROM topups ORDER BY id)") == \
        "credited,pending,failed,pending"
    # The backup is the old file, whole, on its own and as private as the file.
    assert backup.stat().st_mode & 0o777 == 0o600
    assert _scalar(backup, "PRAGMA user_version") == 0
    assert _scalar(backup, "PRAGMA journal_mode") == "delete"
    assert _counts(backup) == before

    verify = cli("audit", "verify", env=env)
    assert verify.returncode == 0, verify.stdout + verify.stderr
    assert _invariants_hold(db, env["KEYS_FILE"])
    assert cli("audit", "verify", env=env).returncode == 0  # with the two reads it audited

    settled = _counts(db)
    again = cli("db", "migrate", env=env)
    assert again.returncode == 0 and "nothing to migrate" in again.stdout
    assert len(list(db.parent.glob("shop.db.bak-*"))) == 1  # no second backup
    init = cli("db", "init", env=env)
    assert init.returncode == 0 and "nothing to migrate" in init.stdout
    assert _counts(db) == settled


def _invariants_hold(db: Path, keys_file: str) -> bool:
    """What the contract suite checks after money moves, on the migrated file: every balance is
    the sum of its ledger entries, and what was sold still decrypts for its owner."""

    async def check() -> bool:
        settings = Settings(_env_file=None, database_url=f"sqlite:///{db}", currency="INR")
        store = await open_store(settings.database_url)
        try:
            # The fixture was made on FixedClock's day: its subscriptions are live then.
            shop = build_services(settings, store, read_key_file(Path(keys_file)),
                                  clock=FixedClock())
            assert await shop.wallet.find_mismatches() == []
            assert await shop.wallet.balance(ALICE) > 0 and await shop.wallet.balance(BORIS) >= 0
            owned = await shop.subscriptions.list_for_user(ALICE)
            assert len(owned) == 2
            views = [await shop.credentials.view(ALICE, o.subscription.id) for o in owned]
            assert sorted(v.login for v in views) == ["acct0@example.com", "family@example.com"]
            assert (await shop.audit.verify()).ok
            return True
        finally:
            await store.close()

    return asyncio.run(check())


@pytest.mark.parametrize("command", [("db", "migrate"), ("db", "init"), ("audit", "verify")])
def test_a_database_from_a_newer_subvault_is_refused_in_one_line(old_shop, cli, command):
    db, env = old_shop
    assert cli("db", "migrate", env=env).returncode == 0
    with sqlite3.connect(db) as conn:
        conn.execute(f"PRAGMA user_version = {LATEST + 3}")
    before = _counts(db)
    backups = sorted(db.parent.glob("shop.db.bak-*"))

    refused = cli(*command, env=env)
    assert refused.returncode == 2
    assert refused.stdout == ""
    lines = refused.stderr.strip().splitlines()
    assert len(lines) == 1, refused.stderr
    assert f"schema version {LATEST + 3}" in lines[0]
    assert f"up to version {LATEST}" in lines[0]
    assert _scalar(db, "PRAGMA user_version") == LATEST + 3
    assert _counts(db) == before and sorted(db.parent.glob("shop.db.bak-*")) == backups


def test_a_new_shop_starts_at_the_latest_version_without_a_backup(tmp_path, cli):
    done = cli("db", "migrate")
    assert done.returncode == 0, done.stderr
    assert f"schema version 0 -> {LATEST}" in done.stdout and "backup" not in done.stdout
    assert _scalar(tmp_path / "shop.db", "PRAGMA user_version") == LATEST
    assert list(tmp_path.glob("shop.db.bak-*")) == []
