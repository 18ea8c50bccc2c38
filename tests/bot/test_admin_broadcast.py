"""A broadcast to 1,000 customers over the stand-in: 50 blocked the bot, the stand-in answers
some sends with 429, and the sender is restarted in the middle. Every other customer gets it
exactly once, and the final report's counts match what the stand-in received."""

from __future__ import annotations

import asyncio

from bot.admin.broadcast_watch import BroadcastWatcher
from bot.sender import OutboxSender
from core.models import BroadcastStatus, User
from tests.bot.admin_harness import running_shops
from tests.bot.harness import BOT_ID as CUSTOMER_BOT_ID

ADMIN = 5601
CUSTOMERS = list(range(900_001, 901_001))
BLOCKED = set(CUSTOMERS[::20])  # 50 customers blocked the bot
TEXT = "Big sale: 20% off every plan today"


async def _customers(shops) -> None:
    now = shops.services.clock.now()

    async def unit(tx):
        for uid in CUSTOMERS:
            await tx.users.upsert(User(telegram_id=uid, first_name="C", created_at=now,
                                       last_seen_at=now))

    await shops.services.store.transaction(unit)
    for uid in CUSTOMERS:
        shops.state.ensure_user(uid, first_name="C")
        shops.state.open_chat(CUSTOMER_BOT_ID, uid)
    for uid in BLOCKED:
        shops.state.block_bot(CUSTOMER_BOT_ID, uid)


async def _send_until(sender: OutboxSender, done) -> None:
    async with asyncio.timeout(120):
        while not await done():
            report = await sender.run_once()
            if report.claimed == 0:
                await asyncio.sleep(0.05)


# The stand-in's flood limits are off here (the injected 429s are the test's): the senders may go
# faster than Telegram's 30/s, so the 1,000 sends take seconds, not half a minute.
SEND_RATE = 300.0


async def test_broadcast_to_1000_with_blocked_429_and_a_restart(tmp_path, keyring):
    async with running_shops(tmp_path, keyring, admins=(ADMIN,)) as shops:
        services = shops.services
        await _customers(shops)
        admin = shops.staff(ADMIN)
        await admin.send("/broadcast")
        await admin.send(TEXT)
        await admin.press("Everyone")
        preview = await admin.press("No button")
        assert preview is not None
        confirm = admin.last()
        assert "Recipients: 1,000 (Everyone)" in confirm["text"]
        assert admin.bot_messages()[-2]["text"] == TEXT  # the preview as customers see it
        watcher: BroadcastWatcher = shops.admin_dp["broadcast_watch"]
        watcher.interval_s = 0.2
        await admin.press("Send", message=confirm)
        (broadcast,) = await services.broadcasts.sending()
        shops.state.force_error("retry_after", count=6, retry_after=1, method="sendMessage",
                                bot_id=CUSTOMER_BOT_ID)

        bots = {"customer": shops.customer_bot, "admin": shops.admin_bot}
        first = OutboxSender(services.outbox, services.users, bots, shops.translator,
                             per_bot_rate=SEND_RATE, per_chat_interval=0.0,
                             staff=services.staff)

        async def half_sent() -> bool:
            return (await services.broadcasts.progress(broadcast.id)).sent >= 400

        await _send_until(first, half_sent)
        # Restart: the old sender and watcher are gone; a new process resumes.
        await watcher.close()
        resumed = BroadcastWatcher(services.broadcasts, services.users, shops.translator,
                                   services.settings.currency, interval_s=0.2)
        assert await resumed.resume(shops.admin_bot) == 1
        second = OutboxSender(services.outbox, services.users, bots, shops.translator,
                             per_bot_rate=SEND_RATE, per_chat_interval=0.0,
                             staff=services.staff)

        async def finished() -> bool:
            b = await services.broadcasts.get(broadcast.id)
            return b.status is BroadcastStatus.DONE

        await _send_until(second, finished)
        await resumed.wait(broadcast.id)

        received = {uid: sum(1 for m in shops.state.transcript(CUSTOMER_BOT_ID, uid)
                             if m["sender"] == "bot" and m["text"] == TEXT)
                    for uid in CUSTOMERS}
        assert {uid for uid, n in received.items() if n == 0} == BLOCKED  # lost: none
        assert max(received.values()) == 1  # duplicates: none
        progress = await services.broadcasts.progress(broadcast.id)
        assert (progress.sent, progress.blocked, progress.failed, progress.waiting) == (
            950, 50, 0, 0)
        assert sum(received.values()) == progress.sent
        assert shops.state.stats(CUSTOMER_BOT_ID)["errors"].get("429", 0) >= 1
        report = next(m for m in reversed(admin.bot_messages())
                      if m["text"] and "finished" in m["text"])
        assert "Sent 950" in report["text"] and "blocked the bot 50" in report["text"]
        assert "1,000/1,000" in report["text"] and not report["reply_markup"]


