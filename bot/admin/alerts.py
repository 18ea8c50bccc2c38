"""/alerts: each staff member mutes or unmutes kinds of staff alert for themselves."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, Message

from bot.admin import keyboards
from bot.admin.callbacks import Mute, Nav
from bot.admin.gate import SUPPORT
from bot.admin.screens import show
from bot.i18n import Tr
from core.models import User
from core.services.staff import StaffService

router = Router(name="admin-alerts")


@router.message(Command("alerts"), flags=SUPPORT)
@router.callback_query(Nav.filter(F.to == "alerts"), flags=SUPPORT)
async def alerts(event: Message | CallbackQuery, t: Tr, user: User, staff: StaffService) -> None:
    muted = await staff.mutes(user.telegram_id)
    await show(event, t("admin-alerts-title", group=str(staff.alert_chat_id or "—")),
               keyboards.alert_kinds(t, muted))


@router.callback_query(Mute.filter(), flags=SUPPORT)
async def toggle(query: CallbackQuery, callback_data: Mute, t: Tr, user: User,
                 staff: StaffService) -> None:
    muted = await staff.mutes(user.telegram_id)
    now = await staff.set_muted(user.telegram_id, callback_data.kind,
                                callback_data.kind not in muted)
    await show(query, t("admin-alerts-title", group=str(staff.alert_chat_id or "—")),
               keyboards.alert_kinds(t, now), notice=t("admin-product-saved"))
