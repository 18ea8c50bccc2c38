"""Customers: find by id or @username; profile with balance, paged ledger, orders,
subscriptions and tickets; adjust a balance with a reason; block/unblock; send a message."""

from __future__ import annotations

import secrets

from aiogram import F, Router
from aiogram.filters import Command, CommandObject
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message

from bot.admin import keyboards
from bot.admin.callbacks import AdjustGo, Cust, Nav
from bot.admin.gate import ADMIN, SUPPORT
from bot.admin.screens import show
from bot.i18n import Tr
from core.errors import InvalidAmount
from core.models import User
from core.money import parse_price
from core.services.approvals import ApprovalService
from core.services.orders import OrderService
from core.services.staff import StaffService
from core.services.subscriptions import SubscriptionService
from core.services.support import SupportService
from core.services.wallet import WalletService

router = Router(name="admin-customers")
PAGE = 10


class CustomerDialog(StatesGroup):
    query = State()  # waiting for an id or @username
    amount = State()  # adjust: data customer
    reason = State()  # adjust: data customer, amount
    message = State()  # data customer


async def _profile(event: Message | CallbackQuery, t: Tr, customer: User, role,
                   wallet: WalletService, orders: OrderService,
                   notice: str | None = None) -> None:
    statement = await wallet.statement(customer.telegram_id, limit=1)
    recent = await orders.for_user(customer.telegram_id, limit=PAGE)
    text = t("admin-customer", name=customer.display_name, id=str(customer.telegram_id),
             username=f"@{customer.username}" if customer.username else "—",
             lang=customer.language, balance=t.money(statement.balance),
             entries=statement.total_entries, orders=len(recent),
             since=t.date(customer.created_at) if customer.created_at else "—",
             state=t("admin-customer-blocked") if customer.blocked else
             t("admin-customer-active"))
    await show(event, text, keyboards.customer(t, customer, role), notice=notice)


@router.message(Command("find"), flags=SUPPORT)
async def find_command(message: Message, command: CommandObject, t: Tr, role,
                       staff: StaffService, wallet: WalletService, orders: OrderService,
                       state: FSMContext) -> None:
    if not command.args:
        await state.set_state(CustomerDialog.query)
        await message.answer(t("admin-find-ask"), reply_markup=keyboards.only_home(t))
        return
    await _found(message, command.args, t, role, staff, wallet, orders, state)


@router.callback_query(Nav.filter(F.to == "customers"), flags=SUPPORT)
async def find_button(query: CallbackQuery, t: Tr, state: FSMContext) -> None:
    await state.set_state(CustomerDialog.query)
    await show(query, t("admin-find-ask"), keyboards.only_home(t))


@router.message(CustomerDialog.query, F.text, flags=SUPPORT)
async def typed_query(message: Message, t: Tr, role, staff: StaffService,
                      wallet: WalletService, orders: OrderService, state: FSMContext) -> None:
    await _found(message, message.text or "", t, role, staff, wallet, orders, state)


async def _found(message: Message, query: str, t: Tr, role, staff: StaffService,
                 wallet: WalletService, orders: OrderService, state: FSMContext) -> None:
    customer = await staff.find_customer(query)
    if customer is None:
        await message.answer(t("admin-find-none", query=query.strip()[:64]),
                             reply_markup=keyboards.only_home(t))
        return
    await state.clear()
    await _profile(message, t, customer, role, wallet, orders)


@router.callback_query(Cust.filter(F.action == "show"), flags=SUPPORT)
async def profile(query: CallbackQuery, callback_data: Cust, t: Tr, role, staff: StaffService,
                  wallet: WalletService, orders: OrderService, state: FSMContext) -> None:
    await state.clear()
    customer = await staff.find_customer(str(callback_data.id))
    if customer is None:
        await query.answer(t("admin-find-none", query=str(callback_data.id)), show_alert=True)
        return
    await _profile(query, t, customer, role, wallet, orders)


@router.callback_query(Cust.filter(F.action == "ledger"), flags=SUPPORT)
async def ledger(query: CallbackQuery, callback_data: Cust, t: Tr,
                 wallet: WalletService) -> None:
    page = max(0, callback_data.page)
    statement = await wallet.statement(callback_data.id, limit=PAGE, offset=page * PAGE)
    lines = [t("admin-ledger-line", at=t.datetime(e.created_at), amount=t.money(e.amount),
               reason=e.reason, after=t.money(e.balance_after)) for e in statement.entries]
    text = t("admin-ledger-title", id=str(callback_data.id), balance=t.money(statement.balance),
             page=page + 1) + "\n\n" + ("\n".join(lines) or t("admin-list-empty"))
    has_next = (page + 1) * PAGE < statement.total_entries
    await show(query, text, keyboards.ledger_pages(t, callback_data.id, page, has_next))


@router.callback_query(Cust.filter(F.action == "orders"), flags=SUPPORT)
async def customer_orders(query: CallbackQuery, callback_data: Cust, t: Tr,
                          orders: OrderService) -> None:
    found = await orders.for_user(callback_data.id, limit=PAGE)
    await show(query, t("admin-orders-of", id=str(callback_data.id)),
               keyboards.order_list(t, found, back=Cust(action="show", id=callback_data.id)))


