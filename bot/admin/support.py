"""Support tickets for staff: open one (from its alert or the open list), reply, and for a
"Report a problem" ticket replace the subscription's credential."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message

from bot.admin import keyboards
from bot.admin.callbacks import Ticket
from bot.admin.gate import ADMIN, SUPPORT
from bot.admin.screens import show
from bot.i18n import Tr
from core.models import User
from core.services.stock import StockService
from core.services.support import SupportService, TicketView

router = Router(name="admin-support")


class TicketReply(StatesGroup):
    text = State()  # data: ticket


def render_ticket(t: Tr, view: TicketView) -> str:
    ticket = view.ticket
    text = t("admin-ticket", id=ticket.id, user=str(ticket.user_id),
             at=t.datetime(ticket.created_at), status=t(f"admin-ticket-{ticket.status.value}"),
             text=ticket.text)
    if view.subscription_id:
        text += "\n" + t("admin-ticket-sub", sub=view.subscription_id)
    if view.messages:
        text += "\n\n" + "\n".join(
            t("admin-thread-staff", at=t.datetime(m.at), staff=str(m.staff_id), text=m.text)
            if m.author == "staff" else t("admin-thread-customer", at=t.datetime(m.at),
                                          text=m.text)
            for m in view.messages)
    elif ticket.reply:
        text += "\n\n" + t("admin-ticket-reply", reply=ticket.reply)
    return text


@router.callback_query(Ticket.filter(F.action == "show"), flags=SUPPORT)
async def ticket_show(query: CallbackQuery, callback_data: Ticket, t: Tr,
                      support: SupportService, state: FSMContext) -> None:
    await state.clear()
    view = await support.view(callback_data.id)
    await show(query, render_ticket(t, view), keyboards.ticket(t, view))


@router.callback_query(Ticket.filter(F.action == "reply"), flags=SUPPORT)
async def ticket_reply(query: CallbackQuery, callback_data: Ticket, t: Tr,
                       support: SupportService, state: FSMContext) -> None:
    view = await support.view(callback_data.id)
    await state.set_state(TicketReply.text)
    await state.set_data({"ticket": view.ticket.id})
    await show(query, t("admin-ticket-reply-ask", user=str(view.ticket.user_id)),
               keyboards.back_to_ticket(t, view.ticket.id))


@router.message(TicketReply.text, F.text, flags=SUPPORT)
async def ticket_reply_typed(message: Message, t: Tr, user: User, support: SupportService,
                             state: FSMContext) -> None:
    ticket_id = str((await state.get_data()).get("ticket", ""))
    await state.clear()
    view = await support.staff_reply(ticket_id, message.text or "", staff_id=user.telegram_id)
    await message.answer(t("admin-ticket-replied", id=view.ticket.id),
                         reply_markup=keyboards.back_to_ticket(t, view.ticket.id))


@router.callback_query(Ticket.filter(F.action.in_({"close", "reopen"})), flags=SUPPORT)
async def ticket_close(query: CallbackQuery, callback_data: Ticket, t: Tr, user: User,
                       support: SupportService) -> None:
    view = await support.set_closed(callback_data.id, callback_data.action == "close",
                                    staff_id=user.telegram_id)
    await show(query, render_ticket(t, view), keyboards.ticket(t, view),
               notice=t("admin-product-saved"))


@router.callback_query(Ticket.filter(F.action == "replace"), flags=ADMIN)
async def ticket_replace(query: CallbackQuery, callback_data: Ticket, t: Tr, actor: str,
                         support: SupportService, stock: StockService) -> None:
    view = await support.view(callback_data.id)
    if not view.subscription_id:
        await query.answer(t("admin-ticket-no-sub"), show_alert=True)
        return
    sub = await stock.replace_credential(view.subscription_id, actor=actor,
                                         reason=f"reported in {view.ticket.id}")
    await show(query, render_ticket(t, view) + "\n\n" +
               t("admin-replaced", sub=sub.id, user=str(sub.user_id)),
               keyboards.ticket(t, view), notice=t("admin-replaced-short"))
