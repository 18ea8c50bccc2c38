"""The staff gate of the admin bot.

``StaffGate`` is an outer middleware on every update, before any router: someone who is not
staff gets one short refusal (a toast for a button, a message at most once per window) and an
audit entry at most once per window (with the count of refused updates since), and nothing else
happens — no handler runs, whatever the text or callback data. Staff get ``user``, ``role``,
``actor`` and ``t`` in the handler data.

``RoleGate`` is an inner middleware on messages and button presses: each handler declares the
least role it needs with ``flags=SUPPORT`` or ``flags=ADMIN``; a handler without the flag needs
``admin``. Support pressing an admin-only button is refused and audited the same way.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.dispatcher.flags import get_flag
from aiogram.types import CallbackQuery, Message, TelegramObject, Update
from aiogram.types import User as TgUser

from bot.i18n import Tr
from core.i18n import Translator
from core.models import Role
from core.services.audit import AuditService
from core.services.staff import StaffService, actor_of

log = logging.getLogger(__name__)
Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]

SUPPORT: dict[str, Any] = {"role": Role.SUPPORT.value}
ADMIN: dict[str, Any] = {"role": Role.ADMIN.value}
REFUSAL_WINDOW_S = 600.0


def _kind(update: Update) -> str:
    for kind in ("message", "callback_query", "edited_message", "inline_query",
                 "pre_checkout_query", "my_chat_member"):
        if getattr(update, kind) is not None:
            return kind
    return "other"


class _Window:
    """Per-user "at most once per window" with a count of what was held back."""

    def __init__(self, seconds: float, capacity: int = 50_000) -> None:
        self._seconds = seconds
        self._capacity = capacity
        self._last: dict[int, tuple[float, int]] = {}

    def take(self, user_id: int) -> tuple[bool, int]:
        """(allowed now, how many were held back before this one)."""
        now = time.monotonic()
        last, held = self._last.get(user_id, (-1e18, 0))
        if now - last >= self._seconds:
            if len(self._last) >= self._capacity:
                self._last.clear()
            self._last[user_id] = (now, 0)
            return True, held
        self._last[user_id] = (last, held + 1)
        return False, held


class StaffGate(BaseMiddleware):
    def __init__(self, staff: StaffService, audit: AuditService, translator: Translator,
                 currency: str, *, window_s: float = REFUSAL_WINDOW_S) -> None:
        self._staff = staff
        self._audit = audit
        self._translator = translator
        self._currency = currency
        self._messages = _Window(window_s)
        self._audits = _Window(window_s)

    async def __call__(self, handler: Handler, event: TelegramObject,
                       data: dict[str, Any]) -> Any:
        if not isinstance(event, Update):
            return await handler(event, data)
        tg: TgUser | None = data.get("event_from_user")
        if tg is None or tg.is_bot:
            return None  # channel posts and the like: the admin bot has nothing for them
        user = await self._staff.member(tg.id)
        if user is None:
            await self._refuse(event, tg)
            return None
        data["user"] = user
        data["role"] = user.role
        data["actor"] = actor_of(tg.id)
        data["t"] = Tr(self._translator, user.language, self._currency)
        return await handler(event, data)

    async def _refuse(self, update: Update, tg: TgUser) -> None:
        language = (tg.language_code or "en").split("-")[0]
        text = self._translator.text(language, "admin-not-staff")
        if update.callback_query is not None:
            await update.callback_query.answer(text, show_alert=False)
        elif update.message is not None:
            allowed, _ = self._messages.take(tg.id)
            if allowed:
                await update.message.answer(text)
        allowed, held = self._audits.take(tg.id)
        if allowed:
            await self._audit.record(actor=f"tg:{tg.id}", action="admin.refused",
                                     target=_kind(update),
                                     details={"held_back": held})
        log.info("admin bot refused update %s from non-staff user=%s", update.update_id, tg.id)


class RoleGate(BaseMiddleware):
    """Inner middleware: the handler's ``role`` flag against the staff member's role."""

    def __init__(self, audit: AuditService, *, window_s: float = REFUSAL_WINDOW_S) -> None:
        self._audit = audit
        self._audits = _Window(window_s)

    async def __call__(self, handler: Handler, event: TelegramObject,
                       data: dict[str, Any]) -> Any:
        needed = Role(get_flag(data, "role", default=Role.ADMIN.value))
        role: Role | None = data.get("role")
        if role is not None and role.rank >= needed.rank:
            return await handler(event, data)
        t: Tr = data["t"]
        text = t("admin-admins-only")
        if isinstance(event, CallbackQuery):
            await event.answer(text, show_alert=True)
        elif isinstance(event, Message):
            await event.answer(text)
        user_id = getattr(getattr(event, "from_user", None), "id", 0)
        allowed, held = self._audits.take(user_id)
        if allowed:
            await self._audit.record(actor=actor_of(user_id), action="admin.denied",
                                     target=getattr(data.get("handler"), "callback",
                                                    handler).__name__,
                                     details={"role": role.value if role else "none",
                                              "needed": needed.value, "held_back": held})
        return None
