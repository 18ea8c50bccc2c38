"""Showing a screen in either bot: edit the message a button belongs to, or answer a typed message.

A message sent with protected content shows a secret and is deleted on a schedule; it is never
turned into another screen (the screen would vanish with it): the screen comes as a new message.

What Telegram answers to a screen is never read back, so it is not parsed (``answer_unread``)."""

from __future__ import annotations

import logging

from aiogram.exceptions import TelegramBadRequest
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message

from bot.factory import answer_unread

log = logging.getLogger(__name__)


async def show(event: Message | CallbackQuery, text: str,
               markup: InlineKeyboardMarkup | None = None, *, notice: str | None = None,
               answered: bool = False) -> None:
    """Every button press is answered (``notice`` as a short toast; ``answered`` when the
    handler already did, to say it is working on it); every message replied to."""
    with answer_unread():
        await _show(event, text, markup, notice=notice, answered=answered)


async def _show(event: Message | CallbackQuery, text: str, markup: InlineKeyboardMarkup | None,
                *, notice: str | None, answered: bool) -> None:
    if isinstance(event, Message):
        await event.answer(text, reply_markup=markup)
        return
    if not answered:
        await event.answer(notice)
    message = event.message
    if (isinstance(message, Message) and message.text is not None
            and not message.has_protected_content):
        try:
            await message.edit_text(text, reply_markup=markup)
            return
        except TelegramBadRequest as exc:
            if "not modified" in exc.message:
                return
            log.info("could not edit message %s (%s); sending a new one",
                     message.message_id, exc.message)
    await event.bot.send_message(event.from_user.id, text, reply_markup=markup)  # type: ignore[union-attr]


def chat_id(event: Message | CallbackQuery) -> int:
    return event.from_user.id if event.from_user else 0  # type: ignore[union-attr]
