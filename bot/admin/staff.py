"""Staff: list, add (``/staff ID admin|support``), change a role or remove (admins only)."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command, CommandObject
from aiogram.types import CallbackQuery, Message

from bot.admin import keyboards
from bot.admin.callbacks import Nav, StaffAct
from bot.admin.gate import ADMIN
from bot.admin.screens import show
from bot.i18n import Tr
from core.models import Role, User
from core.services.staff import StaffService

router = Router(name="admin-staff")


async def _list(event: Message | CallbackQuery, t: Tr, staff: StaffService,
                notice: str | None = None) -> None:
    members = await staff.members()
    await show(event, t("admin-staff-title", count=len(members)),
               keyboards.staff_list(t, members), notice=notice)


@router.message(Command("staff"), flags=ADMIN)
async def staff_command(message: Message, command: CommandObject, t: Tr, user: User,
                        staff: StaffService) -> None:
    args = (command.args or "").split()
    if not args:
        await _list(message, t, staff)
        return
    if len(args) != 2 or not args[0].isdigit() or args[1] not in ("admin", "support", "remove"):
        await message.answer(t("admin-staff-usage"))
        return
    role = Role.CUSTOMER if args[1] == "remove" else Role(args[1])
    member = await staff.set_role(int(args[0]), role, actor_id=user.telegram_id)
    await message.answer(t("admin-staff-set", id=str(member.telegram_id),
                           role=t(f"admin-role-{member.role.value}")))


@router.callback_query(Nav.filter(F.to == "staff"), flags=ADMIN)
async def staff_list(query: CallbackQuery, t: Tr, staff: StaffService) -> None:
    await _list(query, t, staff)


@router.callback_query(StaffAct.filter(F.action == "pick"), flags=ADMIN)
async def staff_pick(query: CallbackQuery, callback_data: StaffAct, t: Tr,
                     staff: StaffService) -> None:
    member = next((m for m in await staff.members() if m.telegram_id == callback_data.id), None)
    if member is None:
        await _list(query, t, staff, notice=t("admin-staff-gone"))
        return
    await show(query, t("admin-staff-member", name=member.display_name, id=str(member.telegram_id),
                        role=t(f"admin-role-{member.role.value}")),
               keyboards.staff_member(t, member))


@router.callback_query(StaffAct.filter(F.action == "set"), flags=ADMIN)
async def staff_set(query: CallbackQuery, callback_data: StaffAct, t: Tr, user: User,
                    staff: StaffService) -> None:
    role = Role(callback_data.role) if callback_data.role in Role.__members__.values() \
        else Role.CUSTOMER
    member = await staff.set_role(callback_data.id, role, actor_id=user.telegram_id)
    await _list(query, t, staff, notice=t("admin-staff-set", id=str(member.telegram_id),
                                          role=t(f"admin-role-{member.role.value}")))
