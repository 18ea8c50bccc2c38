"""More of the customer bot over HTTP: Stars paying a shortfall, support, clean-up, crashes."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from bot.admin.runner import ADMIN_COMMANDS
from bot.cleanup import delete_due_messages
from bot.commands import register_commands
from bot.sender import OutboxSender
from tests.bot.harness import BOT_ID, running_shop


async def _plan(services, price: int = 20_000) -> str:
    product = await services.catalog.add(actor="test", platform="YouTube", plan="Premium",
                                         price=price, duration_days=30)
    assert (await services.stock.import_items(product.id, "yt@x.io:pw-yt-1\n", actor="test",
                                              fmt="lines")).ok
    return product.id


async def test_short_balance_is_paid_with_stars_and_the_purchase_completes(tmp_path, keyring):
    async with running_shop(tmp_path, keyring) as shop:
        services = shop.services
        await _plan(services)
        sender = OutboxSender(services.outbox, services.users, {"customer": shop.bot},
                              shop.translator)
        meera = shop.customer(7001, first_name="Meera")
        await meera.send("/start")
        await services.wallet.credit(7001, 5_000, key="seed", reason="topup")
        await meera.send("/plans")
        await meera.press("YouTube Premium")
        await meera.press("Buy")
        assert "you need ₹150.00 more" in meera.last()["text"]
        await meera.press("Telegram Stars")
        invoice = meera.last()
        assert invoice["invoice"]["currency"] == "XTR"
        assert invoice["invoice"]["total_amount"] == 150  # ₹150 at ₹1 per star
        action = shop.state.pay_invoice(BOT_ID, 7001, invoice["message_id"])
        await shop.finished.wait(action.update_id)
        answer = await shop.state.wait_for_answer(action.query_id)
        assert answer["ok"] is True
        for _ in range(100):  # the successful_payment message follows the answer
            if await services.orders.for_user(7001):
                break
            await shop.state.wait_for_chat_change(7001, shop.state.chat_version(7001), 0.2)
        (order,) = await services.orders.for_user(7001)
        assert order.amount == 20_000 and await services.wallet.balance(7001) == 0
        await sender.run_once()
        texts = [m["text"] for m in meera.bot_messages()[-2:]]
        assert any("YouTube Premium is ready" in t for t in texts)
        assert any("₹150.00 was added to your wallet" in t for t in texts)


async def test_support_message_reaches_staff_and_the_reply_reaches_the_customer(
        tmp_path, keyring):
    async with running_shop(tmp_path, keyring) as shop:
        services = shop.services
        sender = OutboxSender(services.outbox, services.users, {"customer": shop.bot},
                              shop.translator)
        meera = shop.customer(7002)
        await meera.send("/support")
        reply = await meera.send("My code says invalid")
        assert "Sent to our team" in reply["text"]
        (ticket,) = await services.support.open_tickets()
        assert ticket.text == "My code says invalid" and ticket.user_id == 7002
        await services.support.reply(ticket.id, "Fixed — try again", staff_id=1)
        await sender.run_once()
        assert "Fixed — try again" in meera.last()["text"]


async def test_credential_message_is_deleted_when_its_time_is_up(tmp_path, keyring):
    async with running_shop(tmp_path, keyring, credential_autodelete_seconds=60) as shop:
        services = shop.services
        product_id = await _plan(services, price=100)
        await services.wallet.credit(7003, 100, key="seed", reason="topup")
        await services.users.register(7003)
        meera = shop.customer(7003)
        await meera.send("/start")
        result = await services.purchases.purchase(7003, product_id, intent_id="int_del")
        await meera.send("/subs")
        await meera.press("YouTube Premium")
        await meera.press("Show credentials")
        shown = meera.bot_messages()[-1]
        assert "pw-yt-1" in shown["text"] and shown["protected"]
        assert await delete_due_messages(services.cleanup, {"customer": shop.bot}) == 0
        real_now = services.clock.now
        services.clock.now = lambda: real_now() + timedelta(seconds=61)  # type: ignore[method-assign]
        assert await delete_due_messages(services.cleanup, {"customer": shop.bot}) == 1
        deleted = [m for m in meera.transcript() if m["message_id"] == shown["message_id"]]
        assert deleted[0]["deleted"] and result.subscription is not None


async def test_an_unexpected_failure_gets_an_apology_and_alerts_staff(tmp_path, keyring):
    async with running_shop(tmp_path, keyring) as shop:
        meera = shop.customer(7004)
        shop.state.force_error(kind="server_error", count=1, method="sendMessage",
                               chat_id=7004, bot_id=BOT_ID)
        reply = await meera.send("/start")
        assert "something went wrong on our side" in reply["text"]
        alerts = []
        for _ in range(50):  # queued right after the apology is sent
            alerts = [m for m in await shop.services.outbox.recent(10)
                      if m.template == "staff-bot-errors"]
            if alerts:
                break
            await asyncio.sleep(0.05)
        assert len(alerts) == 1 and alerts[0].params["user"] == 7004
        assert alerts[0].params["count"] == 1


async def test_commands_are_registered_in_every_language(tmp_path, keyring):
    async with running_shop(tmp_path, keyring) as shop:
        await register_commands(shop.bot, shop.translator)
        shop.state.ensure_user(7005, first_name="R", language_code="ru")
        shop.state.ensure_user(7006, first_name="E", language_code="de")
        russian = {c["command"]: c["description"] for c in shop.state.commands_for(BOT_ID, 7005)}
        default = {c["command"]: c["description"] for c in shop.state.commands_for(BOT_ID, 7006)}
        assert set(russian) == set(default) and "topup" in russian
        assert russian["wallet"] != default["wallet"] and default["wallet"] == "Wallet and balance"


async def test_the_admin_menu_uses_the_admin_command_texts(tmp_path, keyring):
    async with running_shop(tmp_path, keyring) as shop:
        await register_commands(shop.bot, shop.translator, ADMIN_COMMANDS,
                                key_prefix="admin-cmd-")
        shop.state.ensure_user(7007, first_name="R", language_code="ru")
        shop.state.ensure_user(7008, first_name="E", language_code="de")
        russian = {c["command"]: c["description"] for c in shop.state.commands_for(BOT_ID, 7007)}
        default = {c["command"]: c["description"] for c in shop.state.commands_for(BOT_ID, 7008)}
        assert list(default) == list(ADMIN_COMMANDS) and set(russian) == set(ADMIN_COMMANDS)
        assert default["start"] == "Dashboard" and russian["start"] == "Панель"
