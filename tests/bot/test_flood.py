"""Many customers at once with the stand-in's flood control on: every reply arrives (sends are
paced per chat and per bot, a 429 is waited out and retried), nobody gets an apology, staff
get at most one alert.

The stand-in enforces Telegram's per-chat limit (1/s with short bursts); its bot-wide rate is
raised from Telegram's 30/s to 200/s on both sides (stand-in and the bot's pacer) so a thousand
customers fit in a test's time — the mechanism is the same at any rate.
"""

from __future__ import annotations

import asyncio
from typing import Any

from bot.factory import paced_requests
from bot.pacing import CHAT_BURST, CHAT_RATE
from bot.ratelimit import SendPacer
from core.models import TotpPolicy
from standin import RateLimits
from tests.bot.harness import BOT_ID, Customer, Shop, running_shop

BOT_RATE = 200.0
APOLOGY = "something went wrong on our side"


def _flood_on(shop: Shop) -> None:
    shop.state.set_rate_limits(RateLimits(bot_rate=BOT_RATE, bot_burst=30, chat_rate=1.0,
                                          chat_burst=10))
    paced = paced_requests(shop.bot)
    assert paced is not None
    paced.pacer = SendPacer(BOT_RATE, 1.0)
    paced.chat_rate, paced.chat_burst = CHAT_RATE, CHAT_BURST  # Telegram's, as in production


async def _send(c: Customer, text: str) -> None:
    command, _, args = text[1:].partition(" ")
    action = c.state.send_command(BOT_ID, c.id, command, args)
    await c.shop.finished.wait(action.update_id, timeout=120)


async def _press(c: Customer, label: str) -> None:
    target = c._with_buttons()
    for button in c.buttons(target):
        if label in button["text"] and "callback_data" in button:
            action = c.state.press_button(BOT_ID, c.id, target["message_id"],
                                          data=button["callback_data"])
            await c.shop.finished.wait(action.update_id, timeout=120)
            await c.state.wait_for_answer(action.query_id, timeout=120)
            return
    raise AssertionError(f"customer {c.id}: no button {label!r} in {target['text'][:60]!r}")


async def _journey(c: Customer, think: float) -> list[str]:
    seen: list[str] = []
    steps: list[tuple[Any, str]] = [(_send, "/start"), (_press, "Plans"), (_press, "Netflix"),
                                    (_press, "Back"), (_send, "/wallet"), (_send, "/orders"),
                                    (_send, "/help"), (_press, "Menu")]
    for step, arg in steps:
        await step(c, arg)
        seen.append(c.bot_messages()[-1]["text"])
        await asyncio.sleep(think)
    return seen


async def _staff_alerts(shop: Shop) -> list[Any]:
    return [m for m in await shop.services.outbox.recent(100)
            if m.template.startswith("staff-bot-error")]


def _apologies(customers: list[Customer]) -> int:
    return sum(APOLOGY in (m["text"] or "") for c in customers for m in c.bot_messages())


async def test_200_customers_browse_at_once_and_every_one_gets_every_reply(tmp_path, keyring):
    async with running_shop(tmp_path, keyring) as shop:
        await shop.services.catalog.add(
            actor="test", platform="Netflix", plan="Premium", price=29_900, duration_days=30,
            description="4K", totp_policy=TotpPolicy.CODES_AND_QR, qr_export_limit=2)
        _flood_on(shop)
        customers = [shop.customer(60_000 + i, first_name=f"C{i}") for i in range(200)]
        seen = await asyncio.gather(*(_journey(c, 0.05) for c in customers))
        for texts in seen:
            assert "Welcome" in texts[0] or "what would you like" in texts[0], texts[0]
            assert "Netflix" in texts[2]
            assert len(texts) == 8
        assert _apologies(customers) == 0
        assert shop.state.stats(BOT_ID)["unanswered"] == 0
        assert len(await _staff_alerts(shop)) <= 1


async def test_1000_customers_start_at_once_and_every_one_is_answered(tmp_path, keyring):
    async with running_shop(tmp_path, keyring) as shop:
        _flood_on(shop)
        customers = [shop.customer(70_000 + i, first_name=f"S{i}") for i in range(1000)]
        await asyncio.gather(*(_send(c, "/start") for c in customers))
        await shop.state.wait_until_answered(BOT_ID, timeout=60)
        answered = [c for c in customers if any("Welcome" in (m["text"] or "")
                                                for m in c.bot_messages())]
        assert len(answered) == 1000
        assert _apologies(customers) == 0
        assert len(await _staff_alerts(shop)) <= 1
        assert await shop.services.store.read(lambda tx: tx.users.count()) == 1000


async def test_a_429_is_waited_out_and_the_reply_still_arrives_in_order(tmp_path, keyring):
    async with running_shop(tmp_path, keyring) as shop:
        asha = shop.customer(80_001)
        shop.state.force_error(kind="retry_after", retry_after=1, count=2,
                               method="sendMessage", chat_id=80_001, bot_id=BOT_ID)
        paced = paced_requests(shop.bot)
        assert paced is not None
        await _send(asha, "/start")
        await _send(asha, "/help")
        texts = [m["text"] for m in asha.bot_messages()]
        assert paced.retried == 2
        assert len(texts) == 2 and "Welcome" in texts[0] and APOLOGY not in "".join(texts)
        assert await _staff_alerts(shop) == []
