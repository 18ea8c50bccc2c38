"""The outbox sender end to end: real aiogram bots over HTTP against the Bot API stand-in."""

from __future__ import annotations

import asyncio
import itertools
import random
import re
import time
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from aiogram import Bot
from aiogram.client.default import DefaultBotProperties

from bot.sender import OutboxSender, backoff_delay
from core.bootstrap import Services
from core.i18n import Translator
from core.models import OutboxStatus, Role
from core.services.notify import enqueue
from standin import Standin, run_standin

CUSTOMER_BOT = 710001
ADMIN_BOT = 710002
TOKENS = {"customer": f"{CUSTOMER_BOT}:customer-sender-test", "admin": f"{ADMIN_BOT}:admin-test"}
BOT_IDS = {"customer": CUSTOMER_BOT, "admin": ADMIN_BOT}

# Store-agnostic or slow tests run on SQLite only; what touches the outbox's own operations
# (claims, retries, fan-out, the blocked flag) runs on both stores.
sqlite_only = pytest.mark.parametrize("store", ["sqlite"], indirect=True)

TEST_LOCALES = {
    "en": """
greeting = Hello, { $name }! Your balance is { $amount }.
numbered = Message { $n }
long-text = { $body }
long-bold = <b>{ $body }</b>
button-open = Open
staff-alert = Alert: { $what }
""",
    "ru": """
greeting = Привет, { $name }! Баланс: { $amount }.
numbered = Сообщение { $n }
long-text = { $body }
long-bold = <b>{ $body }</b>
button-open = Открыть
staff-alert = Тревога: { $what }
""",
}


@pytest.fixture
def translator(tmp_path: Path) -> Translator:
    for language, body in TEST_LOCALES.items():
        folder = tmp_path / "locales" / language
        folder.mkdir(parents=True)
        (folder / "test.ftl").write_text(body, encoding="utf-8")
    return Translator(tmp_path / "locales")


@pytest.fixture
async def standin() -> AsyncIterator[Standin]:
    async with run_standin(port=0) as running:
        yield running


def _bots(standin: Standin, *names: str) -> dict[str, Bot]:
    return {name: Bot(TOKENS[name], session=standin.session(),
                      default=DefaultBotProperties(parse_mode="HTML")) for name in names}


@pytest.fixture
async def bots(standin: Standin) -> AsyncIterator[dict[str, Bot]]:
    made = _bots(standin, "customer", "admin")
    yield made
    for bot in made.values():
        await bot.session.close()


def sender_for(services: Services, bots: dict[str, Bot], translator: Translator,
               **options: Any) -> OutboxSender:
    options.setdefault("per_chat_interval", 0.05)
    return OutboxSender(services.outbox, services.users, bots, translator, **options)


async def queue(services: Services, key: str, template: str, chat_id: int | None = None,
                **kw: Any) -> str:
    kw.setdefault("params", {})
    await services.store.transaction(lambda tx: enqueue(
        tx, services.clock, services.ids, key=key, template=template, chat_id=chat_id, **kw))
    (message,) = [m for m in await services.outbox.recent(500) if m.key == key]
    return message.id


async def customer(services: Services, standin: Standin, user_id: int, language: str = "en",
                   bot: str = "customer") -> None:
    await services.users.register(user_id, first_name="Test", language_code=language)
    standin.state.ensure_user(user_id, language_code=language)
    standin.state.open_chat(BOT_IDS[bot], user_id)


def bot_messages(standin: Standin, user_id: int, bot: str = "customer") -> list[dict[str, Any]]:
    return [m for m in standin.state.transcript(BOT_IDS[bot], user_id) if m["sender"] == "bot"]


def texts(standin: Standin, user_id: int, bot: str = "customer") -> list[str]:
    return [m["text"] for m in bot_messages(standin, user_id, bot)]


def received_at(standin: Standin, user_id: int) -> list[float]:
    chat = standin.state.bots[CUSTOMER_BOT].chats[user_id]
    return [m.created_at for m in chat.messages.values() if m.sender == "bot"]


# ---- delivery and rendering ----------------------------------------------------------------


