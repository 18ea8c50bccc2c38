"""Top-ups: look one up (``/topup ID``) and refund it to where it came from; Stars refunds
are made here with ``refundStarPayment``; large refunds wait for a second admin."""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.filters import Command, CommandObject
from aiogram.types import CallbackQuery, Message

from bot.admin import keyboards
from bot.admin.callbacks import TopupAct
from bot.admin.gate import ADMIN, SUPPORT
from bot.admin.screens import show
from bot.admin.stars import finish_refund
from bot.i18n import Tr
from core.models import Role, TopUp, User
from core.services.approvals import ApprovalService
from core.services.payments import PaymentsService

router = Router(name="admin-topups")


def render_topup(t: Tr, x: TopUp) -> str:
    return t("admin-topup", id=x.id, user=str(x.user_id), amount=t.money(x.amount),
             gateway=x.gateway, status=x.status.value, at=t.datetime(x.created_at),
             payment=x.payment_id or "—")


@router.message(Command("topup"), flags=SUPPORT)
async def topup_command(message: Message, command: CommandObject, t: Tr, role: Role,
                        payments: PaymentsService) -> None:
    found = await payments.find((command.args or "").strip()[:64])
    if found is None:
        await message.answer(t("admin-topup-usage"))
        return
    await message.answer(render_topup(t, found), reply_markup=keyboards.topup(t, found, role))


@router.callback_query(TopupAct.filter(F.action == "show"), flags=SUPPORT)
async def topup_show(query: CallbackQuery, callback_data: TopupAct, t: Tr, role: Role,
                     payments: PaymentsService) -> None:
    found = await payments.get(callback_data.id)
    await show(query, render_topup(t, found), keyboards.topup(t, found, role))


@router.callback_query(TopupAct.filter(F.action == "refund"), flags=ADMIN)
async def topup_refund(query: CallbackQuery, callback_data: TopupAct, t: Tr, user: User,
                       actor: str, approvals: ApprovalService, payments: PaymentsService,
                       customer_bot: Bot | None = None) -> None:
    outcome = await approvals.refund_topup(callback_data.id, staff_id=user.telegram_id)
    if outcome.waiting:
        await show(query, t("admin-approval-asked",
                            id=outcome.approval.id),  # type: ignore[union-attr]
                   keyboards.only_home(t))
        return
    assert outcome.refund is not None
    result = await finish_refund(outcome.refund, payments, customer_bot, actor=actor)
    found = await payments.get(callback_data.id)
    await show(query, t(f"admin-topup-refund-{result.value}") + "\n\n" + render_topup(t, found),
               keyboards.topup(t, found, Role.ADMIN))
