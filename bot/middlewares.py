"""Middlewares shared by the bots: load the user, bind the translator, throttle, dedupe taps."""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import CallbackQuery, Message, TelegramObject, Update
from aiogram.types import User as TgUser

from bot.i18n import Tr
from core.i18n import Translator
from core.models import User
from core.services.users import UserService

log = logging.getLogger(__name__)
Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]
# Results of the update's first store transaction (``FirstRead``), taken by their middleware.
PREFETCHED_USER = "_prefetched_user"
PREFETCHED_TURN = "_prefetched_throttle"


@dataclass(frozen=True, slots=True)
class FirstRead:
    """A middleware's store work for one update, run ahead of it inside the update's first
    store transaction (``bot.storage.DialogScope``), which leaves its result in the update's
    data; ``writes`` says whether it changes anything (else a read is enough)."""

    unit: Callable[[Any], Awaitable[None]]
    writes: bool


class UserMiddleware(BaseMiddleware):
    """Register or refresh the sender (outer, per update) and give handlers ``user`` and ``t``.

    It runs on the update itself, so the error handlers see the same ``t``: an error is
    answered in the language the customer chose, not in Telegram's app language.

    The profile write happens at most once a minute per user: last-seen needs no more, and a
    chat of quick taps should not queue a write for each.
    """

    def __init__(self, users: UserService, translator: Translator, currency: str,
                 refresh_s: float = 60) -> None:
        self._users = users
        self._translator = translator
        self._currency = currency
        self._refresh_s = refresh_s
        self._seen: dict[int, float] = {}

    async def __call__(self, handler: Handler, event: TelegramObject,
                       data: dict[str, Any]) -> Any:
        tg = self._customer(event, data)
        if tg is None:
            return await handler(event, data)
        user = data.pop(PREFETCHED_USER, None) or await self._load(tg)
        data["user"] = user
        data["t"] = Tr(self._translator, user.language, self._currency)
        return await handler(event, data)

    @staticmethod
    def _customer(event: TelegramObject, data: dict[str, Any]) -> TgUser | None:
        tg: TgUser | None = data.get("event_from_user")
        if tg is None or tg.is_bot or (isinstance(event, Update) and not _from_customer(event)):
            return None
        return tg

    def _refresh_due(self, tg: TgUser) -> bool:
        """Whether this update writes the profile (first contact, or a minute since the last
        write); if so, the minute starts now."""
        now = time.monotonic()
        if now - self._seen.get(tg.id, -1e9) < self._refresh_s:
            return False
        self._seen[tg.id] = now
        if len(self._seen) > 100_000:
            self._seen.clear()
        return True

    def _register(self, tx: Any, tg: TgUser) -> Awaitable[User]:
        return self._users.register_in(
            tx, tg.id, first_name=tg.first_name or "", last_name=tg.last_name or "",
            username=tg.username or "", language_code=tg.language_code)

    def prefetch(self, event: TelegramObject, data: dict[str, Any]) -> FirstRead | None:
        """The user's profile (read, or written when due) in the update's first transaction.
        A profile not found by a read is left to :meth:`_load` (which registers it)."""
        tg = self._customer(event, data)
        if tg is None:
            return None
        refresh = self._refresh_due(tg)

        async def unit(tx: Any) -> None:
            user = await (self._register(tx, tg) if refresh else self._users.find_in(tx, tg.id))
            if user is not None:
                data[PREFETCHED_USER] = user

        return FirstRead(unit, writes=refresh)

    async def _load(self, tg: TgUser) -> User:
        if not self._refresh_due(tg):
            user = await self._users.find(tg.id)
            if user is not None:
                return user
        return await self._users.register(
            tg.id, first_name=tg.first_name or "", last_name=tg.last_name or "",
            username=tg.username or "", language_code=tg.language_code)