@router.callback_query(Cust.filter(F.action == "subs"), flags=SUPPORT)
async def customer_subs(query: CallbackQuery, callback_data: Cust, t: Tr,
                        subscriptions: SubscriptionService) -> None:
    owned = await subscriptions.list_for_user(callback_data.id, limit=PAGE)
    lines = [t("admin-sub-line", id=o.subscription.id, title=o.product.title,
               status=o.subscription.status.value, ends=t.date(o.subscription.ends_at))
             for o in owned]
    await show(query, t("admin-subs-of", id=str(callback_data.id)) + "\n\n" +
               ("\n".join(lines) or t("admin-list-empty")),
               keyboards.back_to_customer(t, callback_data.id))


@router.callback_query(Cust.filter(F.action == "tickets"), flags=SUPPORT)
async def customer_tickets(query: CallbackQuery, callback_data: Cust, t: Tr,
                           support: SupportService) -> None:
    tickets = await support.for_user(callback_data.id)
    await show(query, t("admin-tickets-of", id=str(callback_data.id)),
               keyboards.ticket_list(t, tickets))


@router.callback_query(Cust.filter(F.action.in_({"block", "unblock"})), flags=ADMIN)
async def block(query: CallbackQuery, callback_data: Cust, t: Tr, role, user: User,
                staff: StaffService, wallet: WalletService, orders: OrderService) -> None:
    await staff.set_blocked(callback_data.id, callback_data.action == "block",
                            actor_id=user.telegram_id)
    customer = await staff.find_customer(str(callback_data.id))
    assert customer is not None
    await _profile(query, t, customer, role, wallet, orders, notice=t("admin-product-saved"))


@router.callback_query(Cust.filter(F.action == "message"), flags=SUPPORT)
async def message_ask(query: CallbackQuery, callback_data: Cust, t: Tr,
                      state: FSMContext) -> None:
    await state.set_state(CustomerDialog.message)
    await state.set_data({"customer": callback_data.id})
    await show(query, t("admin-message-ask", id=str(callback_data.id)),
               keyboards.back_to_customer(t, callback_data.id))


@router.message(CustomerDialog.message, F.text, flags=SUPPORT)
async def message_typed(message: Message, t: Tr, user: User, support: SupportService,
                        state: FSMContext) -> None:
    customer_id = int((await state.get_data())["customer"])
    await state.clear()
    await support.message_customer(customer_id, message.text or "", staff_id=user.telegram_id)
    await message.answer(t("admin-message-sent", id=str(customer_id)),
                         reply_markup=keyboards.back_to_customer(t, customer_id))


@router.callback_query(Cust.filter(F.action == "adjust"), flags=ADMIN)
async def adjust_ask(query: CallbackQuery, callback_data: Cust, t: Tr,
                     state: FSMContext) -> None:
    await state.set_state(CustomerDialog.amount)
    await state.set_data({"customer": callback_data.id})
    await show(query, t("admin-adjust-ask"), keyboards.back_to_customer(t, callback_data.id))


@router.message(CustomerDialog.amount, F.text, flags=ADMIN)
async def adjust_amount(message: Message, t: Tr, state: FSMContext) -> None:
    text = (message.text or "").strip()
    sign = -1 if text.startswith("-") else 1
    try:
        amount = parse_price(text.lstrip("+-").strip(), t.currency)
    except InvalidAmount:
        amount = 0
    if amount <= 0:
        await message.answer(t("admin-adjust-bad"))
        return
    await state.set_state(CustomerDialog.reason)
    await state.update_data(amount=sign * amount)
    await message.answer(t("admin-adjust-reason"))


@router.message(CustomerDialog.reason, F.text, flags=ADMIN)
async def adjust_reason(message: Message, t: Tr, state: FSMContext) -> None:
    data = await state.get_data()
    key = secrets.token_urlsafe(12)
    await state.update_data(reason=(message.text or "").strip()[:200], key=key)
    await message.answer(t("admin-adjust-confirm", id=str(data["customer"]),
                           amount=t.money(int(data["amount"])),
                           reason=(message.text or "").strip()[:200]),
                         reply_markup=keyboards.adjust_confirm(t, key, int(data["customer"])))


@router.callback_query(CustomerDialog.reason, AdjustGo.filter(), flags=ADMIN)
async def adjust_go(query: CallbackQuery, callback_data: AdjustGo, t: Tr, user: User,
                    approvals: ApprovalService, state: FSMContext) -> None:
    data = await state.get_data()
    if data.get("key") != callback_data.key:
        await query.answer(t("admin-button-stale"), show_alert=True)
        return
    await state.clear()
    customer = int(data["customer"])
    outcome = await approvals.adjust_balance(customer, int(data["amount"]),
                                             reason=str(data["reason"]), key=callback_data.key,
                                             staff_id=user.telegram_id)
    if outcome.waiting:
        text = t("admin-approval-asked", id=outcome.approval.id)  # type: ignore[union-attr]
    else:
        text = t("admin-adjusted", id=str(customer),
                 balance=t.money(outcome.entry.balance_after))  # type: ignore[union-attr]
    await show(query, text, keyboards.back_to_customer(t, customer))
