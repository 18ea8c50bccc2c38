"""Orders: lists by status; deliver a manual order by typing the credential; refund to the
wallet returning the item to stock or revoking it (two admins above APPROVAL_LIMIT)."""

from __future__ import annotations

import contextlib

from aiogram import F, Router
from aiogram.exceptions import TelegramBadRequest
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message

from bot.admin import keyboards
from bot.admin.callbacks import Nav, OrderAct
from bot.admin.gate import ADMIN, SUPPORT
from bot.admin.screens import show
from bot.i18n import Tr
from core.models import OrderStatus, Role, User
from core.services.approvals import ApprovalService
from core.services.orders import OrderService

router = Router(name="admin-orders")
LIMIT = 20


class Delivery(StatesGroup):
    credential = State()  # data: order


@router.message(Command("orders"), flags=SUPPORT)
@router.callback_query(Nav.filter(F.to == "orders"), flags=SUPPORT)
async def statuses(event: Message | CallbackQuery, t: Tr, state: FSMContext) -> None:
    await state.clear()
    await show(event, t("admin-orders-title"), keyboards.order_statuses(t))


@router.callback_query(OrderAct.filter(F.action == "list"), flags=SUPPORT)
async def by_status(query: CallbackQuery, callback_data: OrderAct, t: Tr,
                    orders: OrderService) -> None:
    status = OrderStatus(callback_data.id) if callback_data.id in keyboards.ORDER_STATUSES \
        else OrderStatus.PENDING
    found = await orders.list(status=status, limit=LIMIT)
    await show(query, t("admin-orders-list", status=t(f"admin-order-status-{status.value}"),
                        count=len(found)), keyboards.order_list(t, found))


@router.callback_query(OrderAct.filter(F.action == "show"), flags=SUPPORT)
async def order_show(query: CallbackQuery, callback_data: OrderAct, t: Tr, role: Role,
                     orders: OrderService, state: FSMContext) -> None:
    await state.clear()
    order = await orders.get(callback_data.id)
    await show(query, t("admin-order", id=order.id, user=str(order.user_id),
                        product=order.product_id, amount=t.money(order.amount),
                        status=t(f"admin-order-status-{order.status.value}"),
                        at=t.datetime(order.created_at), coupon=order.coupon_code or "—"),
               keyboards.order(t, order, role))


@router.callback_query(OrderAct.filter(F.action == "deliver"), flags=ADMIN)
async def deliver_ask(query: CallbackQuery, callback_data: OrderAct, t: Tr,
                      state: FSMContext) -> None:
    await state.set_state(Delivery.credential)
    await state.set_data({"order": callback_data.id})
    await show(query, t("admin-deliver-ask", id=callback_data.id),
               keyboards.markup([[keyboards.button(t("admin-btn-back"),
                                                   OrderAct(action="show",
                                                            id=callback_data.id))]]))


@router.message(Delivery.credential, F.text, flags=ADMIN)
async def deliver_typed(message: Message, t: Tr, actor: str, orders: OrderService,
                        state: FSMContext) -> None:
    text = (message.text or "").strip()
    parts = [p.strip() for p in text.split("|")] if "|" in text else text.split(":", 1)
    if len(parts) < 2 or not parts[0] or not parts[1]:
        await message.answer(t("admin-deliver-bad"))
        return
    order_id = str((await state.get_data())["order"])
    await state.clear()
    with contextlib.suppress(TelegramBadRequest):  # not allowed any more: it stays
        await message.delete()  # the credential does not stay in the staff chat
    parts += [""] * (4 - len(parts))
    result = await orders.deliver(order_id, actor=actor, login=parts[0], password=parts[1],
                                  notes=parts[2], totp=parts[3])
    await message.answer(t("admin-delivered", id=order_id,
                           sub=result.subscription.id if result.subscription else "—"),
                         reply_markup=keyboards.only_home(t))


@router.callback_query(OrderAct.filter(F.action.in_({"return", "revoke"})), flags=ADMIN)
async def refund(query: CallbackQuery, callback_data: OrderAct, t: Tr, user: User,
                 approvals: ApprovalService) -> None:
    outcome = await approvals.refund_order(callback_data.id, stock=callback_data.action,
                                           reason="refund by staff", staff_id=user.telegram_id)
    if outcome.waiting:
        text = t("admin-approval-asked", id=outcome.approval.id)  # type: ignore[union-attr]
    else:
        text = t("admin-refunded", id=callback_data.id)
    await show(query, text, keyboards.only_home(t))
