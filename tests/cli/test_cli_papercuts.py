"""What an operator types and reads at the command line: honest confirmations, refused
nonsense, and errors that name the options rather than internal field names."""

from __future__ import annotations

import socket
from datetime import UTC, datetime, timedelta

import pytest

from bot.outbox_render import render_message
from core.bootstrap import build_services
from core.config import Settings
from core.crypto import read_key_file
from core.errors import GatewayUnavailable
from core.i18n import Translator
from core.models import OutboxMessage, OutboxStatus
from core.storage import open_store


def _add_plan(cli, *extra: str):
    return cli("products", "add", "--platform", "Netflix", "--plan", "Basic", "--price", "199",
               "--days", "30", *extra)


def test_products_edit_says_what_the_product_is_now(cli):
    added = _add_plan(cli)
    assert added.returncode == 0, added.stderr
    product_id = added.stdout.split()[1].rstrip(":")
    hidden = cli("products", "edit", product_id, "--inactive")
    assert hidden.returncode == 0
    assert "inactive (hidden from customers)" in hidden.stdout
    shown = cli("products", "edit", product_id, "--active", "--price", "249")
    assert "active (on sale)" in shown.stdout and "price ₹249.00" in shown.stdout


def test_a_price_of_zero_and_a_past_expiry_are_refused(cli):
    free = _add_plan(cli, "--price", "0")
    assert free.returncode == 2 and "must cost more than 0" in free.stderr
    yesterday = (datetime.now(UTC) - timedelta(days=1)).strftime("%Y-%m-%d")
    old = cli("coupons", "add", "OLD10", "--percent", "10", "--expires", yesterday)
    assert old.returncode == 2 and "has passed" in old.stderr
    assert "OLD10" not in cli("coupons", "list").stdout


def test_errors_name_the_options_an_operator_types(cli):
    result = _add_plan(cli, "--totp", "codes_qr", "--qr-limit", "0")
    assert result.returncode == 2
    assert "--qr-limit" in result.stderr and "qr_export_limit" not in result.stderr


def test_admin_add_refuses_ids_that_cannot_be_telegram_users(cli):
    for bad in ("0", "-5"):
        result = cli("admin", "add", "--role", "support", "--", bad)
        assert result.returncode == 2 and "is not a Telegram user id" in result.stderr
    assert cli("admin", "add", "42", "--role", "support").returncode == 0


def test_a_renewal_notice_shows_a_readable_date():
    message = OutboxMessage(
        id="msg_1", key="k", bot="customer", audience="user", chat_id=1,
        template="subscription-renewed",
        params={"platform": "Netflix", "plan": "Basic", "ends_at": "2027-01-31T14:05:00.000Z"},
        options={}, status=OutboxStatus.PENDING, attempts=0,
        next_attempt_at=datetime.now(UTC), created_at=datetime.now(UTC))
    (text,) = render_message(message, "en", Translator()).parts
    assert "until 2027-01-31 14:05 UTC" in text and "T14:05" not in text


async def test_a_repeated_refund_says_it_was_already_done(cli, tmp_path):
    added = _add_plan(cli)
    product = added.stdout.split()[1].rstrip(":")
    (tmp_path / "stock.txt").write_text("carol@example.com:carol-pass\n")
    assert cli("stock", "import", product, "stock.txt").returncode == 0
    settings = Settings(_env_file=None, database_url=f"sqlite:///{tmp_path / 'shop.db'}")
    store = await open_store(settings.database_url)
    shop = build_services(settings, store, read_key_file(tmp_path / "shop.keys"))
    await shop.wallet.credit(77, 19_900, key="seed", reason="topup")
    order = (await shop.purchases.purchase(77, product, intent_id="cli-r1")).order
    await store.close()
    first = cli("orders", "refund", order.id, "--stock", "return")
    assert first.returncode == 0 and "refunded: ₹199.00 back to user 77" in first.stdout
    again = cli("orders", "refund", order.id, "--stock", "return")
    assert again.returncode == 0
    assert "was already refunded" in again.stdout and "nothing changed" in again.stdout


async def test_the_razorpay_sdk_prints_nothing_to_stdout(capsys):
    from core.services.payments.adapters.razorpay import RazorpayAdapter

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        closed = sock.getsockname()[1]
    adapter = RazorpayAdapter("rzp_test_x", "secret", api_base=f"http://127.0.0.1:{closed}",
                              public_base_url="http://127.0.0.1:8080", shop_name="t",
                              timeout=1)
    adapter._client.enable_retry(True)
    with pytest.raises(GatewayUnavailable):
        await adapter._call("fetch a link", adapter._client.payment_link.fetch, "plink_x")
    assert capsys.readouterr().out == ""
