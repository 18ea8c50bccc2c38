"""Two-admin approvals: Approve / Reject on the alert; nobody approves their own request."""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, Message

from bot.admin import keyboards
from bot.admin.callbacks import Approve
from bot.admin.gate import ADMIN
from bot.admin.screens import show
from bot.admin.stars import finish_refund
from bot.i18n import Tr
from core.models import User
from core.services.approvals import ApprovalService
from core.services.payments import PaymentsService

router = Router(name="admin-approvals")


@router.message(Command("approvals"), flags=ADMIN)
async def pending(message: Message, t: Tr, approvals: ApprovalService) -> None:
    waiting = await approvals.pending()
    lines = [t("admin-approval-line", id=a.id, kind=a.kind, target=a.target,
               amount=t.money(a.amount), by=str(a.requested_by)) for a in waiting]
    await message.answer(t("admin-approvals-title") + "\n\n" +
                         ("\n".join(lines) or t("admin-list-empty")),
                         reply_markup=keyboards.approvals(t, [a.id for a in waiting]))


@router.callback_query(Approve.filter(F.action == "yes"), flags=ADMIN)
async def approve(query: CallbackQuery, callback_data: Approve, t: Tr, user: User, actor: str,
                  approvals: ApprovalService, payments: PaymentsService,
                  customer_bot: Bot | None = None) -> None:
    outcome = await approvals.approve(callback_data.id, staff_id=user.telegram_id)
    text = t("admin-approved", id=callback_data.id)
    if outcome.refund is not None:
        result = await finish_refund(outcome.refund, payments, customer_bot, actor=actor)
        text += "\n" + t(f"admin-topup-refund-{result.value}")
    await show(query, text, keyboards.only_home(t), notice=t("admin-approved-short"))


@router.callback_query(Approve.filter(F.action == "no"), flags=ADMIN)
async def reject(query: CallbackQuery, callback_data: Approve, t: Tr, user: User,
                 approvals: ApprovalService) -> None:
    await approvals.reject(callback_data.id, staff_id=user.telegram_id)
    await show(query, t("admin-rejected", id=callback_data.id), keyboards.only_home(t),
               notice=t("admin-rejected-short"))
