"""Every Bot API call a bot makes, paced and retried: a request middleware on the Bot's session.

- Sends and edits to a chat (the calls Telegram's flood control counts) take a turn: a bucket
  per chat (one a second with a short burst, ``chat_burst`` — Telegram tolerates brief bursts
  in a chat, and a customer tapping through menus should not wait a second per screen), then a
  slot of the bot-wide rate (30/s) from a :class:`~bot.ratelimit.SendPacer` shared with the
  outbox sender. One chat's calls go one at a time, in the order they were made.
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

from bot.ratelimit import SendPacer, TokenBucket

log = logging.getLogger(__name__)

MAX_RETRIES = 6
CHAT_RATE = 1.0
CHAT_BURST = 5  # the stand-in (and Telegram, briefly) lets a chat take 10 at once
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
    __slots__ = ("bucket", "lock", "users")

    def __init__(self, bucket: TokenBucket) -> None:
        self.lock = asyncio.Lock()
        self.users = 0
        self.bucket = bucket


class PacedRequests(BaseRequestMiddleware):
    """The request middleware; ``name`` is the pacer's key for this bot ("customer", "admin")."""

    def __init__(self, pacer: SendPacer, name: str, *, max_retries: int = MAX_RETRIES,
                 chat_rate: float = CHAT_RATE, chat_burst: int = CHAT_BURST) -> None:
        self.pacer = pacer
        self.name = name
        self.max_retries = max_retries
        self.chat_rate = chat_rate
        self.chat_burst = chat_burst
        self.retried = 0  # 429s waited out (for logs and tests)
        self._chats: dict[int, _ChatQueue] = {}
        self._idle: dict[int, TokenBucket] = {}  # buckets of chats with nothing in flight

    async def __call__(self, make_request: NextRequestMiddlewareType[Any], bot: Bot,
                       method: TelegramMethod[Any]) -> Any:
        if _PACED_BY_CALLER.get():
            return await make_request(bot, method)
        chat_id = counted(method)
        if chat_id is None:
            return await self._retrying(make_request, bot, method, None)
        queue = self._chats.get(chat_id)
        if queue is None:
            bucket = self._idle.pop(chat_id, None) or TokenBucket(self.chat_rate,
                                                                  self.chat_burst)
            queue = self._chats[chat_id] = _ChatQueue(bucket)
        queue.users += 1
        try:
            async with queue.lock:
                return await self._retrying(make_request, bot, method, chat_id, queue.bucket)
        finally:
            queue.users -= 1
            if queue.users == 0:
                del self._chats[chat_id]
                self._keep_idle(chat_id, queue.bucket)

    def _keep_idle(self, chat_id: int, bucket: TokenBucket) -> None:
        """Remember a quiet chat's bucket while it still matters (it is not full yet)."""
        self._idle[chat_id] = bucket
        if len(self._idle) > 10_000:
            now = self.pacer.now()
            for key in [k for k, b in self._idle.items() if b.next_slot(now) <= now]:
                del self._idle[key]

    async def _chat_turn(self, bucket: TokenBucket) -> None:
        while True:
            now = self.pacer.now()
            ready = bucket.next_slot(now)
            if ready <= now:
                bucket.reserve(now)
                return
            await asyncio.sleep(ready - now)

    async def _retrying(self, make_request: NextRequestMiddlewareType[Any], bot: Bot,
                        method: TelegramMethod[Any], chat_id: int | None,
                        bucket: TokenBucket | None = None) -> Any:
        for attempt in range(self.max_retries + 1):
            if chat_id is not None and bucket is not None:
                await self._chat_turn(bucket)
                await self.pacer.turn(self.name, chat_id, NEVER)  # the bot-wide slot
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
        raise AssertionError("unreachable")
