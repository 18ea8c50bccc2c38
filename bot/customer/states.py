"""Dialog states of the customer bot (what the next typed message means)."""

from aiogram.fsm.state import State, StatesGroup


class Dialog(StatesGroup):
    topup_amount = State()
    coupon = State()
    support = State()
