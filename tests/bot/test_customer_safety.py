"""Money and forged input on the customer bot, over HTTP against the Bot API stand-in."""

from __future__ import annotations

import json
import threading
from datetime import timedelta

import responses
from aiogram.types import LabeledPrice

from bot.cleanup import delete_due_messages
from bot.sender import OutboxSender
from core.crypto import KeyRing
from core.models import TotpPolicy
from core.services.stock import StockService
from tests.api.gateway_side import RAZORPAY_BASE
from tests.bot.harness import BOT_ID, running_shop


async def _until(check, shop, chat_id: int, tries: int = 100) -> None:
    for _ in range(tries):
        if await check():
            return
        await shop.state.wait_for_chat_change(chat_id, shop.state.chat_version(chat_id), 0.1)
    raise AssertionError("condition never became true")


async def test_a_stars_payment_during_a_flood_of_taps_is_credited_once(tmp_path, keyring):
    async with running_shop(tmp_path, keyring, throttle=(0.2, 3)) as shop:
        services = shop.services
        await services.users.register(7101, first_name="Asha")
        await shop.customer(7101).send("/start")
        checkout = await services.payments.create_topup(7101, 15_000, "stars")
        invoice = checkout.invoice
        await shop.bot.send_invoice(
            chat_id=7101, title="Top-up", description="Wallet top-up", payload=invoice.payload,
            currency="XTR", provider_token="",
            prices=[LabeledPrice(label="Top-up", amount=invoice.amount)])
        flood = [shop.state.send_command(BOT_ID, 7101, "help") for _ in range(12)]
        action = shop.state.pay_invoice(BOT_ID, 7101)
        flood += [shop.state.send_command(BOT_ID, 7101, "wallet") for _ in range(6)]
        for tap in flood:
            await shop.finished.wait(tap.update_id)
        answer = await shop.state.wait_for_answer(action.query_id)
        assert answer["ok"] is True

        async def credited() -> bool:
            return await services.wallet.balance(7101) > 0

        await _until(credited, shop, 7101)
        assert await services.wallet.balance(7101) == 15_000
        (entry,) = (await services.wallet.statement(7101)).entries
        assert entry.key.startswith("stars:")
        assert (await services.payments.get(invoice.payload)).status.value == "credited"


async def _plan(services, price: int = 10_000, items: int = 2, **options) -> str:
    product = await services.catalog.add(actor="test", platform="Spotify", plan="Family",
                                         price=price, duration_days=30, **options)
    lines = "".join(f"u{i}@x.io:secret-{i}\n" for i in range(items))
    assert (await services.stock.import_items(product.id, lines, actor="test",
                                              fmt="lines")).ok
    return product.id


async def _customer_with(shop, user_id: int, balance: int, language_code: str = "en"):
    await shop.services.users.register(user_id, first_name="Ravi", language_code=language_code)
    if balance:
        await shop.services.wallet.credit(user_id, balance, key=f"seed{user_id}", reason="topup")
    customer = shop.customer(user_id, first_name="Ravi", language_code=language_code)
    await customer.send("/start")
    return customer


async def test_a_price_change_after_the_confirm_screen_is_never_charged(tmp_path, keyring):
    async with running_shop(tmp_path, keyring) as shop:
        services = shop.services
        product_id = await _plan(services, price=10_000)
        ravi = await _customer_with(shop, 7201, 100_000)
        await ravi.send("/plans")
        await ravi.press("Spotify Family")
        await ravi.press("Buy")
        assert "₹100.00" in ravi.last()["text"]
        await services.catalog.edit(product_id, actor="test", price=20_000)
        await ravi.press("Confirm and pay")
        screen = ravi.last()["text"]
        assert "price has changed" in screen and "₹200.00" in screen
        assert await services.orders.for_user(7201) == []
        assert await services.wallet.balance(7201) == 100_000
        await ravi.press("Confirm and pay")  # the new screen, the new price
        (order,) = await services.orders.for_user(7201)
        assert order.amount == 20_000 and await services.wallet.balance(7201) == 80_000


