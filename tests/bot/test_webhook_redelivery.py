"""Webhook mode over real HTTP: an update whose handling fails is answered 500, Telegram (the
stand-in) delivers it again, and the second delivery is handled — once."""

from __future__ import annotations

import asyncio
import contextlib
import socket

import uvicorn

from api import create_app
from api.routes.telegram import PATH
from bot.customer import build_dispatcher
from bot.factory import make_bot
from bot.webhook import TelegramWebhook
from core.i18n import Translator
from standin import RateLimits, run_standin
from tests.bot.harness import BOT_ID, TOKEN

SECRET = "redeliver-Token_1"
USER = 93_001


async def _until(predicate, timeout: float = 30.0) -> None:
    async with asyncio.timeout(timeout):
        while not predicate():
            await asyncio.sleep(0.02)


async def test_a_failed_update_is_answered_500_delivered_again_and_handled_once(services):
    translator = Translator()
    async with run_standin(port=0, rate_limits=RateLimits.disabled()) as standin:
        state = standin.state
        state.ensure_user(USER, first_name="Ravi", language_code="en")
        bot = make_bot(TOKEN, standin.base_url)
        intake = TelegramWebhook(build_dispatcher(services, translator), bot, SECRET)
        statuses: list[int] = []
        receive = intake.receive

        async def recording(header: str | None, body: bytes) -> int:
            status = await receive(header, body)
            statuses.append(status)
            return status

        intake.receive = recording  # type: ignore[method-assign] - observe, not replace
        app = create_app(services, telegram_updates=intake)
        sock = socket.socket()
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
        server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
        serving = asyncio.create_task(server.serve(sockets=[sock]))
        try:
            await _until(lambda: server.started)
            await bot.set_webhook(f"http://127.0.0.1:{port}{PATH}",
                                  secret_token=SECRET)
            # The reply and then the apology both fail at Telegram: the update is not handled.
            state.force_error(kind="server_error", count=2, method="sendMessage",
                              chat_id=USER, bot_id=BOT_ID)
            state.send_command(BOT_ID, USER, "start", "")
            hook = state.bots[BOT_ID]
            await _until(lambda: hook.updates_delivered >= 1)
            await intake.drain()

            assert statuses == [500, 200]  # one refusal, then the redelivery handled
            texts = [m["text"] for m in state.transcript(BOT_ID, USER)
                     if m["sender"] == "bot"]
            assert len(texts) == 1 and "Welcome" in texts[0], texts
            assert state.stats(BOT_ID)["unanswered"] == 0
            assert await services.store.read(lambda tx: tx.users.count()) == 1
            alerts = [m for m in await services.outbox.recent(10)
                      if m.template.startswith("staff-bot-error")]
            assert len(alerts) == 1
            assert "500" in (hook.webhook.last_error_message or "")
        finally:
            server.should_exit = True
            with contextlib.suppress(asyncio.CancelledError):
                await asyncio.wait_for(serving, 10)
            await bot.session.close()
