"""A credential message is deleted on its schedule; the screens its own buttons open are not
deleted with it (they arrive as new messages, the credential message stays a credential)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.cleanup import delete_due_messages
from tests.bot.harness import running_shop

USER = 7201


async def _bought(shop) -> tuple[object, dict]:
    services = shop.services
    product = await services.catalog.add(actor="test", platform="YouTube", plan="Premium",
                                         price=100, duration_days=30)
    assert (await services.stock.import_items(product.id, "yt@x.io:pw-yt-1\n", actor="test",
                                              fmt="lines")).ok
    await services.users.register(USER)
    await services.wallet.credit(USER, 100, key="seed", reason="topup")
    customer = shop.customer(USER)
    await customer.send("/plans")
    await customer.press("YouTube Premium")
    await customer.press("Buy")
    await customer.press("Confirm")
    credential = customer.last()
    assert "pw-yt-1" in credential["text"] and credential["protected"]
    return customer, credential


def _later(services, seconds: int) -> None:
    real_now = services.clock.now
    services.clock.now = lambda: real_now() + timedelta(seconds=seconds)  # type: ignore[method-assign]


def _message(customer, message_id: int) -> dict:
    (found,) = [m for m in customer.transcript() if m["message_id"] == message_id]
    return found


@pytest.mark.parametrize("button,shows", [("Open subscription", "YouTube Premium"),
                                          ("Menu", "Plans")])
async def test_a_screen_opened_from_the_credential_message_outlives_its_deletion(
        tmp_path, keyring, button, shows):
    async with running_shop(tmp_path, keyring, credential_autodelete_seconds=60) as shop:
        customer, credential = await _bought(shop)
        await customer.press(button, message=credential)
        screen = customer.last()
        assert screen["message_id"] != credential["message_id"]
        assert shows in str(screen["text"]) + str(screen["reply_markup"])
        still = _message(customer, credential["message_id"])
        assert "pw-yt-1" in still["text"] and not still["edited"]  # still the credential

        _later(shop.services, 61)
        assert await delete_due_messages(shop.services.cleanup, {"customer": shop.bot}) == 1
        assert _message(customer, credential["message_id"])["deleted"]
        assert not _message(customer, screen["message_id"])["deleted"]
        assert "pw-yt-1" not in str([m["text"] for m in customer.transcript()
                                     if not m["deleted"]])
