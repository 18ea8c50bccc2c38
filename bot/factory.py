"""Making aiogram ``Bot`` objects that talk to the configured Bot API base URL."""

from __future__ import annotations

from aiogram import Bot
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.enums import ParseMode

PUBLIC_API = "https://api.telegram.org"


def make_bot(token: str, api_base: str = PUBLIC_API) -> Bot:
    session = AiohttpSession(api=TelegramAPIServer.from_base(api_base)) \
        if api_base.rstrip("/") != PUBLIC_API else AiohttpSession()
    return Bot(token, session=session, default=DefaultBotProperties(parse_mode=ParseMode.HTML))
