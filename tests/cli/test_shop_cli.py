"""``subvault products|stock|coupons|orders`` as an operator meets them."""

from __future__ import annotations

import json

import pytest

from core.bootstrap import build_services
from core.config import Settings
from core.crypto import read_key_file
from core.storage import open_store

HELP_PATHS = [["products"], ["products", "list"], ["products", "add"], ["products", "edit"],
              ["stock"], ["stock", "import"], ["stock", "list"], ["coupons"],
              ["coupons", "add"], ["coupons", "list"], ["coupons", "disable"], ["orders"],
              ["orders", "list"], ["orders", "refund"]]
LINES = ("alice@example.com:alice-pass\nnot a credential\n"
         "bob@example.com|bob-pass|family slot|JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP\n"
         "ALICE@example.com:other\n")


@pytest.mark.parametrize("path", HELP_PATHS, ids=" ".join)
def test_help_everywhere(cli, path):
    done = cli(*path, "--help")
    assert done.returncode == 0 and "usage: subvault" in done.stdout


def _add_product(cli, *extra: str) -> str:
    done = cli("products", "add", "--platform", "Netflix", "--plan", "Premium", "--price",
               "499.50", "--days", "30", *extra)
    assert done.returncode == 0, done.stderr
    listed = json.loads(cli("products", "list", "--all", "--json").stdout)
    return listed[-1]["id"]


def test_products_are_added_listed_and_edited(cli):
    product = _add_product(cli, "--slots", "2", "--totp", "codes_qr", "--qr-limit", "3")
    (row,) = json.loads(cli("products", "list", "--json").stdout)
    assert (row["id"], row["price"], row["slots_per_item"], row["totp_policy"]) == \
        (product, 49_950, 2, "codes_qr")
    assert cli("products", "edit", product, "--price", "599", "--inactive").returncode == 0
    assert json.loads(cli("products", "list", "--json").stdout) == []
    assert "₹599.00" in cli("products", "list", "--all").stdout


@pytest.mark.parametrize(("args", "message"), [
    (["products", "add", "--platform", "X", "--plan", "Y", "--price", "4.999", "--days", "3"],
     "--price '4.999': too many decimal places"),
    (["products", "edit", "prd_missing", "--price", "1"], "no product prd_missing"),
    (["stock", "list", "prd_missing"], "no product prd_missing"),
    (["coupons", "disable", "NOPE"], "no coupon NOPE"),
    (["orders", "refund", "ord_missing", "--stock", "return"], "no order ord_missing"),
])
def test_mistakes_get_one_clear_line_and_a_non_zero_exit(cli, args, message):
    assert cli("db", "init").returncode == 0
    done = cli(*args)
    assert done.returncode != 0 and message in done.stderr
    assert "Traceback" not in done.stderr


def test_stock_import_reports_bad_lines_and_never_prints_secrets(cli, tmp_path):
    product = _add_product(cli)
    (tmp_path / "stock.txt").write_text(LINES)
    first = cli("stock", "import", product, "stock.txt")
    assert first.returncode == 1  # a bad line
    assert "line 2: error:" in first.stdout and "line 4: skipped: same login as line 1" \
        in first.stdout and "added 2 item(s)" in first.stdout
    again = cli("stock", "import", product, "stock.txt")
    assert "added 0 item(s)" in again.stdout and "line 1: skipped: already in stock" \
        in again.stdout
    listed = cli("stock", "list", product)
    assert listed.returncode == 0 and "2 item(s)" in listed.stdout
    everything = first.stdout + again.stdout + listed.stdout + \
        cli("stock", "list", product, "--json").stdout
    for secret in ("alice", "bob", "-pass", "family slot", "JBSWY3DP"):
        assert secret not in everything.lower()


def test_coupons_are_added_listed_and_disabled(cli):
    assert cli("db", "init").returncode == 0
    done = cli("coupons", "add", "welcome10", "--percent", "12.5", "--total-limit", "100",
               "--per-user", "1", "--expires", "2030-01-01")
    assert done.returncode == 0, done.stderr
    (coupon,) = json.loads(cli("coupons", "list", "--json").stdout)
    assert (coupon["code"], coupon["kind"], coupon["value"], coupon["total_limit"]) == \
        ("WELCOME10", "percent", 1_250, 100)
    assert cli("coupons", "disable", "welcome10").returncode == 0
    assert "(disabled)" in cli("coupons", "list").stdout
    assert cli("coupons", "add", "welcome10", "--fixed", "5").returncode != 0


async def test_orders_are_listed_and_refunded(cli, tmp_path):
    product = _add_product(cli)
    (tmp_path / "stock.txt").write_text("carol@example.com:carol-pass\n")
    assert cli("stock", "import", product, "stock.txt").returncode == 0
    settings = Settings(_env_file=None, database_url=f"sqlite:///{tmp_path / 'shop.db'}")
    store = await open_store(settings.database_url)
    shop = build_services(settings, store, read_key_file(tmp_path / "shop.keys"))
    await shop.wallet.credit(77, 49_950, key="seed", reason="topup")
    order = (await shop.purchases.purchase(77, product, intent_id="cli-1")).order
    await store.close()

    (listed,) = json.loads(cli("orders", "list", "--json").stdout)
    assert (listed["id"], listed["status"], listed["amount"]) == (order.id, "completed", 49_950)
    done = cli("orders", "refund", order.id, "--stock", "return", "--reason", "test")
    assert done.returncode == 0 and "₹499.50 back to user 77" in done.stdout
    assert json.loads(cli("orders", "list", "--status", "refunded", "--json").stdout)[0]["id"] \
        == order.id
    assert cli("stock", "list", product, "--status", "available").stdout.count("itm_") == 1
