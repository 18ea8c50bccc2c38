"""End-to-end tests of the Bot API stand-in, driven by a real aiogram ``Bot`` over HTTP."""

from __future__ import annotations

import asyncio
import io
import json
import struct
import zlib
from collections.abc import AsyncIterator
from typing import Any

import pytest
from aiogram import Bot, Dispatcher, F
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramConflictError,
    TelegramForbiddenError,
    TelegramRetryAfter,
    TelegramServerError,
)
from aiogram.types import (
    BotCommand,
    BotCommandScopeAllPrivateChats,
    BufferedInputFile,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    LabeledPrice,
    Message,
)
from aiohttp import ClientSession, web

from standin import (
    Clock,
    ControlError,
    RateLimits,
    Standin,
    StandinState,
    run_standin,
)

pytestmark = pytest.mark.asyncio

BOT_ID = 123456
TOKEN = f"{BOT_ID}:AAHstandinTestTokenForSubvault0123456"
USER = 1001


def keyboard(*pairs: tuple[str, str]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [InlineKeyboardButton(text=text, callback_data=data)] for text, data in pairs
        ]
    )


def tiny_png(width: int = 400, height: int = 300) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    rows = b"".join(b"\x00" + b"\x10\x80\xf0" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


@pytest.fixture
def clock() -> Clock:
    """A frozen clock: tests move time with ``clock.advance``."""
    return Clock(start=1_700_000_000.0)


@pytest.fixture
async def standin(clock: Clock) -> AsyncIterator[Standin]:
    async with run_standin(rate_limits=RateLimits.disabled(), clock=clock) as running:
        yield running


@pytest.fixture
def state(standin: Standin) -> StandinState:
    return standin.state


@pytest.fixture
async def bot(standin: Standin) -> AsyncIterator[Bot]:
    client = Bot(TOKEN, session=standin.session())
    try:
        yield client
    finally:
        await client.session.close()


@pytest.fixture
def user(state: StandinState) -> int:
    """A user who has started the bot (so the bot may write to them)."""
    state.ensure_user(USER, first_name="Asha", username="asha", language_code="en")
    state.send_command(BOT_ID, USER, "start")
    return USER


# ---- basics -------------------------------------------------------------------------------


async def test_get_me(bot: Bot) -> None:
    me = await bot.get_me()
    assert me.id == BOT_ID
    assert me.is_bot is True
    assert me.username == f"standin{BOT_ID}_bot"


async def test_unknown_method_is_404(standin: Standin) -> None:
    async with (
        ClientSession() as http,
        http.post(f"{standin.base_url}/bot{TOKEN}/sendTelepathy") as resp,
    ):
        body = await resp.json()
    assert resp.status == 404
    assert body == {"ok": False, "error_code": 404, "description": "Not Found: method not found"}


async def test_send_message_appears_in_transcript(bot: Bot, state: StandinState, user: int) -> None:
    sent = await bot.send_message(
        user,
        "Hello <b>world</b> &amp; co",
        parse_mode="HTML",
        reply_markup=keyboard(("Buy", "buy")),
    )
    assert isinstance(sent, Message)
    assert sent.chat.id == user and sent.chat.type == "private"
    assert sent.from_user is not None and sent.from_user.id == BOT_ID
    assert sent.text == "Hello world & co"
    assert sent.entities is not None and sent.entities[0].type == "bold"
    assert (sent.entities[0].offset, sent.entities[0].length) == (6, 5)

    transcript = state.transcript(BOT_ID, user)
    assert [(m["sender"], m["text"]) for m in transcript] == [
        ("user", "/start"),
        ("bot", "Hello world & co"),
    ]
    assert transcript[0]["entities"] == [{"type": "bot_command", "offset": 0, "length": 6}]
    assert transcript[1]["message_id"] == sent.message_id == 2
    assert transcript[1]["callback_data"] == ["buy"]
    assert transcript[1]["protected"] is False and transcript[1]["deleted"] is False
    last = state.last_bot_message(BOT_ID, user)
    assert last is not None and last["message_id"] == sent.message_id


async def test_chat_must_exist_and_be_started(bot: Bot, state: StandinState) -> None:
    with pytest.raises(TelegramBadRequest, match="chat not found"):
        await bot.send_message(999_999, "hi")
    state.ensure_user(2002)
    with pytest.raises(TelegramForbiddenError, match="can't initiate conversation"):
        await bot.send_message(2002, "hi")


# ---- validation -----------------------------------------------------------------------------


async def test_text_limit_counts_plain_text(bot: Bot, state: StandinState, user: int) -> None:
    with pytest.raises(TelegramBadRequest, match="message is too long"):
        await bot.send_message(user, "x" * 4097)
    await bot.send_message(user, "x" * 4096)
    wrapped = "<b>" + "x" * 4090 + "</b>&amp;&lt;"
    assert len(wrapped) > 4096
    sent = await bot.send_message(user, wrapped, parse_mode="HTML")
    assert sent.text is not None and len(sent.text) == 4092
    with pytest.raises(TelegramBadRequest, match="message text is empty"):
        await bot.send_message(user, "   ")


async def test_invalid_html_is_rejected(bot: Bot, user: int) -> None:
    with pytest.raises(TelegramBadRequest, match="can't parse entities: Unsupported start tag"):
        await bot.send_message(user, "1 < 2", parse_mode="HTML")
    with pytest.raises(TelegramBadRequest, match="Can't find end tag corresponding"):
        await bot.send_message(user, "<b>bold", parse_mode="HTML")
    with pytest.raises(TelegramBadRequest, match="unsupported parse_mode 'MarkdownV2'"):
        await bot.send_message(user, "Done.", parse_mode="MarkdownV2")


async def test_callback_data_limit(bot: Bot, user: int) -> None:
    with pytest.raises(TelegramBadRequest, match="BUTTON_DATA_INVALID"):
        await bot.send_message(user, "pick", reply_markup=keyboard(("A", "a" * 65)))
    with pytest.raises(TelegramBadRequest, match="BUTTON_DATA_INVALID"):
        await bot.send_message(user, "pick", reply_markup=keyboard(("A", "é" * 33)))  # 66 bytes
    sent = await bot.send_message(user, "pick", reply_markup=keyboard(("A", "a" * 64)))
    assert sent.reply_markup is not None


async def test_text_buttons_are_not_allowed_inline(standin: Standin, user: int) -> None:
    markup = json.dumps({"inline_keyboard": [[{"text": "no action"}]]})
    async with (
        ClientSession() as http,
        http.post(
            f"{standin.base_url}/bot{TOKEN}/sendMessage",
            data={"chat_id": str(user), "text": "x", "reply_markup": markup},
        ) as resp,
    ):
        body = await resp.json()
    assert resp.status == 400
    assert "Text buttons are unallowed" in body["description"]


async def test_caption_limit(bot: Bot, user: int) -> None:
    photo = BufferedInputFile(tiny_png(10, 10), "p.png")
    with pytest.raises(TelegramBadRequest, match="caption is too long"):
        await bot.send_photo(user, photo, caption="c" * 1025)


# ---- updates --------------------------------------------------------------------------------


async def test_long_polling_returns_user_message(bot: Bot, state: StandinState) -> None:
    loop = asyncio.get_running_loop()
    started = loop.time()
    poll = asyncio.create_task(bot.get_updates(timeout=10))
    await asyncio.sleep(0.1)
    state.send_text(BOT_ID, USER, "hello bot")
    updates = await asyncio.wait_for(poll, 5)
    assert loop.time() - started < 3
    assert len(updates) == 1
    message = updates[0].message
    assert message is not None and message.text == "hello bot"
    assert message.from_user is not None and message.from_user.id == USER
    assert state.stats(BOT_ID)["updates_delivered"] == 1

    again = await bot.get_updates(timeout=0)
    assert [u.update_id for u in again] == [updates[0].update_id]  # not confirmed yet
    assert await bot.get_updates(offset=updates[0].update_id + 1, timeout=0) == []


async def test_second_poller_conflicts(bot: Bot) -> None:
    first = asyncio.create_task(bot.get_updates(timeout=5))
    await asyncio.sleep(0.1)
    assert await bot.get_updates(timeout=0) == []
    with pytest.raises(TelegramConflictError, match="terminated by other getUpdates"):
        await first


async def test_dispatcher_echo_bot(bot: Bot, state: StandinState) -> None:
    dp = Dispatcher()

    @dp.message(F.text)
    async def echo(message: Message) -> None:
        await message.answer(f"echo: {message.text}")

    polling = asyncio.create_task(
        dp.start_polling(bot, handle_signals=False, close_bot_session=False, polling_timeout=1)
    )
    try:
        action = state.send_text(BOT_ID, USER, "ping")
        reply = await state.wait_for_bot_message(
            USER, after_message_id=action.message_id, timeout=5
        )
        assert reply["text"] == "echo: ping"
        await state.wait_until_answered(BOT_ID, timeout=5)
        stats = state.stats(BOT_ID)
        assert stats["unanswered"] == 0
        assert stats["method_calls"]["sendMessage"] == 1
    finally:
        await dp.stop_polling()
        await asyncio.wait_for(polling, 10)


async def test_webhook_delivery_with_secret(bot: Bot, state: StandinState) -> None:
    received: asyncio.Queue[tuple[str | None, dict[str, Any]]] = asyncio.Queue()

    async def hook(request: web.Request) -> web.Response:
        update = await request.json()
        await received.put((request.headers.get("X-Telegram-Bot-Api-Secret-Token"), update))
        message = update.get("message") or {}
        return web.json_response(
            {"method": "sendMessage", "chat_id": message["chat"]["id"], "text": "via reply"}
        )

    app = web.Application()
    app.router.add_post("/hook", hook)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    try:
        url = f"http://127.0.0.1:{port}/hook"
        assert await bot.set_webhook(url, secret_token="s3cret_Token-1")
        info = await bot.get_webhook_info()
        assert info.url == url
        with pytest.raises(TelegramConflictError):
            await bot.get_updates(timeout=0)

        state.send_text(BOT_ID, USER, "to the webhook")
        secret, update = await asyncio.wait_for(received.get(), 5)
        assert secret == "s3cret_Token-1"
        assert update["message"]["text"] == "to the webhook"
        reply = await state.wait_for_bot_message(USER, after_message_id=1, timeout=5)
        assert reply["text"] == "via reply"
        assert state.stats(BOT_ID)["unanswered"] == 0

        assert await bot.delete_webhook()
        state.send_text(BOT_ID, USER, "polled again")
        updates = await bot.get_updates(timeout=1)
        assert updates[-1].message is not None and updates[-1].message.text == "polled again"
    finally:
        await runner.cleanup()


async def test_aiogram_webhook_reply_in_response(bot: Bot, state: StandinState) -> None:
    """aiogram's own webhook handler answering with a method in the HTTP response."""
    from aiogram.webhook.aiohttp_server import SimpleRequestHandler

    dp = Dispatcher()

    @dp.message(F.text)
    async def echo(message: Message) -> Any:
        return message.answer(f"echo: {message.text}", protect_content=True)

    app = web.Application()
    SimpleRequestHandler(
        dispatcher=dp, bot=bot, secret_token="wh-secret", handle_in_background=False
    ).register(app, path="/wh")
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    try:
        url = f"http://127.0.0.1:{runner.addresses[0][1]}/wh"
        await bot.set_webhook(url, secret_token="wh-secret")
        action = state.send_text(BOT_ID, USER, "hook me")
        reply = await state.wait_for_bot_message(USER, after_message_id=action.message_id)
        assert reply["text"] == "echo: hook me" and reply["protected"] is True
        await state.wait_until_answered(BOT_ID)
    finally:
        await bot.delete_webhook()
        await runner.cleanup()


async def test_webhook_retries_failed_deliveries(bot: Bot, state: StandinState) -> None:
    statuses = [500, 200]
    received: list[int] = []

    async def hook(request: web.Request) -> web.Response:
        update = await request.json()
        received.append(update["update_id"])
        return web.json_response({}, status=statuses.pop(0) if statuses else 200)

    app = web.Application()
    app.router.add_post("/hook", hook)
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    try:
        await bot.set_webhook(f"http://127.0.0.1:{runner.addresses[0][1]}/hook")
        action = state.send_text(BOT_ID, USER, "retry me")
        for _ in range(100):
            if len(received) >= 2:
                break
            await asyncio.sleep(0.05)
        assert received == [action.update_id, action.update_id]
        info = await bot.get_webhook_info()
        assert info.last_error_message is not None and "500" in info.last_error_message
        assert info.pending_update_count == 0
        assert state.stats(BOT_ID)["updates_delivered"] == 1
    finally:
        await bot.delete_webhook()
        await runner.cleanup()


async def test_webhook_secret_token_is_validated(bot: Bot) -> None:
    with pytest.raises(TelegramBadRequest, match="secret token contains unallowed characters"):
        await bot.set_webhook("http://127.0.0.1:9/hook", secret_token="bad secret!")


# ---- errors and limits ----------------------------------------------------------------------


async def test_blocked_user_is_forbidden(bot: Bot, state: StandinState, user: int) -> None:
    state.block_bot(BOT_ID, user)
    with pytest.raises(TelegramForbiddenError, match="bot was blocked by the user"):
        await bot.send_message(user, "are you there?")
    updates = await bot.get_updates(timeout=0)
    member = updates[-1].my_chat_member
    assert member is not None and member.new_chat_member.status == "kicked"
    state.unblock_bot(BOT_ID, user)
    await bot.send_message(user, "welcome back")


async def test_blocking_resolves_pending_messages(state: StandinState) -> None:
    state.send_text(BOT_ID, USER, "hi")
    assert state.stats(BOT_ID)["unanswered"] == 1
    state.block_bot(BOT_ID, USER)
    assert state.stats(BOT_ID)["unanswered"] == 0
    with pytest.raises(ControlError, match="blocked"):
        state.send_text(BOT_ID, USER, "still there?")


async def test_forced_errors(bot: Bot, state: StandinState, user: int) -> None:
    state.force_error("retry_after", method="sendMessage", retry_after=7)
    with pytest.raises(TelegramRetryAfter) as caught:
        await bot.send_message(user, "first")
    assert caught.value.retry_after == 7
    assert "Too Many Requests: retry after 7" in caught.value.message
    await bot.send_message(user, "second")  # only the next call was forced

    state.force_error("server_error", chat_id=user, count=2)
    for _ in range(2):
        with pytest.raises(TelegramServerError):
            await bot.send_message(user, "boom")
    state.force_error("blocked", method="sendPhoto")
    with pytest.raises(TelegramForbiddenError):
        await bot.send_photo(user, BufferedInputFile(tiny_png(8, 8), "p.png"))
    assert state.stats(BOT_ID)["errors"] == {"429": 1, "500": 2, "403": 1}


async def test_rate_limiter_per_chat(bot: Bot, state: StandinState, clock: Clock) -> None:
    state.set_rate_limits(RateLimits(chat_rate=1.0, chat_burst=2, bot_rate=100, bot_burst=100))
    state.send_text(BOT_ID, USER, "hi")
    await bot.send_message(USER, "1")
    await bot.send_message(USER, "2")
    with pytest.raises(TelegramRetryAfter) as caught:
        await bot.send_message(USER, "3")
    assert caught.value.retry_after == 1
    clock.advance(1.0)
    await bot.send_message(USER, "3")


async def test_rate_limiter_per_bot(bot: Bot, state: StandinState, clock: Clock) -> None:
    state.set_rate_limits(RateLimits(bot_rate=2.0, bot_burst=3, chat_rate=100, chat_burst=100))
    for user_id in range(1, 5):
        state.send_text(BOT_ID, user_id, "hi")
    for user_id in range(1, 4):
        await bot.send_message(user_id, "ok")
    with pytest.raises(TelegramRetryAfter):
        await bot.send_message(4, "over the limit")
    clock.advance(0.5)
    await bot.send_message(4, "ok now")


async def test_delete_window(bot: Bot, state: StandinState, clock: Clock, user: int) -> None:
    old = await bot.send_message(user, "old news")
    clock.advance(49 * 3600)
    with pytest.raises(TelegramBadRequest, match="can't be deleted"):
        await bot.delete_message(user, old.message_id)
    fresh = await bot.send_message(user, "fresh")
    assert await bot.delete_message(user, fresh.message_id)
    with pytest.raises(TelegramBadRequest, match="message to delete not found"):
        await bot.delete_message(user, fresh.message_id)
    flags = {m["message_id"]: m["deleted"] for m in state.transcript(BOT_ID, user)}
    assert flags[old.message_id] is False and flags[fresh.message_id] is True


async def test_protect_content(bot: Bot, state: StandinState, user: int) -> None:
    sent = await bot.send_message(user, "secret key", protect_content=True)
    assert sent.has_protected_content is True
    assert state.transcript(BOT_ID, user)[-1]["protected"] is True
    plain = await bot.send_message(user, "public")
    assert not plain.has_protected_content


# ---- editing --------------------------------------------------------------------------------


async def test_edit_message(bot: Bot, state: StandinState, user: int) -> None:
    sent = await bot.send_message(user, "v1", reply_markup=keyboard(("Go", "go")))
    with pytest.raises(TelegramBadRequest, match="message is not modified"):
        await bot.edit_message_text(
            text="v1", chat_id=user, message_id=sent.message_id, reply_markup=keyboard(("Go", "go"))
        )
    edited = await bot.edit_message_text(text="v2", chat_id=user, message_id=sent.message_id)
    assert isinstance(edited, Message) and edited.text == "v2"
    assert edited.reply_markup is None  # no markup in the edit removes the keyboard
    assert edited.edit_date is not None
    await bot.edit_message_reply_markup(
        chat_id=user, message_id=sent.message_id, reply_markup=keyboard(("Again", "again"))
    )
    with pytest.raises(TelegramBadRequest, match="message to edit not found"):
        await bot.edit_message_text(text="x", chat_id=user, message_id=999)
    with pytest.raises(TelegramBadRequest, match="there is no caption"):
        await bot.edit_message_caption(chat_id=user, message_id=sent.message_id, caption="c")

    entry = state.transcript(BOT_ID, user)[-1]
    assert entry["text"] == "v2" and entry["callback_data"] == ["again"]
    assert [e["text"] for e in entry["edits"]] == ["v1", "v2"]


# ---- files ----------------------------------------------------------------------------------


async def test_photo_roundtrip(bot: Bot, state: StandinState, user: int) -> None:
    data = tiny_png(400, 300)
    sent = await bot.send_photo(user, BufferedInputFile(data, "qr.png"), caption="Your QR")
    assert sent.photo is not None and sent.caption == "Your QR"
    largest = sent.photo[-1]
    assert (largest.width, largest.height) == (400, 300)
    assert sent.photo[0].width == 320  # thumbnail first, like Telegram

    file = await bot.get_file(largest.file_id)
    assert file.file_path is not None and file.file_size == len(data)
    downloaded = await bot.download_file(file.file_path)
    assert isinstance(downloaded, io.BytesIO) and downloaded.getvalue() == data

    again = await bot.send_photo(user, largest.file_id)
    assert again.photo is not None and again.photo[-1].file_id == largest.file_id
    assert state.transcript(BOT_ID, user)[-1]["photo_file_id"] == largest.file_id

    with pytest.raises(TelegramBadRequest, match="IMAGE_PROCESS_FAILED"):
        await bot.send_photo(user, BufferedInputFile(b"not an image", "x.png"))
    with pytest.raises(TelegramBadRequest, match="wrong file identifier"):
        await bot.send_photo(user, "AgACunknownfileid")


async def test_document_roundtrip(bot: Bot, standin: Standin, user: int) -> None:
    payload = b"backup codes\n1234-5678\n"
    sent = await bot.send_document(user, BufferedInputFile(payload, "codes.txt"))
    assert sent.document is not None and sent.document.file_name == "codes.txt"
    file = await bot.get_file(sent.document.file_id)
    downloaded = await bot.download_file(file.file_path or "")
    assert downloaded is not None and downloaded.getvalue() == payload
    resent = await bot.send_document(user, sent.document.file_id, caption="again")
    assert resent.document is not None
    assert resent.document.file_unique_id == sent.document.file_unique_id

    other = Bot("777:AAOtherBotTokenForTheStandin00000", session=standin.session())
    try:
        with pytest.raises(TelegramBadRequest):
            await other.get_file(sent.document.file_id)  # file ids belong to one bot
    finally:
        await other.session.close()


# ---- callback queries -----------------------------------------------------------------------


async def test_answer_callback_query_once(bot: Bot, state: StandinState, user: int) -> None:
    sent = await bot.send_message(user, "plans", reply_markup=keyboard(("Monthly", "plan:m")))
    action = state.press_button(BOT_ID, user, sent.message_id, text="Monthly")
    updates = await bot.get_updates(timeout=0)
    query = updates[-1].callback_query
    assert query is not None and query.id == action.query_id
    assert query.data == "plan:m"
    assert query.message is not None and query.message.message_id == sent.message_id

    assert await bot.answer_callback_query(query.id, text="Done")
    with pytest.raises(TelegramBadRequest, match="query is too old"):
        await bot.answer_callback_query(query.id)
    [record] = state.callback_queries(BOT_ID, user)
    assert record["answered"] is True and record["answer"]["text"] == "Done"


async def test_press_requires_existing_button(bot: Bot, state: StandinState, user: int) -> None:
    sent = await bot.send_message(user, "plans", reply_markup=keyboard(("Monthly", "plan:m")))
    with pytest.raises(ControlError, match="no button"):
        state.press_button(BOT_ID, user, sent.message_id, data="plan:forged")
    forged = state.press_button(BOT_ID, user, sent.message_id, data="plan:forged", raw=True)
    updates = await bot.get_updates(timeout=0)
    query = updates[-1].callback_query
    assert query is not None and query.id == forged.query_id and query.data == "plan:forged"


async def test_callback_query_expires(
    bot: Bot, state: StandinState, clock: Clock, user: int
) -> None:
    await bot.send_message(user, "plans", reply_markup=keyboard(("Monthly", "plan:m")))
    action = state.press_button(BOT_ID, user)
    clock.advance(state.callback_query_ttl + 1)
    with pytest.raises(TelegramBadRequest, match="query is too old"):
        await bot.answer_callback_query(action.query_id or "")
    assert state.stats(BOT_ID)["unanswered"] == 1  # the press (the send answered /start)


# ---- payments -------------------------------------------------------------------------------


async def test_stars_invoice_payment_flow(bot: Bot, state: StandinState, user: int) -> None:
    invoice = await bot.send_invoice(
        user,
        title="Pro plan",
        description="30 days of Pro",
        payload="order:42",
        currency="XTR",
        prices=[LabeledPrice(label="Pro, 30 days", amount=250)],
    )
    assert invoice.invoice is not None and invoice.invoice.total_amount == 250
    assert invoice.reply_markup is not None
    assert invoice.reply_markup.inline_keyboard[0][0].pay is True

    state.pay_invoice(BOT_ID, user)
    updates = await bot.get_updates(timeout=0)
    query = updates[-1].pre_checkout_query
    assert query is not None
    assert (query.currency, query.total_amount, query.invoice_payload) == ("XTR", 250, "order:42")
    assert await bot.answer_pre_checkout_query(query.id, ok=True)

    updates = await bot.get_updates(offset=updates[-1].update_id + 1, timeout=1)
    paid = updates[-1].message
    assert paid is not None and paid.successful_payment is not None
    charge = paid.successful_payment.telegram_payment_charge_id
    assert charge and paid.successful_payment.invoice_payload == "order:42"

    assert await bot.refund_star_payment(user, charge)
    with pytest.raises(TelegramBadRequest, match="CHARGE_ALREADY_REFUNDED"):
        await bot.refund_star_payment(user, charge)


async def test_invoice_declined(bot: Bot, state: StandinState, user: int) -> None:
    await bot.send_invoice(
        user, "Pro", "Pro plan", "order:7", "XTR", [LabeledPrice(label="Pro", amount=10)]
    )
    action = state.pay_invoice(BOT_ID, user)
    with pytest.raises(TelegramBadRequest, match="ERROR_MESSAGE_EMPTY"):
        await bot.answer_pre_checkout_query(action.query_id or "", ok=False)
    await bot.answer_pre_checkout_query(action.query_id or "", ok=False, error_message="Sold out")
    [record] = state.pre_checkout_queries(BOT_ID)
    assert record["ok"] is False and record["telegram_payment_charge_id"] is None
    assert not [m for m in state.transcript(BOT_ID, user) if m["successful_payment"]]


async def test_fiat_invoice_needs_provider_token(bot: Bot, user: int) -> None:
    with pytest.raises(TelegramBadRequest, match="PAYMENT_PROVIDER_INVALID"):
        await bot.send_invoice(
            user, "Pro", "Pro plan", "order:8", "INR", [LabeledPrice(label="Pro", amount=9900)]
        )


# ---- commands and misc ----------------------------------------------------------------------


async def test_commands_per_scope_and_language(bot: Bot, state: StandinState, user: int) -> None:
    await bot.set_my_commands([BotCommand(command="start", description="Start")])
    await bot.set_my_commands(
        [BotCommand(command="start", description="Начать")],
        scope=BotCommandScopeAllPrivateChats(),
        language_code="ru",
    )
    state.ensure_user(user, language_code="en")
    assert [c["description"] for c in state.commands_for(BOT_ID, user)] == ["Start"]
    state.ensure_user(user, language_code="ru")
    assert [c["description"] for c in state.commands_for(BOT_ID, user)] == ["Начать"]
    assert await bot.set_my_commands([], scope=BotCommandScopeAllPrivateChats(), language_code="ru")
    assert [c["description"] for c in state.commands_for(BOT_ID, user)] == ["Start"]
    with pytest.raises(TelegramBadRequest, match="BOT_COMMAND_INVALID"):
        await bot.set_my_commands([BotCommand(command="Bad Command", description="x")])


async def test_unanswered_counter(bot: Bot, state: StandinState) -> None:
    state.send_text(BOT_ID, USER, "one")
    state.send_text(BOT_ID, USER, "two")
    assert state.stats(BOT_ID)["unanswered"] == 2
    await bot.send_message(USER, "answering both")
    assert state.stats(BOT_ID)["unanswered"] == 0


async def test_long_user_text_is_split(state: StandinState) -> None:
    actions = state.send_long_text(BOT_ID, USER, "y" * 10_000)
    assert len(actions) == 3
    lengths = [len(m["text"]) for m in state.transcript(BOT_ID, USER)]
    assert lengths == [4096, 4096, 1808]
    with pytest.raises(ControlError):
        state.send_text(BOT_ID, USER, "y" * 4097)


# ---- control API over HTTP and the thread helper -------------------------------------------


async def test_control_http_api(bot: Bot, standin: Standin) -> None:
    base = f"{standin.base_url}/_control"
    async with ClientSession() as http:

        async def control(action: str, **body: Any) -> Any:
            async with http.post(f"{base}/{action}", json=body) as resp:
                payload = await resp.json()
                assert payload["ok"], payload
                return payload["result"]

        await control("users", id=USER, first_name="Ravi", language_code="hi")
        sent = await control("send_text", bot_id=BOT_ID, user_id=USER, text="/start")
        assert sent["message_id"] == 1
        waiter = asyncio.create_task(
            control("wait_bot_message", chat_id=USER, after_message_id=1, timeout=5)
        )
        await asyncio.sleep(0.05)
        await bot.send_message(USER, "Namaste", reply_markup=keyboard(("Plans", "plans")))
        message = await waiter
        assert message["text"] == "Namaste"
        press = await control("press", bot_id=BOT_ID, user_id=USER, text="Plans")
        assert press["query_id"]
        await bot.answer_callback_query(press["query_id"])
        answered = await control("wait_callback_answer", query_id=press["query_id"])
        assert answered["answered"] is True
        transcript = await control("transcript", bot_id=BOT_ID, chat_id=USER)
        assert [m["sender"] for m in transcript] == ["user", "bot"]
        stats = await control("stats", bot_id=BOT_ID)
        assert stats["unanswered"] == 0

        version = await control("chat_version", chat_id=USER)
        change = asyncio.create_task(
            control("wait_chat_change", chat_id=USER, since=version, timeout=5)
        )
        await asyncio.sleep(0.05)
        await bot.edit_message_text(text="Namaste!", chat_id=USER, message_id=message["message_id"])
        assert await change > version

        async with http.post(
            f"{base}/press", json={"bot_id": BOT_ID, "user_id": USER, "data": "nope"}
        ) as resp:
            assert resp.status == 400
        async with http.post(
            f"{base}/wait_bot_message", json={"chat_id": USER, "timeout": 0.1}
        ) as resp:
            assert resp.status == 408
