"""Webhook mode: the secret header is checked; a good delivery is handled like a polled one; the
payment app serves the route only when it is given the bot's webhook."""

from __future__ import annotations

import json

from bot.customer import build_dispatcher
from bot.factory import make_bot
from bot.webhook import TelegramWebhook
from core.i18n import Translator
from standin import RateLimits, run_standin
from tests.bot.harness import BOT_ID, TOKEN


def _update(update_id: int, user_id: int, text: str) -> bytes:
    return json.dumps({"update_id": update_id, "message": {
        "message_id": 1, "date": 1767225600, "text": text,
        "entities": [{"type": "bot_command", "offset": 0, "length": len(text)}],
        "chat": {"id": user_id, "type": "private", "first_name": "W"},
        "from": {"id": user_id, "is_bot": False, "first_name": "W", "language_code": "en"}}}
    ).encode()


async def test_wrong_or_missing_secret_is_refused_and_nothing_handled(services):
    async with run_standin(port=0, rate_limits=RateLimits.disabled()) as standin:
        bot = make_bot(TOKEN, standin.base_url)
        intake = TelegramWebhook(build_dispatcher(services, Translator()), bot, "s3cret-Token_1")
        assert await intake.receive("wrong", _update(1, 77, "/start")) == 403
        assert await intake.receive(None, _update(2, 77, "/start")) == 403
        assert await intake.receive("s3cret-Token_1", b"not json") == 400
        await intake.drain()
        assert await services.users.find(77) is None
        await bot.session.close()


async def test_good_delivery_is_handled_and_answered(services):
    async with run_standin(port=0, rate_limits=RateLimits.disabled()) as standin:
        standin.state.ensure_user(78, first_name="W", language_code="en")
        standin.state.open_chat(BOT_ID, 78)
        bot = make_bot(TOKEN, standin.base_url)
        intake = TelegramWebhook(build_dispatcher(services, Translator()), bot, "s3cret-Token_1")
        assert await intake.receive("s3cret-Token_1", _update(3, 78, "/start")) == 200
        await intake.drain()
        assert (await services.users.get(78)).first_name == "W"
        reply = standin.state.last_bot_message(BOT_ID, 78)
        assert "Welcome" in reply["text"]
        await bot.session.close()


async def test_the_app_route_answers_403_to_a_wrong_token_and_200_to_the_right_one(services):
    import httpx

    from api import create_app

    async with run_standin(port=0, rate_limits=RateLimits.disabled()) as standin:
        standin.state.ensure_user(79, first_name="W", language_code="en")
        standin.state.open_chat(BOT_ID, 79)
        bot = make_bot(TOKEN, standin.base_url)
        intake = TelegramWebhook(build_dispatcher(services, Translator()), bot, "tok")
        app = create_app(services, telegram_updates=intake)
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app),
                                     base_url="https://shop.example") as web:
            bad = await web.post("/telegram/customer", content=_update(4, 79, "/start"),
                                 headers={"X-Telegram-Bot-Api-Secret-Token": "nope"})
            good = await web.post("/telegram/customer", content=_update(5, 79, "/start"),
                                  headers={"X-Telegram-Bot-Api-Secret-Token": "tok"})
        await intake.drain()
        assert (bad.status_code, good.status_code) == (403, 200)
        assert "Welcome" in standin.state.last_bot_message(BOT_ID, 79)["text"]
        await bot.session.close()


async def test_without_a_webhook_the_app_has_no_telegram_route(services):
    import httpx

    from api import create_app

    async with httpx.AsyncClient(transport=httpx.ASGITransport(create_app(services)),
                                 base_url="https://shop.example") as web:
        answer = await web.post("/telegram/customer", content=_update(6, 80, "/start"),
                                headers={"X-Telegram-Bot-Api-Secret-Token": "tok"})
    assert answer.status_code == 404
    assert await services.users.find(80) is None
