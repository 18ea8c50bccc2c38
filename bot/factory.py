"""Making aiogram ``Bot`` objects that talk to the configured Bot API base URL.

Every bot made here paces and retries its Bot API calls (:mod:`bot.pacing`); give bots that
share one Telegram bot (or one process's outbox sender) the same :class:`SendPacer`.

Its session also spares costs of every call (measured with cProfile and py-spy;
bench/journey.py): parameters go as a JSON body, not a URL-encoded form of JSON strings; a kept
:class:`~bot.keyboard.Keyboard` goes in as prepared the first time it was sent; and the answer to
a call made inside :func:`answer_unread` (a screen shown, whose message nobody reads back) is
checked for success but not parsed into aiogram's models.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from contextvars import ContextVar
from http import HTTPStatus
from typing import Any

from aiogram import Bot
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.enums import ParseMode
from aiogram.methods import Response, TelegramMethod
from aiohttp import BytesPayload

from bot.keyboard import Keyboard
from bot.pacing import PacedRequests
from bot.ratelimit import SendPacer

PUBLIC_API = "https://api.telegram.org"
# aiogram parses every answer with the generic model ``Response[<result type>]``. pydantic keeps
# its parametrized generics in a weak cache, so each time the garbage collector frees one the
# next call builds it again (~50 ms of schema building: the largest CPU cost per update,
# measured with cProfile). Strong references here keep one of each for the process's lifetime.
_RESPONSE_TYPES: dict[Any, Any] = {}
_UNREAD: ContextVar[bool] = ContextVar("answer_unread", default=False)


@contextlib.contextmanager
def answer_unread() -> Iterator[None]:
    """Bot API calls made inside this block return Telegram's raw ``result`` (a dict, not a
    ``Message``) when they succeed: for callers that never read what a call returns. Failures
    raise exactly as outside it."""
    token = _UNREAD.set(True)
    try:
        yield
    finally:
        _UNREAD.reset(token)


class KeptResponsesSession(AiohttpSession):
    """An aiohttp session whose ``Response[...]`` models are built once per result type, which
    sends JSON bodies (kept keyboards as prepared once) and leaves unread answers unparsed."""

    def build_form_data(self, bot: Bot, method: TelegramMethod[Any]) -> Any:
        """The call's parameters as a JSON body (the Bot API takes ``application/json``): the
        same values aiogram puts in a form, without URL-encoding each JSON string; a kept
        keyboard goes in as prepared the first time. A call that uploads a file is the
        multipart form aiogram makes."""
        markup = getattr(method, "reply_markup", None)
        kept = isinstance(markup, Keyboard)
        files: dict[str, Any] = {}
        body: dict[str, Any] = {}
        for key, value in method.model_dump(
                warnings=False, exclude={"reply_markup"} if kept else None).items():
            value = self.prepare_value(value, bot=bot, files=files, _dumps_json=False)
            if value is not None and value != "":
                body[key] = value
        if files:
            return super().build_form_data(bot, method)
        if kept:
            body["reply_markup"] = markup.api_value(  # type: ignore[union-attr]
                lambda keyboard: self.prepare_value(keyboard, bot=bot, files=files,
                                                    _dumps_json=False))
        return BytesPayload(self.json_dumps(body).encode(), content_type="application/json")

    def check_response(self, bot: Bot, method: TelegramMethod[Any], status_code: int,
                       content: str) -> Response[Any]:
        if _UNREAD.get() and HTTPStatus.OK <= status_code <= HTTPStatus.IM_USED:
            try:
                answer = self.json_loads(content)
            except ValueError:
                answer = None
            if isinstance(answer, dict) and answer.get("ok") is True:
                return Response.model_construct(ok=True, result=answer.get("result"))
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