async def test_a_queued_message_arrives_in_the_users_language(services, standin, bots):
    await customer(services, standin, 501, language="ru")
    await customer(services, standin, 502, language="en")
    real = Translator()
    await queue(services, "a", "error-insufficient-funds", 501)
    await queue(services, "b", "error-insufficient-funds", 502)
    report = await sender_for(services, bots, real).run_once()
    assert report.sent == 2
    assert texts(standin, 501) == [real.text("ru", "error-insufficient-funds")]
    assert texts(standin, 502) == [real.text("en", "error-insufficient-funds")]
    assert texts(standin, 501) != texts(standin, 502)
    assert (await services.outbox.counts()) == {"sent": 2}


@sqlite_only
async def test_params_keyboard_and_protection_are_rendered(services, standin, bots, translator):
    await customer(services, standin, 503, language="ru")
    message_id = await queue(
        services, "greet", "greeting", 503,
        params={"name": "Ann <admin> & co", "amount": "₹1,250.00"},
        options={"protect_content": True,
                 "reply_markup": [[{"text_key": "button-open", "callback_data": "open:1"}],
                                  [{"text": "Site", "url": "https://example.com"}]]})
    assert (await sender_for(services, bots, translator).run_once()).sent == 1
    (sent,) = bot_messages(standin, 503)
    assert sent["text"] == "Привет, Ann <admin> & co! Баланс: ₹1,250.00."  # escaped, not markup
    assert sent["protected"] is True
    rows = sent["reply_markup"]["inline_keyboard"]
    assert rows[0][0] == {"text": "Открыть", "callback_data": "open:1"}
    assert rows[1][0]["url"] == "https://example.com"
    stored = await services.outbox.get(message_id)
    assert stored.status is OutboxStatus.SENT and stored.attempts == 1


@sqlite_only
async def test_a_message_for_an_unknown_user_uses_the_default_language(services, standin, bots,
                                                                        translator):
    standin.state.open_chat(CUSTOMER_BOT, 504)  # in Telegram, but not registered with us
    await queue(services, "x", "staff-alert", 504, params={"what": "disk"})
    await sender_for(services, bots, translator).run_once()
    assert texts(standin, 504) == ["Alert: disk"]


@sqlite_only
async def test_a_broken_keyboard_makes_the_message_dead_without_sending(services, standin, bots,
                                                                       translator):
    await customer(services, standin, 505)
    message_id = await queue(services, "k", "staff-alert", 505, params={"what": "x"},
                             options={"reply_markup": [[{"text": "no action"}]]})
    report = await sender_for(services, bots, translator).run_once()
    assert report.dead == 1 and texts(standin, 505) == []
    assert (await services.outbox.get(message_id)).last_error.startswith("render:")


# ---- Telegram errors -----------------------------------------------------------------------


@sqlite_only
async def test_a_429_is_waited_out_and_the_message_still_arrives(services, standin, bots,
                                                                 translator):
    await customer(services, standin, 510)
    message_id = await queue(services, "r", "staff-alert", 510, params={"what": "429"})
    standin.state.force_error("retry_after", count=1, method="sendMessage", retry_after=2)
    started = time.monotonic()
    report = await sender_for(services, bots, translator).run_once()
    assert time.monotonic() - started >= 1.9
    assert report.sent == 1 and report.retried == 0
    assert texts(standin, 510) == ["Alert: 429"]
    assert standin.state.stats(CUSTOMER_BOT)["errors"] == {"429": 1}
    stored = await services.outbox.get(message_id)
    assert stored.status is OutboxStatus.SENT and stored.attempts >= 1


@sqlite_only
async def test_a_429_longer_than_the_lease_is_rescheduled_not_dropped(services, standin, bots,
                                                                      translator, clock):
    await customer(services, standin, 511)
    message_id = await queue(services, "r", "staff-alert", 511, params={"what": "later"})
    standin.state.force_error("retry_after", count=1, method="sendMessage", retry_after=120)
    started = time.monotonic()
    report = await sender_for(services, bots, translator).run_once()
    assert time.monotonic() - started < 5  # not waited out in-process: beyond the lease
    assert report.retried == 1
    stored = await services.outbox.get(message_id)
    assert stored.status is OutboxStatus.PENDING and stored.last_error == "429 retry after 120"
    assert stored.next_attempt_at == clock.now() + timedelta(seconds=120)
    clock.advance(seconds=120)
    # a restarted process (a fresh sender) picks it up once it is due
    assert (await sender_for(services, bots, translator).run_once()).sent == 1
    assert texts(standin, 511) == ["Alert: later"]


