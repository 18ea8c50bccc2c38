"""The ``subvault`` command as an operator meets it."""

from __future__ import annotations

import json
import stat

import pytest

from tests.cli.conftest import base_env

HELP_PATHS = [[], ["run"], ["bot"], ["bot", "customer"], ["bot", "admin"], ["api"], ["jobs"],
              ["db"], ["db", "init"], ["keys"], ["keys", "generate"], ["keys", "rotate"],
              ["audit"], ["audit", "verify"], ["admin"], ["admin", "add"], ["users"],
              ["users", "show"]]


@pytest.mark.parametrize("path", HELP_PATHS, ids=lambda p: " ".join(p) or "subvault")
def test_help_everywhere(cli, path):
    done = cli(*path, "--help")
    assert done.returncode == 0 and "usage: subvault" in done.stdout


@pytest.mark.parametrize(("name", "value", "expected"), [
    ("DATABASE_URL", "postgres://db", "setting DATABASE_URL: must start with sqlite:///"),
    ("ADMIN_IDS", "12,abc", "setting ADMIN_IDS:"),
    ("CURRENCY", "DOGE", "setting CURRENCY: must be one of"),
    ("API_PORT", "99999", "setting API_PORT:"),
    ("TELEGRAM_API_BASE", "ftp://x", "setting TELEGRAM_API_BASE: must be an http"),
])
def test_invalid_setting_stops_with_one_line_and_exit_2(cli, tmp_path, name, value, expected):
    done = cli("db", "init", env=base_env(tmp_path, **{name: value}))
    assert done.returncode == 2
    assert done.stderr.startswith(f"subvault: {expected}")
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    assert not (tmp_path / "shop.db").exists(), "nothing is created on bad settings"


def test_missing_key_file_for_an_existing_database_is_refused(cli, tmp_path):
    assert cli("db", "init").returncode == 0
    (tmp_path / "shop.keys").unlink()
    done = cli("db", "init")
    assert done.returncode == 2 and "setting KEYS_FILE" in done.stderr
    assert "Traceback" not in done.stderr


def test_first_db_init_creates_keys_and_is_idempotent(cli, tmp_path):
    first = cli("db", "init")
    assert first.returncode == 0, first.stderr
    keys = tmp_path / "shop.keys"
    assert stat.S_IMODE(keys.stat().st_mode) == 0o600
    before = keys.read_text()
    again = cli("db", "init")
    assert again.returncode == 0 and keys.read_text() == before


def test_keys_generate_refuses_to_clobber(cli, tmp_path):
    assert cli("keys", "generate").returncode == 0
    before = (tmp_path / "shop.keys").read_text()
    done = cli("keys", "generate")
    assert done.returncode == 2 and "already exists" in done.stderr
    assert (tmp_path / "shop.keys").read_text() == before


def test_keys_rotate_adds_a_primary_and_keeps_old_keys(cli, tmp_path):
    assert cli("keys", "generate").returncode == 0
    old = json.loads((tmp_path / "shop.keys").read_text())["keys"]
    done = cli("keys", "rotate")
    assert done.returncode == 0, done.stderr
    new = json.loads((tmp_path / "shop.keys").read_text())["keys"]
    assert new[: len(old)] == old and len(new) == len(old) + 1
    assert new[-1]["id"] in done.stdout and new[-1]["key"] not in done.stdout


def test_admin_add_then_users_show_json(cli):
    assert cli("admin", "add", "777", "--role", "admin").returncode == 0
    shown = cli("users", "show", "777", "--json")
    assert shown.returncode == 0, shown.stderr
    data = json.loads(shown.stdout)
    assert data["telegram_id"] == 777 and data["role"] == "admin" and data["balance"] == 0
    assert data["ledger"] == []
    assert cli("audit", "verify").stdout.startswith("audit chain OK: 1 entries")


def test_admin_add_refuses_an_unknown_role(cli):
    done = cli("admin", "add", "1", "--role", "owner")
    assert done.returncode == 2 and "invalid choice" in done.stderr


def test_users_show_unknown_user_is_one_clear_line(cli):
    assert cli("db", "init").returncode == 0
    done = cli("users", "show", "424242")
    assert done.returncode == 1 and done.stderr.strip() == "subvault: no user 424242"


def test_users_show_text_lists_the_ledger(cli, tmp_path):
    import asyncio

    from core.clock import SystemClock
    from core.ids import RandomIds
    from core.services.users import UserService
    from core.services.wallet import WalletService
    from core.storage import open_store

    assert cli("db", "init").returncode == 0

    async def seed():
        store = await open_store(f"sqlite:///{tmp_path / 'shop.db'}")
        await UserService(store, SystemClock()).register(5, first_name="Asha")
        wallet = WalletService(store, SystemClock(), RandomIds(), "INR")
        await wallet.credit(5, 50_000, key="t1", reason="topup", ref="top_1")
        await wallet.debit(5, 12_345, key="o1", reason="purchase", ref="ord_1")
        await store.close()

    asyncio.run(seed())
    done = cli("users", "show", "5")
    assert done.returncode == 0
    assert "balance: ₹376.55" in done.stdout and "2 of 2 entries" in done.stdout
    assert "-₹123.45" in done.stdout and "purchase ord_1" in done.stdout


def test_bot_customer_in_webhook_mode_refuses_with_one_line_instead_of_polling(cli, tmp_path):
    done = cli("bot", "customer", env=base_env(
        tmp_path, CUSTOMER_BOT_TOKEN="123:abc", BOT_MODE="webhook",
        TELEGRAM_WEBHOOK_SECRET="s3cret", TELEGRAM_API_BASE="http://127.0.0.1:9"))
    assert done.returncode == 2
    assert done.stderr.startswith("subvault: setting BOT_MODE: webhook deliveries are served by "
                                  "the payment app; run `subvault run`")
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