async def test_a_purchase_sends_two_messages_and_an_old_button_does_not_resend(tmp_path,
                                                                             keyring):
    async with running_shop(tmp_path, keyring, credential_autodelete_seconds=6) as shop:
        services = shop.services
        await _plan(services, price=10_000)
        sender = OutboxSender(services.outbox, services.users, {"customer": shop.bot},
                              shop.translator)
        ravi = await _customer_with(shop, 7202, 4_000)
        await ravi.send("/plans")
        await ravi.press("Spotify Family")
        await ravi.press("Buy")
        short = ravi.last()
        assert "you need ₹60.00 more" in short["text"]
        await services.wallet.credit(7202, 10_000, key="more", reason="topup")
        before = len(ravi.bot_messages())
        old_button = next(b["callback_data"] for b in ravi.buttons(short)
                          if "Top up the difference" in b["text"])
        await ravi.press("Top up the difference", message=short)  # the wallet covers it now
        await sender.run_once()
        new = ravi.bot_messages()[before:]
        assert len(new) == 1  # the screen was edited in place; one new message: the credential
        assert "secret-0" in new[0]["text"] and "deletes itself in 6 s" in new[0]["text"]
        assert "Order" in ravi.bot_messages()[-2]["text"]  # the confirm screen, edited
        count = len(ravi.bot_messages())
        answer = await ravi.press_data(old_button, short["message_id"], raw=True)  # again, later
        assert answer.get("text") == "This purchase was already made."
        await sender.run_once()
        assert len(ravi.bot_messages()) == count
        assert sum("secret-0" in m["text"] for m in ravi.bot_messages()) == 1
        assert len(await services.orders.for_user(7202)) == 1


async def test_forged_page_numbers_get_a_clear_answer_and_no_alert_storm(tmp_path, keyring):
    async with running_shop(tmp_path, keyring) as shop:
        ravi = await _customer_with(shop, 7203, 500)
        for data in ("pg:history:99999999999999999999", "pg:history:100000000",
                     "pg:orders:-1", "ta:99999999999999999999999", "c:int_x:p:s:1e99"):
            answer = await ravi.press_data(data, raw=True)
            assert answer["text"] == "This button is no longer active."
        answer = await ravi.press_data("pg:history:3", raw=True)  # past the end: last page
        assert "page 1" in ravi.last()["text"] and "100,000,000" not in str(ravi.transcript())
        assert answer is not None
        alerts = [m for m in await shop.services.outbox.recent(50) if m.audience == "staff"]
        assert alerts == []
        assert shop.state.stats(BOT_ID)["unanswered"] == 0


async def test_a_crash_storm_alerts_staff_once(tmp_path, keyring):
    async with running_shop(tmp_path, keyring) as shop:
        shop.customer(7204)
        shop.state.force_error(kind="server_error", count=6, method="sendMessage",
                               chat_id=7204, bot_id=BOT_ID)
        for _ in range(3):
            action = shop.state.send_command(BOT_ID, 7204, "start")
            await shop.finished.wait(action.update_id)
        alerts = [m for m in await shop.services.outbox.recent(50)
                  if m.template.startswith("staff-bot-error")]
        assert len(alerts) == 1


async def test_amounts_with_grouping_the_range_on_error_and_commands_leave_the_dialog(
        tmp_path, keyring):
    async with running_shop(tmp_path, keyring) as shop:
        ravi = await _customer_with(shop, 7205, 0)
        assert "Top up ₹1,000.00 with" in (await ravi.send("/topup 1,000"))["text"]
        await ravi.send("/wallet")
        await ravi.press("Top up")
        await ravi.press("Other amount")
        reply = await ravi.send("twelve")
        assert "not a valid amount" in reply["text"]
        assert "from ₹1.00 to ₹50,000.00" in reply["text"]
        assert any("Menu" in b["text"] for b in ravi.buttons(reply))
        assert "Top up ₹1,000.00 with" in (await ravi.send("1 000"))["text"]
        await ravi.press("Back")
        await ravi.press("Other amount")
        await ravi.send("/wallet")  # walks away from the question
        reply = await ravi.send("42")
        assert "Top up" not in reply["text"] and "use the menu" in reply["text"]


async def test_errors_come_in_the_language_the_customer_chose(tmp_path, keyring):
    async with running_shop(tmp_path, keyring, throttle=(0.2, 6)) as shop:
        services = shop.services
        product = await services.catalog.add(actor="test", platform="Disney", plan="Basic",
                                             price=10_000, duration_days=30)
        ravi = await _customer_with(shop, 7206, 50_000, language_code="en")
        await ravi.press("🌐")
        await ravi.press("Русский")
        answer = await ravi.press_data(f"p:buy:{product.id}", raw=True)
        assert answer["text"] == shop.translator.text("ru", "error-out-of-stock")
        answer = await ravi.press_data("l:xx", raw=True)  # carries a "language" parameter
        assert answer["text"] and shop.state.stats(BOT_ID)["unanswered"] == 0
        assert (await services.users.get(7206)).language == "ru"
        for _ in range(8):
            answer = await ravi.press_data("m:help", raw=True)
        assert answer["text"] == shop.translator.text("ru", "flood-slow-down")