async def test_a_user_who_blocked_the_bot_is_marked_and_others_still_get_theirs(
        services, standin, bots, translator):
    await customer(services, standin, 520)
    await customer(services, standin, 521)
    standin.state.block_bot(CUSTOMER_BOT, 520)
    blocked_id = await queue(services, "a", "staff-alert", 520, params={"what": "a"})
    await queue(services, "b", "staff-alert", 521, params={"what": "b"})
    report = await sender_for(services, bots, translator).run_once()
    assert (report.blocked, report.sent) == (1, 1)
    assert (await services.users.get(520)).blocked is True
    assert (await services.users.get(521)).blocked is False
    stored = await services.outbox.get(blocked_id)
    assert stored.status is OutboxStatus.DEAD and stored.last_error.startswith("blocked")
    assert texts(standin, 521) == ["Alert: b"]


@sqlite_only
async def test_a_delivery_clears_a_stale_blocked_flag(services, standin, bots, translator):
    await customer(services, standin, 522)
    await services.users.set_blocked(522, True)  # they blocked us once, and came back since
    await queue(services, "a", "staff-alert", 522, params={"what": "hi"})
    assert (await sender_for(services, bots, translator).run_once()).sent == 1
    assert (await services.users.get(522)).blocked is False


async def test_server_errors_are_retried_with_growing_backoff(services, standin, bots,
                                                              translator, clock):
    await customer(services, standin, 530)
    message_id = await queue(services, "s", "staff-alert", 530, params={"what": "5xx"})
    standin.state.force_error("server_error", count=2, method="sendMessage")
    sender = sender_for(services, bots, translator)
    delays = []
    for _ in range(2):
        assert (await sender.run_once()).retried == 1
        stored = await services.outbox.get(message_id)
        assert stored.status is OutboxStatus.PENDING and "TelegramServerError" in stored.last_error
        delays.append((stored.next_attempt_at - clock.now()).total_seconds())
        assert (await sender.run_once()).claimed == 0  # not due yet
        clock.advance(seconds=delays[-1])
    assert 1.0 <= delays[0] <= 1.25 and 2.0 <= delays[1] <= 2.5
    assert (await sender.run_once()).sent == 1
    assert texts(standin, 530) == ["Alert: 5xx"]
    stored = await services.outbox.get(message_id)
    assert stored.status is OutboxStatus.SENT and stored.attempts == 3


@sqlite_only
async def test_a_message_is_dead_after_max_attempts_of_server_errors(services, standin, bots,
                                                                     translator, clock):
    await customer(services, standin, 531)
    message_id = await queue(services, "s", "staff-alert", 531, params={"what": "5xx"})
    standin.state.force_error("server_error", count=3, method="sendMessage")
    sender = sender_for(services, bots, translator, max_attempts=3)
    outcomes = []
    for _ in range(3):
        outcomes.append(await sender.run_once())
        clock.advance(minutes=5)
    assert [r.retried for r in outcomes] == [1, 1, 0] and outcomes[-1].dead == 1
    stored = await services.outbox.get(message_id)
    assert stored.status is OutboxStatus.DEAD and stored.last_error.endswith("(3 tries)")
    assert texts(standin, 531) == []


@sqlite_only
async def test_another_bad_request_is_dead_with_telegrams_reason(services, standin, bots,
                                                                 translator):
    message_id = await queue(services, "n", "staff-alert", 999_999, params={"what": "x"})
    assert (await sender_for(services, bots, translator).run_once()).dead == 1
    stored = await services.outbox.get(message_id)
    assert stored.status is OutboxStatus.DEAD
    assert stored.last_error == "Bad Request: chat not found"


def test_backoff_doubles_from_one_second_and_stops_at_five_minutes():
    rng = random.Random(1)
    for failures, low in ((1, 1), (2, 2), (3, 4), (4, 8), (9, 256)):
        assert low <= backoff_delay(failures, rng) <= low * 1.25
    assert backoff_delay(30, rng) == 300  # capped, jitter included


# ---- long text -----------------------------------------------------------------------------


def _long_body(length: int = 10_000) -> str:
    words = "subscription renewal credentials wallet receipt plan code"
    text, n = "", 0
    while len(text) < length:
        n += 1
        text += f"{n}. {words}" + ("\n\n" if n % 9 == 0 else "\n" if n % 3 == 0 else " ")
    return text[:length]


