"""/start: today's and the last 7 days' figures, what needs attention, and the chart."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command, CommandStart
from aiogram.fsm.context import FSMContext
from aiogram.types import BufferedInputFile, CallbackQuery, Message

from bot.admin import keyboards
from bot.admin.callbacks import Nav
from bot.admin.chart import render_chart
from bot.admin.gate import SUPPORT
from bot.admin.screens import show
from bot.i18n import Tr
from core.models import Role
from core.services.stats import Dashboard, Period, StatsService

router = Router(name="admin-dashboard")


def _period(t: Tr, title: str, p: Period) -> str:
    gateways = ", ".join(f"{g} {t.money(x.amount)} ({x.count})" for g, x in p.topups.items())
    return t.raw("admin-dash-period", title=title,
                 sales=t.money(p.sales.amount), orders=p.sales.count,
                 topups=t.money(p.topup_total.amount), topup_count=p.topup_total.count,
                 gateways=gateways or "—", customers=p.new_customers,
                 refunds_wallet=t.money(p.refunds_to_wallet.amount),
                 refunds_wallet_count=p.refunds_to_wallet.count,
                 refunds_gateway=t.money(p.refunds_to_gateway.amount),
                 refunds_gateway_count=p.refunds_to_gateway.count)


def render_dashboard(t: Tr, board: Dashboard) -> str:
    parts = [t("admin-dash-title", at=t.datetime(board.at)),
             _period(t, t("admin-dash-today"), board.today),
             _period(t, t("admin-dash-week"), board.week),
             t("admin-dash-active", count=board.active_subscriptions)]
    parts.append(t("admin-dash-attention", count=board.attention.total)
                 if board.attention.total else t("admin-dash-all-clear"))
    return "\n\n".join(parts)


@router.message(CommandStart(), flags=SUPPORT)
@router.message(Command("stats"), flags=SUPPORT)
async def start(message: Message, t: Tr, role: Role, stats: StatsService,
                state: FSMContext) -> None:
    await state.clear()
    board = await stats.dashboard()
    await show(message, render_dashboard(t, board), keyboards.dashboard(t, board.attention, role))


@router.callback_query(Nav.filter(F.to == "home"), flags=SUPPORT)
async def home(query: CallbackQuery, t: Tr, role: Role, stats: StatsService,
               state: FSMContext) -> None:
    await state.clear()
    board = await stats.dashboard()
    await show(query, render_dashboard(t, board), keyboards.dashboard(t, board.attention, role))


@router.message(Command("chart"), flags=SUPPORT)
@router.callback_query(Nav.filter(F.to == "chart"), flags=SUPPORT)
async def chart(event: Message | CallbackQuery, t: Tr, stats: StatsService) -> None:
    if isinstance(event, CallbackQuery):
        await event.answer(t("admin-chart-drawing"))
    series = await stats.chart_series(30)
    png = await render_chart(series, currency=t.currency,
                             revenue_title=t("admin-chart-revenue"),
                             customers_title=t("admin-chart-customers"))
    await event.bot.send_photo(  # type: ignore[union-attr]
        event.from_user.id, BufferedInputFile(png, "dashboard.png"),  # type: ignore[union-attr]
        caption=t("admin-chart-caption", days=len(series.days)),
        reply_markup=keyboards.only_home(t))
