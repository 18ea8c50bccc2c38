"""End-to-end harness for both bots: the real customer and admin dispatchers, store, services
and outbox sender, polling one local Bot API stand-in over HTTP with two tokens. People press
buttons, type and send files in either bot's chat and read the transcripts."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aiogram import Bot, Dispatcher

from bot.admin import build_admin_dispatcher
from bot.customer import build_dispatcher
from bot.factory import make_bot
from bot.sender import OutboxSender
from core.bootstrap import Services
from core.clock import SystemClock
from core.crypto import KeyRing
from core.i18n import Translator
from core.storage import open_store
from standin import RateLimits, StandinState, run_standin
from tests.api.gateway_side import payment_services
from tests.bot.harness import BOT_ID as CUSTOMER_BOT_ID
from tests.bot.harness import TOKEN as CUSTOMER_TOKEN
from tests.bot.harness import Finished, unpace_chats

ADMIN_TOKEN = "700002:admin-bot-test-token"
ADMIN_BOT_ID = 700002


class Person:
    """Someone chatting with one of the two bots."""

    def __init__(self, state: StandinState, finished: Finished, bot_id: int, user_id: int,
                 first_name: str = "Asha", language_code: str = "en",
                 username: str | None = None) -> None:
        self.state = state
        self.finished = finished
        self.bot_id = bot_id
        self.id = user_id
        state.ensure_user(user_id, first_name=first_name, language_code=language_code,
                          username=username)

    def transcript(self) -> list[dict[str, Any]]:
        return self.state.transcript(self.bot_id, self.id)

    def bot_messages(self) -> list[dict[str, Any]]:
        return [m for m in self.transcript() if m["sender"] == "bot"]

    def texts(self) -> list[str]:
        return [m["text"] or m["caption"] or "" for m in self.bot_messages()]

    def last(self) -> dict[str, Any]:
        return self.bot_messages()[-1]

    async def _settle(self, update_id: int, quiet: bool = False) -> None:
        """Wait until the update is handled and (unless ``quiet``: no reply expected) the bot
        has written to this chat (an error reply is sent after the handler is over)."""
        await self.finished.wait(update_id)
        if quiet:
            return
        async with asyncio.timeout(10):
            while update_id in self.state.unanswered_update_ids(self.bot_id):
                await asyncio.sleep(0.01)

    async def send(self, text: str, *, quiet: bool = False) -> dict[str, Any] | None:
        """Type a message or /command; the bot's last message after handling (or None).
        ``quiet``: no answer is expected (a refused stranger past the first refusal)."""
        if text.startswith("/"):
            command, _, args = text[1:].partition(" ")
            action = self.state.send_command(self.bot_id, self.id, command, args)
        else:
            action = self.state.send_text(self.bot_id, self.id, text)
        await self._settle(action.update_id, quiet)
        messages = self.bot_messages()
        return messages[-1] if messages else None

    async def send_document(self, data: bytes, file_name: str, caption: str = "",
                            mime_type: str = "text/plain", *, quiet: bool = False
                            ) -> dict[str, Any]:
        stored = self.state.store_file(self.bot_id, data, "document", file_name=file_name,
                                       mime_type=mime_type)
        document = {**stored.to_api(), "file_name": file_name, "mime_type": mime_type}
        document.pop("file_path", None)
        content: dict[str, Any] = {"document": document}
        if caption:
            content["caption"] = caption
        action = self.state.user_message(self.bot_id, self.id, content)
        await self._settle(action.update_id, quiet)
        return self.last()

    async def send_photo(self, data: bytes, caption: str = "") -> dict[str, Any]:
        stored = self.state.store_file(self.bot_id, data, "photo")
        size = {**stored.to_api(), "width": 10, "height": 10}
        content: dict[str, Any] = {"photo": [size]}
        if caption:
            content["caption"] = caption
        action = self.state.user_message(self.bot_id, self.id, content)
        await self._settle(action.update_id)
        return self.last()

    def buttons(self, message: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        markup = (message or self._with_buttons())["reply_markup"] or {}
        return [b for row in markup.get("inline_keyboard", []) for b in row]

    def _with_buttons(self) -> dict[str, Any]:
        for message in reversed(self.bot_messages()):
            if message["reply_markup"] and not message["deleted"]:
                return message
        raise AssertionError("no bot message with buttons")

    def button_data(self, label: str, message: dict[str, Any] | None = None) -> tuple[str, int]:
        target = message or self._with_buttons()
        for button in self.buttons(target):
            if label in button["text"] and "callback_data" in button:
                return button["callback_data"], target["message_id"]
        labels = [b["text"] for b in self.buttons(target)]
        raise AssertionError(f"no button {label!r} among {labels}")

    async def press(self, label: str, *, message: dict[str, Any] | None = None
                    ) -> dict[str, Any]:
        data, message_id = self.button_data(label, message)
        return await self.press_data(data, message_id)

    async def press_data(self, data: str, message_id: int | None = None, *,
                         raw: bool = False) -> dict[str, Any]:
        action = self.state.press_button(self.bot_id, self.id, message_id, data=data, raw=raw)
        await self.finished.wait(action.update_id)
        answer = await self.state.wait_for_answer(action.query_id, timeout=10)
        return dict(answer.get("answer") or {})


@dataclass
class Shops:
    services: Services
    state: StandinState
    customer_bot: Bot
    admin_bot: Bot
    customer_dp: Dispatcher
    admin_dp: Dispatcher
    customer_done: Finished
    admin_done: Finished
    translator: Translator
    sender: OutboxSender
    extra: dict[str, Any] = field(default_factory=dict)

    def customer(self, user_id: int, **profile: Any) -> Person:
        return Person(self.state, self.customer_done, CUSTOMER_BOT_ID, user_id, **profile)

    def staff(self, user_id: int, **profile: Any) -> Person:
        return Person(self.state, self.admin_done, ADMIN_BOT_ID, user_id, **profile)

    async def deliver(self) -> None:
        """Run the outbox sender until nothing is due."""
        for _ in range(20):
            report = await self.sender.run_once()
            if report.claimed == 0:
                return


@asynccontextmanager
async def running_shops(tmp_path: Path, keyring: KeyRing, *, admins: tuple[int, ...] = (),
                        support: tuple[int, ...] = (), **settings: Any) -> AsyncIterator[Shops]:
    store = await open_store(f"sqlite:///{tmp_path / 'shop.db'}")
    services = payment_services(store, tmp_path, keyring, SystemClock(),
                                admin_ids=list(admins), **settings)
    await services.staff.seed()
    from core.models import Role
    for user_id in support:
        await services.users.grant_role(user_id, Role.SUPPORT, actor="test")
    translator = Translator()
    async with run_standin(port=0, rate_limits=RateLimits.disabled()) as standin:
        customer_bot = make_bot(CUSTOMER_TOKEN, standin.base_url)
        admin_bot = make_bot(ADMIN_TOKEN, standin.base_url)
        for bot in (customer_bot, admin_bot):
            unpace_chats(bot)
        customer_done, admin_done = Finished(), Finished()
        customer_dp = build_dispatcher(services, translator, outermost=[customer_done],
                                       throttle_rate=1000.0, throttle_burst=1000)
        admin_dp = build_admin_dispatcher(services, translator, outermost=[admin_done],
                                          customer_bot=customer_bot)
        sender = OutboxSender(services.outbox, services.users,
                              {"customer": customer_bot, "admin": admin_bot}, translator,
                              per_chat_interval=0.0, staff=services.staff,
                              media=services.broadcasts)
        polls = [asyncio.create_task(dp.start_polling(bot, handle_signals=False,
                                                      polling_timeout=1))
                 for dp, bot in ((customer_dp, customer_bot), (admin_dp, admin_bot))]
        async with asyncio.timeout(10):  # both polling loops running before the test acts
            while not all(dp._running_lock.locked() for dp in (customer_dp, admin_dp)):
                await asyncio.sleep(0.01)
        try:
            yield Shops(services, standin.state, customer_bot, admin_bot, customer_dp,
                        admin_dp, customer_done, admin_done, translator, sender)
        finally:
            for dp in (customer_dp, admin_dp):
                await dp.stop_polling()
            await asyncio.wait_for(asyncio.gather(*polls, return_exceptions=True), 10)
            for bot in (customer_bot, admin_bot):
                await bot.session.close()
            await services.close()
