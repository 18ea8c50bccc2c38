"""Making aiogram ``Bot`` objects that talk to the configured Bot API base URL.

Every bot made here paces and retries its Bot API calls (:mod:`bot.pacing`); give bots that
share one Telegram bot (or one process's outbox sender) the same :class:`SendPacer`.
"""

from __future__ import annotations

from aiogram import Bot
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.enums import ParseMode

from bot.pacing import PacedRequests
from bot.ratelimit import SendPacer

PUBLIC_API = "https://api.telegram.org"


def make_bot(token: str, api_base: str = PUBLIC_API, *, name: str = "customer",
             pacer: SendPacer | None = None) -> Bot:
    session = AiohttpSession(api=TelegramAPIServer.from_base(api_base)) \
        if api_base.rstrip("/") != PUBLIC_API else AiohttpSession()
    session.middleware(PacedRequests(pacer or SendPacer(), name))
    return Bot(token, session=session, default=DefaultBotProperties(parse_mode=ParseMode.HTML))


def paced_requests(bot: Bot) -> PacedRequests | None:
    """The pacing middleware of a bot made by :func:`make_bot` (None for any other bot)."""
    for middleware in bot.session.middleware[:]:
        if isinstance(middleware, PacedRequests):
            return middleware
    return None