@sqlite_only
async def test_a_10000_character_text_arrives_split_in_order(services, standin, bots,
                                                             translator):
    await customer(services, standin, 540)
    body = _long_body()
    await queue(services, "long", "long-text", 540, params={"body": body},
                options={"reply_markup": [[{"text_key": "button-open", "callback_data": "o"}]]})
    report = await sender_for(services, bots, translator).run_once()
    assert report.sent == 1
    sent = bot_messages(standin, 540)
    parts = [m["text"] for m in sent]
    assert len(parts) >= 3
    assert re.sub(r"\s+", "", "".join(parts)) == re.sub(r"\s+", "", body)
    assert [m["reply_markup"] is not None for m in sent] == [False] * (len(sent) - 1) + [True]
    assert standin.state.stats(CUSTOMER_BOT)["errors"] == {}


@sqlite_only
async def test_long_html_keeps_its_formatting_in_every_part(services, standin, bots, translator):
    await customer(services, standin, 541)
    body = _long_body(9_000)
    await queue(services, "bold", "long-bold", 541, params={"body": body})
    assert (await sender_for(services, bots, translator).run_once()).sent == 1
    sent = bot_messages(standin, 541)
    assert len(sent) >= 3
    for message in sent:
        (entity,) = message["entities"]
        assert entity["type"] == "bold" and entity["offset"] == 0


@sqlite_only
async def test_a_crash_mid_way_resumes_after_the_parts_already_sent(services, standin, bots,
                                                                    translator, clock):
    await customer(services, standin, 542)
    body = _long_body()
    message_id = await queue(services, "long", "long-text", 542, params={"body": body})
    slow = sender_for(services, bots, translator, per_chat_interval=30)
    task = asyncio.create_task(slow.run_once())
    async with asyncio.timeout(10):
        while (await services.outbox.get(message_id)).options.get("parts_sent") != 1:
            await asyncio.sleep(0.02)
    task.cancel()  # the process dies while waiting to send part 2
    with pytest.raises(asyncio.CancelledError):
        await task
    assert len(texts(standin, 542)) == 1
    clock.advance(seconds=61)  # the lease runs out
    assert (await sender_for(services, bots, translator).run_once()).sent == 1
    parts = texts(standin, 542)
    assert len(parts) >= 3 and len(set(parts)) == len(parts)  # part 1 was not sent again
    assert re.sub(r"\s+", "", "".join(parts)) == re.sub(r"\s+", "", body)


# ---- pacing --------------------------------------------------------------------------------


@sqlite_only
async def test_a_burst_to_one_chat_is_spaced_about_a_second_apart(services, standin, bots,
                                                                  translator):
    await customer(services, standin, 550)
    for n in range(1, 6):
        await queue(services, f"n{n}", "numbered", 550, params={"n": n})
    report = await sender_for(services, bots, translator, per_chat_interval=1.0).run_once()
    assert report.sent == 5
    assert texts(standin, 550) == [f"Message {n}" for n in range(1, 6)]
    stamps = received_at(standin, 550)
    gaps = [b - a for a, b in itertools.pairwise(stamps)]
    assert all(gap >= 0.95 for gap in gaps), gaps
    assert stamps[-1] - stamps[0] < 8


@sqlite_only
async def test_many_chats_go_in_parallel_within_the_bot_rate(services, standin, bots,
                                                             translator):
    for user_id in range(600, 660):
        standin.state.open_chat(CUSTOMER_BOT, user_id)
        await queue(services, f"m{user_id}", "numbered", user_id, params={"n": user_id})
    started = time.monotonic()
    report = await sender_for(services, bots, translator, per_chat_interval=1.0).run_once()
    elapsed = time.monotonic() - started
    stamps = sorted(t for u in range(600, 660) for t in received_at(standin, u))
    assert report.sent == 60 and len(stamps) == 60
    assert elapsed < 6  # 60 chats at 1/s each would take a minute if chats were serialised
    assert elapsed >= 1.7  # ...but the bot as a whole sends at most 30 a second
    # arrival times at the stand-in (same event loop: a busy machine bunches them a little)
    assert max(sum(1 for t in stamps if s <= t < s + 1) for s in stamps) <= 36
    assert standin.state.stats(CUSTOMER_BOT)["errors"] == {}  # no 429 from the flood control


# ---- crashes and staff ---------------------------------------------------------------------


