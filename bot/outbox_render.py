"""Turning an outbox message into what goes to Telegram: text parts, parse mode, keyboard.

The text is ``translator.text(language, template, **params)`` in the recipient's language. With
``parse_mode`` HTML (the default) string params are HTML-escaped first: they carry names,
support texts and other values that must show as typed, never as markup; the markup belongs in
the templates. Params are otherwise passed as they are (callers put display strings, such as
formatted amounts, in them); string params of any length work (Fluent alone refuses more than
2,500 characters in one placeable). Long text is split into parts (:mod:`bot.text`).

Options read from ``message.options``: ``parse_mode`` (default ``"HTML"``; ``None`` or ``""``
for plain text), ``protect_content`` and ``disable_notification`` (bools), and ``reply_markup``:
an inline keyboard as a list of rows (or ``{"inline_keyboard": rows}``) of buttons
``{"text_key": locale key | "text": literal, "callback_data": ... | "url": ...}``. A button's
``text_key`` is rendered in the same language with the message's params (unescaped: button
labels are plain text). The keyboard goes on the last part only.

A param named ``<name>_key`` holds a locale key (say ``reason_key: "error-out-of-stock"``): it is
rendered in the recipient's language into the param ``<name>`` (``error-domain`` when the key has
no text), so core code can name a reason without knowing the language.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from typing import Any

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.text import split_message
from core.clock import from_iso
from core.i18n import Translator
from core.models import OutboxMessage

DEFAULT_PARSE_MODE = "HTML"
_ACTIONS = ("callback_data", "url")


class RenderError(ValueError):
    """The message cannot be turned into a Telegram message (a bug in whoever queued it)."""


@dataclass(frozen=True)
class Rendered:
    parts: list[str]
    parse_mode: str | None
    markup: InlineKeyboardMarkup | None = None
    flags: dict[str, bool] = field(default_factory=dict)  # protect_content, disable_notification


def _is_html(parse_mode: str | None) -> bool:
    return bool(parse_mode) and str(parse_mode).lower() == "html"


def _escaped(params: dict[str, Any]) -> dict[str, Any]:
    return {k: html.escape(v) if isinstance(v, str) else v for k, v in params.items()}


def _button(spec: Any, language: str, translator: Translator,
            params: dict[str, Any]) -> InlineKeyboardButton:
    if not isinstance(spec, dict):
        raise RenderError("a keyboard button must be an object")
    if "text_key" in spec:
        text = translator.text(language, str(spec["text_key"]), **params)
    else:
        text = spec.get("text")
    actions = {key: spec[key] for key in _ACTIONS if spec.get(key)}
    if not isinstance(text, str) or not text.strip() or len(actions) != 1:
        raise RenderError("a keyboard button needs a text and one of callback_data or url")
    return InlineKeyboardButton(text=text, **actions)


def keyboard(spec: Any, language: str, translator: Translator,
             params: dict[str, Any]) -> InlineKeyboardMarkup | None:
    """The inline keyboard described by ``spec`` (see the module docstring), or None."""
    if not spec:
        return None
    rows = spec.get("inline_keyboard") if isinstance(spec, dict) else spec
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise RenderError("reply_markup must be a list of rows of buttons")
    built = [[_button(b, language, translator, params) for b in row] for row in rows]
    return InlineKeyboardMarkup(inline_keyboard=built)


def _readable(params: dict[str, Any]) -> dict[str, Any]:
    """Moments (``*_at`` params, stored as ISO 8601) as a person reads them: 2027-01-31 14:05
    UTC, not 2027-01-31T14:05:00.000Z."""
    shown = dict(params)
    for name, value in params.items():
        if name.endswith("_at") and isinstance(value, str):
            try:
                shown[name] = from_iso(value).strftime("%Y-%m-%d %H:%M UTC")
            except ValueError:
                continue
    return shown


def _translated(params: dict[str, Any], language: str, translator: Translator
                ) -> dict[str, Any]:
    """``<name>_key`` params rendered into ``<name>`` in ``language``."""
    shown = dict(params)
    for name, value in params.items():
        if name.endswith("_key") and isinstance(value, str):
            key = value if translator.has(value, language) or translator.has(value) \
                else "error-domain"
            shown[name.removesuffix("_key")] = translator.text(language, key)
    return shown


def render_message(message: OutboxMessage, language: str, translator: Translator) -> Rendered:
    options = message.options
    parse_mode = options.get("parse_mode", DEFAULT_PARSE_MODE) or None
    readable = _translated(_readable(message.params), language, translator)
    params = _escaped(readable) if _is_html(parse_mode) else readable
    text = translator.text(language, message.template, **params)
    parts = split_message(text, parse_mode)
    if not parts:
        raise RenderError(f"template {message.template} renders no text")
    flags = {name: bool(options[name]) for name in ("protect_content", "disable_notification")
             if name in options}
    markup = keyboard(options.get("reply_markup"), language, translator, message.params)
    return Rendered(parts, parse_mode, markup, flags)
