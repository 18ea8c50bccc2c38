"""Per-update translation: ``t(<locale key>, **params)`` in the user's language, plus formats.

Every user-facing sentence comes from ``locales/``; handlers only pick keys and pass values.
Values are HTML-escaped here, because every bot message is sent with parse_mode HTML.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Hashable
from datetime import datetime
from typing import Any, TypeVar
from weakref import WeakKeyDictionary

from core.i18n import Translator
from core.money import format_amount

T = TypeVar("T")
KEPT_MAX = 4096  # kept renderings per translator; all are dropped when it is full
# What ``Tr.kept`` built, per translator (its texts never change once loaded).
_KEPT: WeakKeyDictionary[Translator, dict[tuple[Hashable, ...], Any]] = WeakKeyDictionary()


class Tr:
    """A translator bound to one language and the shop currency."""

    def __init__(self, translator: Translator, language: str, currency: str) -> None:
        self._translator = translator
        self.language = language
        self.currency = currency

    def __call__(self, key: str, /, **params: Any) -> str:
        safe = {k: html.escape(v) if isinstance(v, str) else v for k, v in params.items()}
        return self._translator.text(self.language, key, **safe)

    def raw(self, key: str, /, **params: Any) -> str:
        """For values that are already safe HTML (rendered fragments)."""
        return self._translator.text(self.language, key, **params)

    def kept(self, key: tuple[Hashable, ...], build: Callable[[], T]) -> T:
        """What ``build`` makes from this language's texts and ``key`` (plain values it depends
        on, and nothing else), built once per translator, language and currency and then
        shared: it must never be changed (a keyboard kept here is a read-only ``Keyboard``)."""
        memo = _KEPT.get(self._translator)
        if memo is None:
            memo = _KEPT[self._translator] = {}
        full = (self.language, self.currency, *key)
        found = memo.get(full)
        if found is None:
            if len(memo) >= KEPT_MAX:
                memo.clear()
            found = memo[full] = build()
        return found  # type: ignore[no-any-return]

    def money(self, minor: int, currency: str | None = None) -> str:
        return format_amount(minor, currency or self.currency)

    def duration(self, seconds: int) -> str:
        """``6 s``, ``2 min``, ``1 min 30 s``, ``1 h 5 min``: the real length, never rounded up
        to a unit that promises more time than there is."""
        seconds = max(0, int(seconds))
        if seconds < 60:
            return self("duration-s", n=seconds)
        if seconds < 3600:
            minutes, rest = divmod(seconds, 60)
            parts = [self("duration-m", n=minutes)]
            if rest:
                parts.append(self("duration-s", n=rest))
            return " ".join(parts)
        hours, rest = divmod(seconds, 3600)
        parts = [self("duration-h", n=hours)]
        if rest // 60:
            parts.append(self("duration-m", n=rest // 60))
        return " ".join(parts)

    @staticmethod
    def date(moment: datetime) -> str:
        return moment.strftime("%Y-%m-%d")

    @staticmethod
    def datetime(moment: datetime) -> str:
        return moment.strftime("%Y-%m-%d %H:%M UTC")
