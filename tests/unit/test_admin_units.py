"""Small pure pieces of the admin bot: prices as people type them, product steps, and the
button layouts core queues for the bots."""

from __future__ import annotations

import pytest

from bot.admin.callbacks import Ticket
from bot.admin.product_fields import FieldError, next_field, parse_field
from bot.customer.callbacks import Sub
from core.errors import InvalidAmount
from core.money import parse_price
from core.services.stock.service import CUSTOMER_CREDENTIALS_CALLBACK
from core.services.support import STAFF_TICKET_CALLBACK


@pytest.mark.parametrize(("typed", "minor"), [
    ("199", 19_900), ("199.50", 19_950), ("₹199", 19_900), ("Rs. 1,999", 199_900),
    ("$5", 500), ("199 INR", 19_900), ("₹ 1,999.50", 199_950), ("199,5", 19_950), ("0", 0),
])
def test_prices_as_people_type_them(typed, minor):
    assert parse_price(typed, "INR") == minor


@pytest.mark.parametrize("typed", ["", "abc", "-5", "1.999", "19.999", "1e3", "₹"])
def test_not_a_price(typed):
    with pytest.raises(InvalidAmount):
        parse_price(typed, "INR")


def test_product_steps_validate_and_skip_qr_unless_exported():
    assert parse_field("price", "₹149.50", "INR") == 14_950
    assert parse_field("description", "-", "INR") == ""
    with pytest.raises(FieldError) as bad:
        parse_field("duration_days", "0", "INR")
    assert bad.value.params == {"low": 1, "high": 3650}
    with pytest.raises(FieldError):
        parse_field("delivery", "sometimes", "INR")
    with pytest.raises(FieldError):
        parse_field("platform", "x" * 65, "INR")
    draft = {"totp_policy": "codes"}
    assert next_field("totp_policy", draft) == "low_stock_threshold"
    assert draft["qr_export_limit"] == 0
    assert next_field("totp_policy", {"totp_policy": "codes_qr"}) == "qr_export_limit"
    assert next_field("low_stock_threshold", {}) is None


def test_buttons_queued_by_core_match_the_bots_callback_data():
    assert Ticket(action="show", id="tkt_7").pack() == STAFF_TICKET_CALLBACK.format(
        ticket="tkt_7")
    assert Sub(action="creds", sub="sub_9").pack() == CUSTOMER_CREDENTIALS_CALLBACK.format(
        sub="sub_9")


def test_empty_tokens_and_alert_chat_mean_unset(tmp_path):
    from core.config import Settings

    settings = Settings(_env_file=None, database_url=f"sqlite:///{tmp_path / 'x.db'}",
                        admin_bot_token="", customer_bot_token=" ", alert_chat_id="")
    assert (settings.admin_bot_token, settings.customer_bot_token, settings.alert_chat_id) == (
        None, None, None)
    assert Settings(_env_file=None, alert_chat_id="-1001").alert_chat_id == -1001
