"""Per-update translation: ``t(<locale key>, **params)`` in the user's language, plus formats.

Every user-facing sentence comes from ``locales/``; handlers only pick keys and pass values.
Values are HTML-escaped here, because every bot message is sent with parse_mode HTML.
"""

from __future__ import annotations

import html
from datetime import datetime
from typing import Any

from core.i18n import Translator
from core.money import format_amount


class Tr:
    """A translator bound to one language and the shop currency."""

    def __init__(self, translator: Translator, language: str, currency: str) -> None:
        self._translator = translator
        self.language = language
        self.currency = currency

    def __call__(self, key: str, **params: Any) -> str:
        safe = {k: html.escape(v) if isinstance(v, str) else v for k, v in params.items()}
        return self._translator.text(self.language, key, **safe)

    def raw(self, key: str, **params: Any) -> str:
        """For values that are already safe HTML (rendered fragments)."""
        return self._translator.text(self.language, key, **params)

    def money(self, minor: int, currency: str | None = None) -> str:
        return format_amount(minor, currency or self.currency)

    @staticmethod
    def date(moment: datetime) -> str:
        return moment.strftime("%Y-%m-%d")

    @staticmethod
    def datetime(moment: datetime) -> str:
        return moment.strftime("%Y-%m-%d %H:%M UTC")