class ThrottleMiddleware(BaseMiddleware):
    """Per-user anti-flood: a token bucket of ``burst`` updates refilled at ``rate`` per second.

    An update over the limit is not handled; the user hears "slow down" once per window (a
    button press always gets its answerCallbackQuery so the spinner stops), in the language the
    customer chose. Payments are never throttled: a ``successful_payment`` is money already
    taken and a pre-checkout query must be answered within seconds.
    """

    def __init__(self, rate: float = 3.0, burst: int = 8) -> None:
        self._rate = rate
        self._burst = float(burst)
        self._buckets: dict[int, tuple[float, float, bool]] = {}

    def allow(self, user_id: int) -> tuple[bool, bool]:
        """(allowed, should_warn)."""
        now = time.monotonic()
        tokens, last, warned = self._buckets.get(user_id, (self._burst, now, False))
        tokens = min(self._burst, tokens + (now - last) * self._rate)
        if tokens >= 1:
            self._buckets[user_id] = (tokens - 1, now, False)
            return True, False
        self._buckets[user_id] = (tokens, now, True)
        return False, not warned

    async def take(self, user_id: int) -> tuple[bool, bool]:
        """(allowed, should_warn) for one update; buckets in this process by default."""
        return self.allow(user_id)

    async def __call__(self, handler: Handler, event: TelegramObject,
                       data: dict[str, Any]) -> Any:
        tg = self._counted(event, data)
        if tg is None:
            return await handler(event, data)
        taken = self._prefetched(tg.id, data)
        allowed, warn = taken if taken is not None else await self.take(tg.id)
        if allowed:
            return await handler(event, data)
        log.info("throttled update %s from user=%s", event.update_id, tg.id)
        if event.callback_query is None and not warn:
            return None
        translator: Translator = data["translator"]
        text = translator.text(await _language(tg, data), "flood-slow-down")
        if event.callback_query is not None:
            await event.callback_query.answer(text)
        elif warn and event.message is not None:
            await event.message.answer(text)
        return None


    def _prefetched(self, user_id: int, data: dict[str, Any]) -> tuple[bool, bool] | None:
        """(allowed, should_warn) taken for this update ahead of it, if it was."""
        return data.pop(PREFETCHED_TURN, None)

    @staticmethod
    def _counted(event: TelegramObject, data: dict[str, Any]) -> TgUser | None:
        """The sender whose bucket this update takes from (None: not counted)."""
        tg: TgUser | None = data.get("event_from_user")
        if tg is None or not isinstance(event, Update) or _is_payment(event):
            return None
        return tg


def _from_customer(update: Update) -> bool:
    """Updates a customer makes (not membership changes and the like)."""
    return (update.message is not None or update.callback_query is not None
            or update.pre_checkout_query is not None)


def _is_payment(update: Update) -> bool:
    message = update.message
    return update.pre_checkout_query is not None or (
        message is not None and message.successful_payment is not None)


async def _language(tg: TgUser, data: dict[str, Any]) -> str:
    """The language the customer chose (their profile), else Telegram's app language."""
    users = data.get("users")
    if users is not None:
        try:
            user = await users.find(tg.id)
        except Exception:  # a throttle notice must not fail on a store hiccup
            user = None
        if user is not None and user.language:
            return str(user.language)
    return (tg.language_code or "en").split("-")[0]


class DoubleTapMiddleware(BaseMiddleware):
    """A second tap of a button while the first tap of it is still being handled is answered
    and dropped, so a double tap acts once; what must stay once-only after that (a purchase) is
    protected by the service's own idempotency key carried in the button."""

    def __init__(self) -> None:
        self._in_flight: set[tuple[int, int, str]] = set()

    async def __call__(self, handler: Handler, event: TelegramObject,
                       data: dict[str, Any]) -> Any:
        if not isinstance(event, CallbackQuery) or not event.data:
            return await handler(event, data)
        message_id = event.message.message_id if event.message else 0
        key = (event.from_user.id, message_id, event.data)
        if key in self._in_flight:
            t: Tr | None = data.get("t")
            await event.answer(t("tap-once") if t else None)
            return None
        self._in_flight.add(key)
        try:
            return await handler(event, data)
        finally:
            self._in_flight.discard(key)


class LeaveDialogMiddleware(BaseMiddleware):
    """Every command and every menu button leaves an open dialog (amount, coupon, support), so
    text typed later is never taken as an answer to a question the customer walked away from.
    The dialog's data (coupons shown on confirm screens) is kept."""

    async def __call__(self, handler: Handler, event: TelegramObject,
                       data: dict[str, Any]) -> Any:
        state = data.get("state")
        if state is not None and _leaves_dialog(event) and await state.get_state() is not None:
            await state.set_state(None)
        return await handler(event, data)


def _leaves_dialog(event: TelegramObject) -> bool:
    if isinstance(event, Message):
        return (event.text or "").startswith("/")
    if isinstance(event, CallbackQuery):
        return (event.data or "").startswith("m:")
    return False