async def test_the_qr_image_is_deleted_on_the_credential_schedule(tmp_path, keyring):
    seed = "JBSWY3DPEHPK3PXPJBSWY3DP"
    async with running_shop(tmp_path, keyring, credential_autodelete_seconds=60) as shop:
        services = shop.services
        product = await services.catalog.add(
            actor="test", platform="Netflix", plan="Premium", price=100, duration_days=30,
            totp_policy=TotpPolicy.CODES_AND_QR, qr_export_limit=2)
        assert (await services.stock.import_items(product.id, f"n@x.io,pw,,{seed}\n",
                                                  actor="test", fmt="csv")).ok
        ravi = await _customer_with(shop, 7207, 100)
        await services.purchases.purchase(7207, product.id, intent_id="int_qr")
        await ravi.send("/subs")
        await ravi.press("Netflix Premium")
        await ravi.press("QR image")
        photo = ravi.bot_messages()[-1]
        assert photo.get("photo") and "deletes itself in 1 min" in photo["caption"]
        real_now = services.clock.now
        services.clock.now = lambda: real_now() + timedelta(seconds=61)  # type: ignore[method-assign]
        assert await delete_due_messages(services.cleanup, {"customer": shop.bot}) == 1
        gone = [m for m in ravi.transcript() if m["message_id"] == photo["message_id"]]
        assert gone[0]["deleted"]


async def test_a_credential_that_cannot_be_opened_is_never_reported_as_ready(tmp_path,
                                                                           keyring):
    async with running_shop(tmp_path, keyring) as shop:
        services = shop.services
        product = await services.catalog.add(actor="test", platform="Hulu", plan="Basic",
                                             price=1_000, duration_days=30)
        foreign = StockService(services.store, services.clock, services.ids, KeyRing.generate())
        assert (await foreign.import_items(product.id, "h@x.io:pw-hulu\n", actor="test",
                                           fmt="lines")).ok
        ravi = await _customer_with(shop, 7208, 5_000)
        await ravi.send("/plans")
        await ravi.press("Hulu Basic")
        await ravi.press("Buy")
        await ravi.press("Confirm and pay")
        text = ravi.last()["text"]
        assert "cannot be shown right now" in text and "Active until" not in text
        alerts = [m for m in await services.outbox.recent(20)
                  if m.template == "staff-credential-unreadable"]
        assert len(alerts) == 1


async def test_a_slow_gateway_gets_the_press_answered_at_once(tmp_path, keyring):
    release = threading.Event()
    seen_while_waiting: list[str] = []
    async with running_shop(tmp_path, keyring) as shop:
        ravi = await _customer_with(shop, 7209, 0)
        await ravi.send("/topup 500")
        screen = ravi.last()
        data = next(b["callback_data"] for b in ravi.buttons(screen) if "Razorpay" in b["text"])
        with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:
            def slow_link(request):
                release.wait(20)
                link = {**json.loads(request.body), "id": "plink_slow1", "status": "created",
                        "short_url": "https://rzp.io/i/slow1", "amount_paid": 0}
                return 200, {"Content-Type": "application/json"}, json.dumps(link)

            rsps.add_callback(responses.POST, f"{RAZORPAY_BASE}/v1/payment_links",
                              callback=slow_link)
            action = shop.state.press_button(BOT_ID, 7209, screen["message_id"], data=data)
            answer = await shop.state.wait_for_answer(action.query_id, timeout=5)
            seen_while_waiting.append(answer["answer"]["text"])

            async def edited() -> bool:
                return "Creating" in ravi.last()["text"]

            await _until(edited, shop, 7209, tries=50)
            seen_while_waiting.append(ravi.last()["text"])
            release.set()
            await shop.finished.wait(action.update_id)
        assert seen_while_waiting == ["⏳ Creating your payment link…"] * 2
        assert ravi.url_button("Pay") == "https://rzp.io/i/slow1"
