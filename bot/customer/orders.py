"""Orders: history with status; support: a message for staff; fallback hints."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message

from bot.customer import keyboards
from bot.customer.callbacks import Menu, Page
from bot.customer.screens import show
from bot.customer.states import Dialog
from bot.filters import Has
from bot.i18n import Tr
from core.models import User
from core.services.catalog import CatalogService
from core.services.orders import OrderService
from core.services.support import SupportService

router = Router(name="customer-orders")
ORDERS_PAGE = 8


@router.message(Command("orders"))
@router.callback_query(Menu.filter(F.to == "orders"))
async def orders_screen(event: Message | CallbackQuery, t: Tr, user: User, orders: OrderService,
                        catalog: CatalogService) -> None:
    await _orders_page(event, t, user, orders, catalog, 0)


@router.callback_query(Page.filter(F.kind == "orders"))
async def orders_page(query: CallbackQuery, callback_data: Page, t: Tr, user: User,
                      orders: OrderService, catalog: CatalogService) -> None:
    await _orders_page(query, t, user, orders, catalog, max(0, callback_data.page))


async def _orders_page(event: Message | CallbackQuery, t: Tr, user: User, orders: OrderService,
                       catalog: CatalogService, page: int) -> None:
    found = await orders.for_user(user.telegram_id, limit=(page + 1) * ORDERS_PAGE + 1)
    page = min(page, max(0, len(found) - 1) // ORDERS_PAGE)  # an old or forged page number
    shown = found[page * ORDERS_PAGE:(page + 1) * ORDERS_PAGE]
    titles = {p.id: p.title for p in await catalog.list(active_only=False)}
    lines = [t("orders-title")] + [
        t("order-line", date=t.date(o.created_at), title=titles.get(o.product_id, "?"),
          total=t.money(o.amount), status=t(f"order-status-{o.status.value}"))
        for o in shown] if shown else [t("orders-empty")]
    await show(event, "\n".join(lines), keyboards.pager(
        t, "orders", page, len(found) > (page + 1) * ORDERS_PAGE, Menu(to="home")))


@router.message(Command("support"))
@router.callback_query(Menu.filter(F.to == "support"))
async def support_ask(event: Message | CallbackQuery, t: Tr, state: FSMContext) -> None:
    await state.set_state(Dialog.support)
    await show(event, t("support-ask"), keyboards.only_home(t))


@router.message(StateFilter(Dialog.support), Has(F.text))
async def support_text(message: Message, t: Tr, user: User, support: SupportService,
                       state: FSMContext) -> None:
    ticket = await support.open_ticket(user.telegram_id, message.text or "")
    await state.clear()
    await message.answer(t("support-queued", ticket=ticket.id), reply_markup=keyboards.only_home(t))
