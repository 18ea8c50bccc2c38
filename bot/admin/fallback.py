"""What staff type or press that no feature handles: a pointer to /start, nothing else."""

from __future__ import annotations

from aiogram import Router
from aiogram.types import CallbackQuery, Message

from bot.admin import keyboards
from bot.admin.gate import SUPPORT
from bot.i18n import Tr

router = Router(name="admin-fallback")


@router.callback_query(flags=SUPPORT)
async def stale_button(query: CallbackQuery, t: Tr) -> None:
    await query.answer(t("admin-button-stale"), show_alert=True)


@router.message(flags=SUPPORT)
async def unknown(message: Message, t: Tr) -> None:
    await message.answer(t("admin-unknown"), reply_markup=keyboards.only_home(t))
