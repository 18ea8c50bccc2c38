"""End-to-end harness: the real customer dispatcher, store and services, polling a local Bot API
stand-in over HTTP; a simulated customer presses buttons and reads the chat transcript."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aiogram import BaseMiddleware, Bot, Dispatcher

from bot.customer import build_dispatcher
from bot.factory import make_bot, paced_requests
from core.bootstrap import Services
from core.clock import SystemClock
from core.crypto import KeyRing
from core.i18n import Translator
from core.storage import open_store
from standin import RateLimits, StandinState, run_standin
from tests.api.gateway_side import payment_services

TOKEN = "700001:customer-bot-test-token"
BOT_ID = 700001


class Finished(BaseMiddleware):
    """Records each update id once its handling is over (so a test knows the bot is done)."""

    def __init__(self) -> None:
        self.done: set[int] = set()
        self.event = asyncio.Event()

    async def __call__(self, handler, event, data):
        try:
            return await handler(event, data)
        finally:
            self.done.add(event.update_id)
            self.event.set()

    async def wait(self, update_id: int, timeout: float = 15.0) -> None:
        async with asyncio.timeout(timeout):
            while update_id not in self.done:
                self.event.clear()
                await self.event.wait()


@dataclass
class Shop:
    services: Services
    state: StandinState
    bot: Bot
    dp: Dispatcher
    finished: Finished
    translator: Translator
    base_url: str
    extra: dict[str, Any] = field(default_factory=dict)

    def customer(self, user_id: int, **profile: Any) -> Customer:
        return Customer(self, user_id, **profile)


class Customer:
    def __init__(self, shop: Shop, user_id: int, first_name: str = "Asha",
                 language_code: str = "en") -> None:
        self.shop = shop
        self.id = user_id
        shop.state.ensure_user(user_id, first_name=first_name, language_code=language_code)

    @property
    def state(self) -> StandinState:
        return self.shop.state

    def transcript(self) -> list[dict[str, Any]]:
        return self.state.transcript(BOT_ID, self.id)

    def bot_messages(self) -> list[dict[str, Any]]:
        return [m for m in self.transcript() if m["sender"] == "bot"]

    def last(self) -> dict[str, Any]:
        return self.bot_messages()[-1]

    async def send(self, text: str) -> dict[str, Any]:
        """Type a message (or a /command); return the bot's last message after handling."""
        if text.startswith("/"):
            command, _, args = text[1:].partition(" ")
            action = self.state.send_command(BOT_ID, self.id, command, args)
        else:
            action = self.state.send_text(BOT_ID, self.id, text)
        await self.shop.finished.wait(action.update_id)
        await self.state.wait_until_answered(BOT_ID, timeout=10)  # an error reply comes last
        return self.last()

    def buttons(self, message: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        markup = (message or self._with_buttons())["reply_markup"] or {}
        return [b for row in markup.get("inline_keyboard", []) for b in row]

    def _with_buttons(self) -> dict[str, Any]:
        for message in reversed(self.bot_messages()):
            if message["reply_markup"] and not message["deleted"]:
                return message
        raise AssertionError("no bot message with buttons")

    async def press(self, label: str, *, message: dict[str, Any] | None = None
                    ) -> dict[str, Any]:
        """Press the button whose label contains ``label``; returns the callback answer (its
        ``text`` and ``show_alert``)."""
        target = message or self._with_buttons()
        for button in self.buttons(target):
            if label in button["text"] and "callback_data" in button:
                return await self.press_data(button["callback_data"], target["message_id"])
        labels = [b["text"] for b in self.buttons(target)]
        raise AssertionError(f"no button {label!r} among {labels}")

    async def press_data(self, data: str, message_id: int | None = None, *,
                         raw: bool = False) -> dict[str, Any]:
        action = self.state.press_button(BOT_ID, self.id, message_id, data=data, raw=raw)
        await self.shop.finished.wait(action.update_id)
        answer = await self.state.wait_for_answer(action.query_id, timeout=10)
        await self.state.wait_until_answered(BOT_ID, timeout=10)
        return dict(answer.get("answer") or {})

    def url_button(self, label: str) -> str:
        for button in self.buttons():
            if label in button["text"] and "url" in button:
                return str(button["url"])
        raise AssertionError(f"no link button {label!r}")


def unpace_chats(bot: Bot) -> None:
    """The harness's stand-in runs with its flood limits off, so the bot need not keep
    Telegram's one message a second per chat either: a test of a customer pressing through
    twenty screens would otherwise mostly wait. The bot-wide rate, the per-chat order and the
    429 handling stay; ``test_flood.py`` turns the limits (and this pacing) back on."""
    paced = paced_requests(bot)
    assert paced is not None
    paced.chat_rate = paced.chat_burst = 1_000


@asynccontextmanager
async def running_shop(tmp_path: Path, keyring: KeyRing, *,
                       throttle: tuple[float, int] = (1000.0, 1000), **settings: Any
                       ) -> AsyncIterator[Shop]:
    store = await open_store(f"sqlite:///{tmp_path / 'shop.db'}")
    services = payment_services(store, tmp_path, keyring, SystemClock(), **settings)
    translator = Translator()
    async with run_standin(port=0, rate_limits=RateLimits.disabled()) as standin:
        bot = make_bot(TOKEN, standin.base_url)
        unpace_chats(bot)
        finished = Finished()
        dp = build_dispatcher(services, translator, outermost=[finished],
                              throttle_rate=throttle[0], throttle_burst=throttle[1])
        polling = asyncio.create_task(dp.start_polling(bot, handle_signals=False,
                                                       polling_timeout=1))
        try:
            yield Shop(services, standin.state, bot, dp, finished, translator, standin.base_url)
        finally:
            await dp.stop_polling()
            await asyncio.wait_for(polling, 10)
            await bot.session.close()
            await services.close()
