"""Credential warranty: "Report a problem" on a subscription opens a support ticket about it.
Support threads: "Reply" under a staff answer continues the same ticket."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import StateFilter
from aiogram.filters.callback_data import CallbackData
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message

from bot.customer import keyboards
from bot.customer.callbacks import Sub
from bot.customer.screens import show
from bot.filters import Has
from bot.i18n import Tr
from core.models import User
from core.services.subscriptions import SubscriptionService
from core.services.support import SupportService

router = Router(name="customer-problems")


class ReportProblem(StatesGroup):
    text = State()  # data: sub
    follow_up = State()  # data: ticket


class TicketFollow(CallbackData, prefix="tf"):
    """Also queued by core (``core.services.support.CUSTOMER_TICKET_CALLBACK``)."""

    ticket: str


@router.callback_query(Sub.filter(F.action == "report"))
async def report(query: CallbackQuery, callback_data: Sub, t: Tr, user: User,
                 subscriptions: SubscriptionService, state: FSMContext) -> None:
    owned = await subscriptions.get_for_user(user.telegram_id, callback_data.sub)
    await state.set_state(ReportProblem.text)
    await state.set_data({"sub": owned.subscription.id})
    await show(query, t("problem-ask", title=owned.product.title),
               keyboards.back_to_sub(t, owned.subscription.id))


@router.message(StateFilter(ReportProblem.text), Has(F.text))
async def described(message: Message, t: Tr, user: User, support: SupportService,
                    state: FSMContext) -> None:
    sub_id = str((await state.get_data()).get("sub", ""))
    await state.clear()
    ticket = await support.open_ticket(user.telegram_id, message.text or "",
                                       subscription_id=sub_id)
    await message.answer(t("problem-sent", ticket=ticket.id),
                         reply_markup=keyboards.back_to_sub(t, sub_id))


@router.callback_query(TicketFollow.filter())
async def follow_ask(query: CallbackQuery, callback_data: TicketFollow, t: Tr,
                     state: FSMContext) -> None:
    await state.set_state(ReportProblem.follow_up)
    await state.set_data({"ticket": callback_data.ticket})
    await query.answer()
    await query.message.answer(t("ticket-follow-ask"),  # type: ignore[union-attr]
                               reply_markup=keyboards.only_home(t))


@router.message(StateFilter(ReportProblem.follow_up), Has(F.text))
async def follow_typed(message: Message, t: Tr, user: User, support: SupportService,
                       state: FSMContext) -> None:
    ticket_id = str((await state.get_data()).get("ticket", ""))
    await state.clear()
    view = await support.follow_up(user.telegram_id, ticket_id, message.text or "")
    await message.answer(t("ticket-follow-sent", ticket=view.ticket.id),
                         reply_markup=keyboards.only_home(t))
