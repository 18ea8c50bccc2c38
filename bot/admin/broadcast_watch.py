"""Following a broadcast in the admin chat: one progress message edited in place (a bar,
sent/blocked/failed counts, the rate) with Cancel, and the final report when it is over.
After a restart ``resume`` queues what was not queued yet (the outbox takes each recipient
once) and follows every broadcast still sending."""

from __future__ import annotations

import asyncio
import contextlib
import logging

from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest, TelegramRetryAfter

from bot.admin import keyboards
from bot.i18n import Tr
from core.i18n import Translator
from core.models import Broadcast, BroadcastProgress, BroadcastStatus
from core.services.broadcasts import BroadcastService
from core.services.users import UserService

log = logging.getLogger(__name__)
BAR = 20


def render_progress(t: Tr, b: Broadcast, p: BroadcastProgress, elapsed_s: float) -> str:
    total = max(b.queued, p.total, 1)
    done = p.sent + p.blocked + p.failed
    filled = BAR * done // total
    rate = p.sent / elapsed_s if elapsed_s > 0 else 0.0
    key = {BroadcastStatus.DONE: "admin-bc-done",
           BroadcastStatus.CANCELLED: "admin-bc-cancelled"}.get(b.status, "admin-bc-progress")
    return t(key, id=b.id, bar="█" * filled + "░" * (BAR - filled), done=done, total=total,
             sent=p.sent, blocked=p.blocked, failed=p.failed, waiting=p.waiting,
             rate=f"{rate:.1f}")


class BroadcastWatcher:
    def __init__(self, broadcasts: BroadcastService, users: UserService, translator: Translator,
                 currency: str, *, interval_s: float = 2.0) -> None:
        self._broadcasts = broadcasts
        self._users = users
        self._translator = translator
        self._currency = currency
        self.interval_s = interval_s
        self._tasks: dict[str, asyncio.Task[None]] = {}

    def follow(self, bot: Bot, broadcast_id: str) -> None:
        if broadcast_id in self._tasks and not self._tasks[broadcast_id].done():
            return
        self._tasks[broadcast_id] = asyncio.create_task(self._follow(bot, broadcast_id),
                                                        name=f"broadcast-{broadcast_id}")

    async def resume(self, bot: Bot) -> int:
        sending = await self._broadcasts.sending()
        for b in sending:
            self.follow(bot, b.id)
        return len(sending)

    async def wait(self, broadcast_id: str) -> None:
        task = self._tasks.get(broadcast_id)
        if task is not None:
            await task

    async def close(self) -> None:
        for task in self._tasks.values():
            task.cancel()
        await asyncio.gather(*self._tasks.values(), return_exceptions=True)

    async def _follow(self, bot: Bot, broadcast_id: str) -> None:
        try:
            b = await self._broadcasts.queue(broadcast_id)
            staff = await self._users.find(b.created_by)
            t = Tr(self._translator, staff.language if staff else "en", self._currency)
            last_text = ""
            while True:
                b, progress = await self._broadcasts.finish_if_done(broadcast_id)
                text = render_progress(t, b, progress, self._broadcasts.elapsed_s(b))
                final = b.status is not BroadcastStatus.SENDING
                if text != last_text and b.chat_id and b.message_id:
                    await self._edit(bot, b, text, None if final else keyboards.bc_cancel(t, b.id))
                    last_text = text
                if final:
                    return
                await asyncio.sleep(self.interval_s)
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("following broadcast %s failed; it resumes at the next start",
                          broadcast_id)

    @staticmethod
    async def _edit(bot: Bot, b: Broadcast, text: str, markup) -> None:
        with contextlib.suppress(TelegramBadRequest, TelegramRetryAfter):
            await bot.edit_message_text(text, chat_id=b.chat_id, message_id=b.message_id,
                                        reply_markup=markup)