async def test_cancel_stops_what_is_not_sent(tmp_path, keyring):
    async with running_shops(tmp_path, keyring, admins=(ADMIN,)) as shops:
        services = shops.services
        await _customers(shops)
        admin = shops.staff(ADMIN)
        await admin.send("/broadcast")
        await admin.send("Short notice")
        await admin.press("Everyone")
        await admin.press("No button")
        watcher: BroadcastWatcher = shops.admin_dp["broadcast_watch"]
        watcher.interval_s = 0.2
        await admin.press("Send", message=admin.last())
        (broadcast,) = await services.broadcasts.sending()
        await services.broadcasts.queue(broadcast.id)
        progress_message = next(m for m in reversed(admin.bot_messages())
                                if m["reply_markup"] and "Cancel" in str(m["reply_markup"]))
        await admin.press("Cancel the broadcast", message=progress_message)
        await watcher.wait(broadcast.id)
        final = await services.broadcasts.progress(broadcast.id)
        assert final.sent == 0 and final.waiting == 0 and final.failed == 1000
        assert (await services.broadcasts.get(broadcast.id)).status is BroadcastStatus.CANCELLED
        await shops.deliver()
        assert all(not shops.state.transcript(CUSTOMER_BOT_ID, uid) for uid in CUSTOMERS[:50])


async def test_photo_broadcast_with_a_link_button(tmp_path, keyring):
    import io

    from PIL import Image

    async with running_shops(tmp_path, keyring, admins=(ADMIN,)) as shops:
        services = shops.services
        now = services.clock.now()

        async def unit(tx):
            for uid in (910_001, 910_002, 910_003):
                await tx.users.upsert(User(telegram_id=uid, first_name="C", created_at=now,
                                           last_seen_at=now))

        await services.store.transaction(unit)
        for uid in (910_001, 910_002, 910_003):
            shops.state.ensure_user(uid)
            shops.state.open_chat(CUSTOMER_BOT_ID, uid)
        picture = io.BytesIO()
        Image.new("RGB", (64, 32), (200, 30, 30)).save(picture, format="JPEG")
        admin = shops.staff(ADMIN)
        await admin.send("/broadcast")
        nudge = await admin.send_photo(picture.getvalue())
        assert "caption" in nudge["text"]
        await admin.send_photo(picture.getvalue(), caption="New plans are here")
        await admin.press("Everyone")
        await admin.send("See plans | https://t.me/subvault_test_bot")
        preview = admin.bot_messages()[-2]
        assert preview["photo_file_id"] and preview["caption"] == "New plans are here"
        await admin.press("Send", message=admin.last())
        (broadcast,) = await services.broadcasts.sending()
        await services.broadcasts.queue(broadcast.id)  # (the watcher queues it too: once)
        await shops.deliver()
        dead = [m.last_error for m in await services.outbox.recent(10, "dead")]
        assert dead == []
        for uid in (910_001, 910_002, 910_003):
            (got,) = [m for m in shops.state.transcript(CUSTOMER_BOT_ID, uid)
                      if m["sender"] == "bot"]
            assert got["caption"] == "New plans are here" and got["photo_file_id"]
            assert got["reply_markup"]["inline_keyboard"][0][0]["url"].startswith("https://t.me/")
        progress = await services.broadcasts.progress(broadcast.id)
        assert progress.sent == 3
