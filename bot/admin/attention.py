"""The dashboard's attention items, each a list: low stock, manual orders waiting, held and
unmatched payments, stuck top-ups, open tickets."""

from __future__ import annotations

from aiogram import Router
from aiogram.types import CallbackQuery

from bot.admin import keyboards
from bot.admin.callbacks import Attn
from bot.admin.gate import SUPPORT
from bot.admin.screens import show
from bot.i18n import Tr
from core.services.orders import OrderService
from core.services.stats import StatsService
from core.services.stock import StockService
from core.services.support import SupportService

router = Router(name="admin-attention")
LIMIT = 20


async def _lines(kind: str, t: Tr, stats: StatsService, stock: StockService,
                 orders: OrderService, support: SupportService) -> list[str]:
    if kind == "lowstock":
        return [t("admin-line-lowstock", product=p.title, id=p.id, free=lv.free_slots,
                  threshold=p.low_stock_threshold) for p, lv in await stock.low_stock()]
    if kind == "manual":
        return [t("admin-line-order", id=o.id, user=str(o.user_id), amount=t.money(o.amount),
                  at=t.datetime(o.created_at)) for o in await orders.pending(LIMIT)]
    if kind in ("held", "stuck"):
        topups = await (stats.held_topups(LIMIT) if kind == "held" else stats.stuck_topups(LIMIT))
        return [t("admin-line-topup", id=x.id, user=str(x.user_id), amount=t.money(x.amount),
                  gateway=x.gateway, reason=x.failure or "—", at=t.datetime(x.created_at))
                for x in topups]
    if kind == "unmatched":
        return [t("admin-line-event", gateway=e.gateway, event=e.event_id,
                  payment=e.payment_id or "—", reason=e.outcome or e.error or "—",
                  at=t.datetime(e.received_at)) for e in await stats.unmatched_payments(LIMIT)]
    return [t("admin-line-ticket", id=x.id, user=str(x.user_id), text=x.text[:80],
              at=t.datetime(x.created_at)) for x in await support.open_tickets(LIMIT)]


@router.callback_query(Attn.filter(), flags=SUPPORT)
async def attention_list(query: CallbackQuery, callback_data: Attn, t: Tr, stats: StatsService,
                         stock: StockService, orders: OrderService,
                         support: SupportService) -> None:
    kind = callback_data.kind if callback_data.kind in keyboards.ATTENTION_KINDS else "tickets"
    lines = await _lines(kind, t, stats, stock, orders, support)
    body = "\n".join(lines) if lines else t("admin-list-empty")
    markup = keyboards.ticket_list(t, await support.open_tickets(LIMIT)) if kind == "tickets" \
        else keyboards.only_home(t)
    await show(query, f"{t(f'admin-list-{kind}')}\n\n{body}", markup)
