"""One place where errors become answers: a domain error → its localized text; anything else →
an apology to the customer, an alert to staff through the outbox, and a log line with the id."""

from __future__ import annotations

import logging
from typing import Any

from aiogram import Router
from aiogram.exceptions import TelegramBadRequest
from aiogram.filters import ExceptionTypeFilter
from aiogram.types import ErrorEvent, Update

from bot.i18n import Tr
from core.config import Settings
from core.errors import DomainError
from core.i18n import Translator
from core.money import format_amount
from core.services.notify import OutboxService

log = logging.getLogger(__name__)
MONEY_PARAMS = {"amount", "min", "max", "balance", "shortfall", "price", "total"}


def _tr(event: ErrorEvent, data: dict[str, Any], translator: Translator,
        settings: Settings) -> Tr:
    t = data.get("t")
    if isinstance(t, Tr):
        return t
    user = _sender(event.update)
    lang = (getattr(user, "language_code", None) or "en").split("-")[0]
    return Tr(translator, lang, settings.currency)


def _sender(update: Update) -> Any:
    for kind in ("message", "callback_query", "pre_checkout_query"):
        event = getattr(update, kind)
        if event is not None:
            return event.from_user
    return None


def render_error(t: Tr, error: DomainError) -> str:
    params: dict[str, Any] = {}
    for name, value in error.params.items():
        if name in MONEY_PARAMS and isinstance(value, int) and not isinstance(value, bool):
            params[name] = format_amount(value, str(error.params.get("currency") or t.currency))
        elif isinstance(value, str | int):
            params[name] = value
    text = t(f"error-{error.code}", **params)
    return text if text != f"error-{error.code}" else t("error-domain")


async def _reply(event: ErrorEvent, text: str) -> None:
    update = event.update
    if update.callback_query is not None:
        query = update.callback_query
        try:
            await query.answer(text[:200], show_alert=True)
        except TelegramBadRequest:  # already answered before the error: say it in the chat
            await query.bot.send_message(query.from_user.id, text)  # type: ignore[union-attr]
    elif update.message is not None:
        await update.message.answer(text)
    elif update.pre_checkout_query is not None:
        await update.pre_checkout_query.answer(ok=False, error_message=text[:255])


class Apologised:
    """Update ids that already got an apology (bounded), so an update hears it at most once."""

    def __init__(self, keep: int = 10_000) -> None:
        self._keep = keep
        self._ids: dict[int, None] = {}

    def first(self, update_id: int) -> bool:
        if update_id in self._ids:
            return False
        self._ids[update_id] = None
        if len(self._ids) > self._keep:
            del self._ids[next(iter(self._ids))]
        return True


def build_error_router(bot_name: str) -> Router:
    router = Router(name=f"{bot_name}-errors")
    apologised = Apologised()

    @router.errors(ExceptionTypeFilter(DomainError))
    async def domain_error(event: ErrorEvent, settings: Settings, translator: Translator,
                           **data: Any) -> None:
        error = event.exception
        assert isinstance(error, DomainError)
        log.info("update %s: %s", event.update.update_id, error.code)
        await _reply(event, render_error(_tr(event, data, translator, settings), error))

    @router.errors()
    async def unexpected(event: ErrorEvent, settings: Settings, translator: Translator,
                         outbox: OutboxService, **data: Any) -> None:
        update_id = event.update.update_id
        log.error("update %s failed in the %s bot: %s", update_id, bot_name,
                  type(event.exception).__name__, exc_info=event.exception)
        t = _tr(event, data, translator, settings)
        error = type(event.exception).__name__
        try:
            if apologised.first(update_id):  # paced and retried like any reply (bot.pacing)
                await _reply(event, t("error-unexpected"))
        finally:
            sender = _sender(event.update)
            await outbox.fold_staff_alert(
                cause=f"crash:{bot_name}:{error}", template="staff-bot-errors",
                params={"bot": bot_name, "update": update_id,
                        "user": getattr(sender, "id", 0), "error": error})

    return router
