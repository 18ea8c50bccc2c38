"""One place where errors become answers: a domain error → its localized text; anything else →
an apology to the customer, an alert to staff through the outbox, and a log line with the id."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
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
ALERT_WINDOW_S = 300.0


class AlertGate:
    """One staff alert per kind of failure per window: a storm of the same crash (forged
    buttons, a store outage) is one alert, and the next one says how many were held back."""

    def __init__(self, window_s: float = ALERT_WINDOW_S,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self._window = window_s
        self._clock = clock
        self._last: dict[str, tuple[float, int]] = {}  # kind -> (last alert at, held back)

    def admit(self, kind: str) -> int | None:
        """None: hold this one back; else the number held back since the last alert."""
        now = self._clock()
        last = self._last.get(kind)
        if last is not None and now - last[0] < self._window:
            self._last[kind] = (last[0], last[1] + 1)
            return None
        self._last[kind] = (now, 0)
        if len(self._last) > 1000:
            self._last = {kind: (now, 0)}
        return last[1] if last is not None else 0


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


def build_error_router(bot_name: str, gate: AlertGate | None = None) -> Router:
    router = Router(name=f"{bot_name}-errors")
    alerts = gate or AlertGate()

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
        try:
            await _reply(event, t("error-unexpected"))
        finally:
            kind = type(event.exception).__name__
            held_back = alerts.admit(kind)
            if held_back is not None:
                sender = _sender(event.update)
                params = {"bot": bot_name, "update": update_id,
                          "user": getattr(sender, "id", 0), "error": kind}
                template = "staff-bot-error"
                if held_back:
                    template, params = "staff-bot-error-repeated", {**params,
                                                                    "count": held_back}
                await outbox.alert_staff(key=f"crash:{bot_name}:{update_id}",
                                         template=template, params=params)

    return router
