"""Every Bot API call a bot makes, paced and retried: a request middleware on the Bot's session.

- Sends and edits to a chat (the calls Telegram's flood control counts) take a turn from a
  :class:`~bot.ratelimit.SendPacer`: the bot-wide rate (30/s) and one send per chat per
  ``chat_interval``. One chat's calls go one at a time, in the order they were made.
- A 429 ``retry_after`` from any call pauses the whole bot for that long and the same call is
  made again, up to ``max_retries`` times; the last 429 is raised.
- The outbox sender paces its own sends with the same pacer; it marks them with
  :func:`already_paced` so they are not paced twice.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Iterator
from contextvars import ContextVar
from typing import Any

from aiogram import Bot
from aiogram.client.session.middlewares.base import BaseRequestMiddleware, NextRequestMiddlewareType
from aiogram.exceptions import TelegramRetryAfter
from aiogram.methods import TelegramMethod

from bot.ratelimit import SendPacer

log = logging.getLogger(__name__)

MAX_RETRIES = 6
NEVER = float("inf")
_PACED_BY_CALLER: ContextVar[bool] = ContextVar("paced_by_caller", default=False)
# Calls that Telegram's per-chat and per-bot flood control counts.
_COUNTED_PREFIXES = ("send", "edit", "copy", "forward", "stop")
_FREE = frozenset({"sendChatAction"})


@contextlib.contextmanager
def already_paced() -> Iterator[None]:
    """Calls made inside this block skip the middleware's pacing and retries (the caller does
    both itself, as the outbox sender does)."""
    token = _PACED_BY_CALLER.set(True)
    try:
        yield
    finally:
        _PACED_BY_CALLER.reset(token)


def counted(method: TelegramMethod[Any]) -> int | None:
    """The chat id a call is counted against by flood control, or None if it is free."""
    name = method.__api_method__
    if name in _FREE or not name.startswith(_COUNTED_PREFIXES):
        return None
    chat_id = getattr(method, "chat_id", None)
    return chat_id if isinstance(chat_id, int) else None


class _ChatQueue:
    __slots__ = ("lock", "users")

    def __init__(self) -> None:
        self.lock = asyncio.Lock()
        self.users = 0


class PacedRequests(BaseRequestMiddleware):
    """The request middleware; ``name`` is the pacer's key for this bot ("customer", "admin")."""

    def __init__(self, pacer: SendPacer, name: str, *, max_retries: int = MAX_RETRIES) -> None:
        self.pacer = pacer
        self.name = name
        self.max_retries = max_retries
        self.retried = 0  # 429s waited out (for logs and tests)
        self._chats: dict[int, _ChatQueue] = {}

    async def __call__(self, make_request: NextRequestMiddlewareType[Any], bot: Bot,
                       method: TelegramMethod[Any]) -> Any:
        if _PACED_BY_CALLER.get():
            return await make_request(bot, method)
        chat_id = counted(method)
        if chat_id is None:
            return await self._retrying(make_request, bot, method, None)
        queue = self._chats.get(chat_id)
        if queue is None:
            queue = self._chats[chat_id] = _ChatQueue()
        queue.users += 1
        try:
            async with queue.lock:
                return await self._retrying(make_request, bot, method, chat_id)
        finally:
            queue.users -= 1
            if queue.users == 0:
                self._chats.pop(chat_id, None)

    async def _retrying(self, make_request: NextRequestMiddlewareType[Any], bot: Bot,
                        method: TelegramMethod[Any], chat_id: int | None) -> Any:
        for attempt in range(self.max_retries + 1):
            if chat_id is not None:
                await self.pacer.turn(self.name, chat_id, NEVER)
            else:
                wait = self.pacer.paused_for(self.name)
                if wait > 0:
                    await asyncio.sleep(wait)
            try:
                return await make_request(bot, method)
            except TelegramRetryAfter as exc:
                self.pacer.pause(self.name, exc.retry_after)
                if attempt == self.max_retries:
                    log.warning("bot %s: %s still rate limited after %d retries",
                                self.name, method.__api_method__, attempt)
                    raise
                self.retried += 1
                log.info("bot %s: 429 on %s, waiting %ss", self.name, method.__api_method__,
                         exc.retry_after)
            finally:
                if chat_id is not None:
                    self.pacer.sent(self.name, chat_id)
        raise AssertionError("unreachable")
