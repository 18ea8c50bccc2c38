"""The last router: anything no other handler took still gets a short hint and the menu."""

from __future__ import annotations

from aiogram import Router
from aiogram.types import CallbackQuery, Message

from bot.customer import keyboards
from bot.i18n import Tr

router = Router(name="customer-fallback")


@router.message()
async def unknown_message(message: Message, t: Tr) -> None:
    key = "hint-unknown-command" if (message.text or "").startswith("/") else "hint-free-text"
    await message.answer(t(key), reply_markup=keyboards.main_menu(t))


@router.callback_query()
async def stale_button(query: CallbackQuery, t: Tr) -> None:
    """A button from an old message (or forged data): say so and offer the menu."""
    await query.answer(t("button-expired"), show_alert=False)
    await query.bot.send_message(query.from_user.id, t("menu-title-short"),  # type: ignore[union-attr]
                                 reply_markup=keyboards.main_menu(t))
