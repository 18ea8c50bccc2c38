"""Showing an admin screen: edit the message a button belongs to, or answer a typed message."""

from __future__ import annotations

import logging

from aiogram.exceptions import TelegramBadRequest
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message

log = logging.getLogger(__name__)


async def show(event: Message | CallbackQuery, text: str,
               markup: InlineKeyboardMarkup | None = None, *, notice: str | None = None) -> None:
    """Every button press is answered (``notice`` as a short toast); every message replied to."""
    if isinstance(event, Message):
        await event.answer(text, reply_markup=markup)
        return
    await event.answer(notice)
    message = event.message
    if isinstance(message, Message) and message.text is not None:
        try:
            await message.edit_text(text, reply_markup=markup)
            return
        except TelegramBadRequest as exc:
            if "not modified" in exc.message:
                return
            log.info("could not edit admin message %s (%s); sending a new one",
                     message.message_id, exc.message)
    await event.bot.send_message(event.from_user.id, text,  # type: ignore[union-attr]
                                 reply_markup=markup)
