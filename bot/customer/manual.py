"""Bank transfer (when MANUAL_PAYMENT_INSTRUCTIONS is set): the customer picks an amount and
"Bank transfer", reads the instructions, pays, and sends a screenshot; staff approve or reject
it in the admin bot and the customer is told either way."""

from __future__ import annotations

import io

from aiogram import Bot, F, Router
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message

from bot.customer import keyboards
from bot.customer.callbacks import TopupPay
from bot.customer.screens import show
from bot.filters import Has
from bot.i18n import Tr
from core.models import User
from core.services.manual_payments import ManualPaymentService
from core.services.payments import PaymentsService

router = Router(name="customer-manual-payments")
BANK = "bank"


class BankTransfer(StatesGroup):
    screenshot = State()  # data: amount


@router.callback_query(TopupPay.filter(F.gateway == BANK))
async def bank_transfer(query: CallbackQuery, callback_data: TopupPay, t: Tr,
                        payments: PaymentsService, manual_payments: ManualPaymentService,
                        state: FSMContext) -> None:
    amount = payments.check_amount(callback_data.amount)
    if not manual_payments.enabled:
        await show(query, t("topup-no-gateways"), keyboards.only_home(t))
        return
    await state.set_state(BankTransfer.screenshot)
    await state.set_data({"amount": amount})
    await show(query, t("manual-instructions", amount=t.money(amount),
                        instructions=manual_payments.instructions), keyboards.only_home(t))


@router.message(StateFilter(BankTransfer.screenshot), Has(F.photo))
async def screenshot(message: Message, bot: Bot, t: Tr, user: User,
                     manual_payments: ManualPaymentService, state: FSMContext) -> None:
    amount = int((await state.get_data())["amount"])
    buffer = io.BytesIO()
    await bot.download(message.photo[-1], destination=buffer)  # type: ignore[index]
    await manual_payments.submit(user.telegram_id, amount, buffer.getvalue())
    await state.clear()
    await message.answer(t("manual-received", amount=t.money(amount)),
                         reply_markup=keyboards.only_home(t))


@router.message(StateFilter(BankTransfer.screenshot))
async def not_a_photo(message: Message, t: Tr) -> None:
    await message.answer(t("manual-need-photo"), reply_markup=keyboards.only_home(t))