async def test_a_crash_between_claim_and_send_loses_nothing(services, standin, bots, translator,
                                                            clock):
    await customer(services, standin, 560)
    first = await queue(services, "1", "numbered", 560, params={"n": 1})
    second = await queue(services, "2", "numbered", 560, params={"n": 2})
    slow = sender_for(services, bots, translator, per_chat_interval=30)
    task = asyncio.create_task(slow.run_once())
    async with asyncio.timeout(10):
        while (await services.outbox.get(first)).status is not OutboxStatus.SENT:
            await asyncio.sleep(0.02)
    task.cancel()  # the second message is claimed, but the sender dies before sending it
    with pytest.raises(asyncio.CancelledError):
        await task
    assert (await services.outbox.get(second)).status is OutboxStatus.SENDING
    fresh = sender_for(services, bots, translator)
    assert (await fresh.run_once()).claimed == 0  # still leased
    clock.advance(seconds=61)
    assert (await fresh.run_once()).sent == 1
    assert (await fresh.run_once()).claimed == 0
    assert texts(standin, 560) == ["Message 1", "Message 2"]
    assert (await services.outbox.counts()) == {"sent": 2}


async def _staff(services: Services, standin: Standin, bot: str = "admin") -> None:
    await customer(services, standin, 570, language="en", bot=bot)
    await customer(services, standin, 571, language="ru", bot=bot)
    await services.users.grant_role(570, Role.ADMIN, actor="test")
    await services.users.grant_role(571, Role.SUPPORT, actor="test")
    await customer(services, standin, 572)  # a customer: gets no staff alerts


async def test_a_staff_alert_reaches_every_admin_and_support_user_once(services, standin, bots,
                                                                       translator):
    await _staff(services, standin)
    parent = await queue(services, "alert:1", "staff-alert", audience="staff", bot="admin",
                         params={"what": "low stock"})
    sender = sender_for(services, bots, translator)
    first = await sender.run_once()
    second = await sender.run_once()
    assert (first.fanned_out, first.sent) == (2, 2) and second.claimed == 0
    assert texts(standin, 570, "admin") == ["Alert: low stock"]
    assert texts(standin, 571, "admin") == ["Тревога: low stock"]
    assert texts(standin, 572, "admin") == [] and texts(standin, 572) == []
    assert (await services.outbox.get(parent)).status is OutboxStatus.SENT
    keys = sorted(m.key for m in await services.outbox.recent(10))
    assert keys == ["alert:1", "alert:1:staff:570", "alert:1:staff:571"]


@sqlite_only
async def test_staff_alerts_use_the_customer_bot_when_there_is_no_admin_bot(services, standin,
                                                                            translator):
    await _staff(services, standin, bot="customer")
    await queue(services, "alert:2", "staff-alert", audience="staff", bot="admin",
                params={"what": "no admin bot"})
    bots = _bots(standin, "customer")
    report = await sender_for(services, bots, translator).run_once()
    await bots["customer"].session.close()
    assert report.sent == 2
    assert texts(standin, 570) == ["Alert: no admin bot"]


@sqlite_only
async def test_a_staff_alert_with_no_staff_is_dead(services, standin, bots, translator):
    parent = await queue(services, "alert:3", "staff-alert", audience="staff", bot="admin",
                         params={"what": "nobody"})
    assert (await sender_for(services, bots, translator).run_once()).dead == 1
    assert (await services.outbox.get(parent)).last_error == "no staff to notify"


@sqlite_only
async def test_staff_who_blocked_the_admin_bot_are_not_marked_as_blocked_customers(
        services, standin, bots, translator):
    await _staff(services, standin)
    standin.state.block_bot(ADMIN_BOT, 570)
    await queue(services, "alert:4", "staff-alert", audience="staff", bot="admin",
                params={"what": "x"})
    report = await sender_for(services, bots, translator).run_once()
    assert (report.blocked, report.sent) == (1, 1)
    assert (await services.users.get(570)).blocked is False


@sqlite_only
async def test_run_forever_delivers_until_stopped(services, standin, bots, translator):
    await customer(services, standin, 580)
    stop = asyncio.Event()
    task = asyncio.create_task(
        sender_for(services, bots, translator).run_forever(stop, idle_sleep=0.05))
    await queue(services, "f", "staff-alert", 580, params={"what": "loop"})
    async with asyncio.timeout(10):
        while not texts(standin, 580):
            await asyncio.sleep(0.02)
    stop.set()
    async with asyncio.timeout(5):
        await task
    assert texts(standin, 580) == ["Alert: loop"]
