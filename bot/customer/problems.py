"""Credential warranty: "Report a problem" on a subscription opens a support ticket about it."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message

from bot.customer import keyboards
from bot.customer.callbacks import Sub
from bot.customer.screens import show
from bot.i18n import Tr
from core.models import User
from core.services.subscriptions import SubscriptionService
from core.services.support import SupportService

router = Router(name="customer-problems")


class ReportProblem(StatesGroup):
    text = State()  # data: sub


@router.callback_query(Sub.filter(F.action == "report"))
async def report(query: CallbackQuery, callback_data: Sub, t: Tr, user: User,
                 subscriptions: SubscriptionService, state: FSMContext) -> None:
    owned = await subscriptions.get_for_user(user.telegram_id, callback_data.sub)
    await state.set_state(ReportProblem.text)
    await state.set_data({"sub": owned.subscription.id})
    await show(query, t("problem-ask", title=owned.product.title),
               keyboards.back_to_sub(t, owned.subscription.id))


@router.message(ReportProblem.text, F.text)
async def described(message: Message, t: Tr, user: User, support: SupportService,
                    state: FSMContext) -> None:
    sub_id = str((await state.get_data()).get("sub", ""))
    await state.clear()
    ticket = await support.open_ticket(user.telegram_id, message.text or "",
                                       subscription_id=sub_id)
    await message.answer(t("problem-sent", ticket=ticket.id),
                         reply_markup=keyboards.back_to_sub(t, sub_id))
