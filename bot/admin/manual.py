"""Bank transfers reported by customers: view the screenshot, approve (credited once) or
reject; the customer is told either way."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.types import BufferedInputFile, CallbackQuery, Message

from bot.admin import keyboards
from bot.admin.callbacks import Manual
from bot.admin.gate import ADMIN, SUPPORT
from bot.i18n import Tr
from core.models import User
from core.services.manual_payments import ManualPaymentService

router = Router(name="admin-manual-payments")


@router.message(Command("transfers"), flags=SUPPORT)
async def pending(message: Message, t: Tr, manual_payments: ManualPaymentService) -> None:
    waiting = await manual_payments.pending()
    lines = [t("admin-transfer-line", id=p.id, user=str(p.user_id), amount=t.money(p.amount),
               at=t.datetime(p.created_at)) for p in waiting]
    await message.answer(t("admin-transfers-title") + "\n\n" +
                         ("\n".join(lines) or t("admin-list-empty")),
                         reply_markup=keyboards.transfers(t, [p.id for p in waiting]))


@router.callback_query(Manual.filter(F.action == "view"), flags=SUPPORT)
async def view(query: CallbackQuery, callback_data: Manual, t: Tr,
               manual_payments: ManualPaymentService) -> None:
    payment = await manual_payments.get(callback_data.id)
    await query.answer()
    await query.bot.send_photo(  # type: ignore[union-attr]
        query.from_user.id, BufferedInputFile(payment.screenshot, f"{payment.id}.jpg"),
        caption=t("admin-transfer", id=payment.id, user=str(payment.user_id),
                  amount=t.money(payment.amount), status=payment.status.value),
        reply_markup=keyboards.manual_payment(t, payment.id)
        if payment.status.value == "pending" else None)


@router.callback_query(Manual.filter(F.action == "yes"), flags=ADMIN)
async def approve(query: CallbackQuery, callback_data: Manual, t: Tr, user: User,
                  manual_payments: ManualPaymentService) -> None:
    payment = await manual_payments.approve(callback_data.id, staff_id=user.telegram_id)
    await query.answer(t("admin-transfer-approved", amount=t.money(payment.amount)),
                       show_alert=True)


@router.callback_query(Manual.filter(F.action == "no"), flags=ADMIN)
async def reject(query: CallbackQuery, callback_data: Manual, t: Tr, user: User,
                 manual_payments: ManualPaymentService) -> None:
    payment = await manual_payments.reject(callback_data.id, staff_id=user.telegram_id,
                                           reason=t("admin-transfer-not-found"))
    await query.answer(t("admin-transfer-rejected", amount=t.money(payment.amount)),
                       show_alert=True)
