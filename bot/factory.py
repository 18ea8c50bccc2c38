"""Making aiogram ``Bot`` objects that talk to the configured Bot API base URL.

Every bot made here paces and retries its Bot API calls (:mod:`bot.pacing`); give bots that
share one Telegram bot (or one process's outbox sender) the same :class:`SendPacer`.
"""

from __future__ import annotations

from typing import Any

from aiogram import Bot
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.enums import ParseMode
from aiogram.methods import Response, TelegramMethod

from bot.pacing import PacedRequests
from bot.ratelimit import SendPacer

PUBLIC_API = "https://api.telegram.org"
# aiogram parses every answer with the generic model ``Response[<result type>]``. pydantic keeps
# its parametrized generics in a weak cache, so each time the garbage collector frees one the
# next call builds it again (~50 ms of schema building: the largest CPU cost per update,
# measured with cProfile). Strong references here keep one of each for the process's lifetime.
_RESPONSE_TYPES: dict[Any, Any] = {}


class KeptResponsesSession(AiohttpSession):
    """An aiohttp session whose ``Response[...]`` models are built once per result type."""

    def check_response(self, bot: Bot, method: TelegramMethod[Any], status_code: int,
                       content: str) -> Response[Any]:
        returning = method.__returning__
        if returning not in _RESPONSE_TYPES:
            _RESPONSE_TYPES[returning] = Response[returning]  # type: ignore[valid-type]
        return super().check_response(bot, method, status_code, content)


def make_bot(token: str, api_base: str = PUBLIC_API, *, name: str = "customer",
             pacer: SendPacer | None = None) -> Bot:
    session = KeptResponsesSession(api=TelegramAPIServer.from_base(api_base)) \
        if api_base.rstrip("/") != PUBLIC_API else KeptResponsesSession()
    session.middleware(PacedRequests(pacer or SendPacer(), name))
    return Bot(token, session=session, default=DefaultBotProperties(parse_mode=ParseMode.HTML))


def paced_requests(bot: Bot) -> PacedRequests | None:
    """The pacing middleware of a bot made by :func:`make_bot` (None for any other bot)."""
    for middleware in bot.session.middleware[:]:
        if isinstance(middleware, PacedRequests):
            return middleware
    return None
