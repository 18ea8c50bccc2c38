"""Inline keyboards built once and shown many times.

A keyboard whose buttons follow only from the language, the currency and a few plain values (the
main menu, "Menu", a pager, the plan list) is built once for them and kept (``Tr.kept``): every
screen that shows it gets the same read-only :class:`Keyboard`, and its Bot API value is
prepared once too. Building the main menu and turning it into JSON for each /start cost more
than the rest of the update (measured with cProfile; bench/journey.py).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from pydantic import ConfigDict, PrivateAttr


class Keyboard(InlineKeyboardMarkup):
    """An inline keyboard that is never changed once built (it may be shown to many chats)."""

    model_config = ConfigDict(frozen=True)
    _prepared: Any = PrivateAttr(default=None)

    @classmethod
    def of(cls, rows: list[list[InlineKeyboardButton]]) -> Keyboard:
        return cls(inline_keyboard=rows)

    def api_value(self, prepare: Callable[[InlineKeyboardMarkup], Any]) -> Any:
        """The keyboard as a Bot API parameter, made by ``prepare`` the first time (never
        changed afterwards: it goes into every call that shows this keyboard)."""
        if self._prepared is None:
            self._prepared = prepare(self)
        return self._prepared
