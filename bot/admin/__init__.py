"""The admin bot: a staff gate on every update, then one router per feature, assembled by
``build_admin_dispatcher``. Handlers ask for the services they use by parameter name."""

from __future__ import annotations

from aiogram import BaseMiddleware, Bot, Dispatcher, Router
from aiogram.fsm.storage.base import BaseStorage
from aiogram.fsm.storage.memory import MemoryStorage

from bot.admin import (
    alerts,
    approvals,
    attention,
    audit,
    broadcasts,
    coupons,
    customers,
    dashboard,
    fallback,
    manual,
    orders,
    products,
    staff,
    stock,
    support,
    topups,
)
from bot.admin.broadcast_watch import BroadcastWatcher
from bot.admin.gate import RoleGate, StaffGate
from bot.errors import build_error_router
from bot.middlewares import DoubleTapMiddleware
from core.bootstrap import Services
from core.i18n import Translator

FEATURE_ROUTERS: list[Router] = [
    dashboard.router, attention.router, customers.router, orders.router, topups.router,
    approvals.router, manual.router, products.router, coupons.router, stock.router, support.router,
    broadcasts.router, staff.router, audit.router, alerts.router,
]


def build_admin_dispatcher(services: Services, translator: Translator, *,
                           storage: BaseStorage | None = None,
                           outermost: list[BaseMiddleware] | None = None,
                           customer_bot: Bot | None = None) -> Dispatcher:
    """``outermost`` middlewares see every update first (instrumentation); the staff gate
    comes right after them, before any router. ``customer_bot`` makes the Bot API calls only
    the customer bot may make (Telegram Stars refunds)."""
    watcher = BroadcastWatcher(services.broadcasts, services.users, translator,
                               services.settings.currency)
    dp = Dispatcher(storage=storage or MemoryStorage(), services=services,
                    translator=translator, customer_bot=customer_bot, broadcast_watch=watcher,
                    **services.by_name())
    for middleware in outermost or []:
        dp.update.outer_middleware(middleware)
    dp.update.outer_middleware(StaffGate(services.staff, services.audit, translator,
                                         services.settings.currency))
    role_gate = RoleGate(services.audit)
    for observer in (dp.message, dp.callback_query):
        observer.middleware(role_gate)
    dp.callback_query.middleware(DoubleTapMiddleware())
    dp.include_routers(*(_detached(r) for r in [*FEATURE_ROUTERS, fallback.router]),
                       build_error_router("admin"))
    return dp


def _detached(router: Router) -> Router:
    """Feature routers are module-level; a second dispatcher in one process takes them over."""
    parent = router.parent_router
    if parent is not None:
        parent.sub_routers.remove(router)
        router._parent_router = None
    return router
