"""The customer bot: one router per feature, assembled by ``build_dispatcher``."""

from __future__ import annotations

from aiogram import BaseMiddleware, Dispatcher, Router
from aiogram.fsm.storage.base import BaseStorage

from bot.collector import pace_for_serving
from bot.customer import (
    fallback,
    manual,
    orders,
    plans,
    problems,
    start,
    subscriptions,
    wallet,
)
from bot.errors import build_error_router
from bot.middlewares import DoubleTapMiddleware, LeaveDialogMiddleware, UserMiddleware
from bot.storage import StoreStorage, StoreThrottleMiddleware, keep_dialog_per_update
from core.bootstrap import Services
from core.i18n import Translator


def build_dispatcher(services: Services, translator: Translator, *,
                     storage: BaseStorage | None = None, throttle_rate: float = 3.0,
                     throttle_burst: int = 8,
                     outermost: list[BaseMiddleware] | None = None) -> Dispatcher:
    """Handlers ask for services by their ``Services`` field name (``wallet: WalletService``),
    plus ``translator``, and the middlewares' ``user`` and ``t``. ``outermost`` middlewares see
    every update first (metrics, instrumentation). Dialog state and the anti-flood buckets live
    in the store, so several processes can serve one bot."""
    dp = Dispatcher(storage=storage or StoreStorage(services.store), translator=translator,
                    **services.by_name())
    dp.startup.register(_serving)
    throttle = StoreThrottleMiddleware(services.store, throttle_rate, throttle_burst)
    users = UserMiddleware(services.users, translator, services.settings.currency)
    if isinstance(dp.storage, StoreStorage):  # their store work: one round trip per update
        keep_dialog_per_update(dp, first=[throttle, users]
                               if dp.storage.store is services.store else [])
    for middleware in outermost or []:
        dp.update.outer_middleware(middleware)
    dp.update.outer_middleware(throttle)
    dp.update.outer_middleware(users)
    dp.message.outer_middleware(LeaveDialogMiddleware())
    dp.callback_query.outer_middleware(LeaveDialogMiddleware())
    dp.callback_query.middleware(DoubleTapMiddleware())
    routers = [start.router, manual.router, wallet.router, plans.router, subscriptions.router,
               problems.router, orders.router, fallback.router]
    dp.include_routers(*(_detached(r) for r in routers), build_error_router("customer"))
    return dp


async def _serving() -> None:
    """When polling starts (the webhook runner calls ``pace_for_serving`` itself)."""
    pace_for_serving()


def _detached(router: Router) -> Router:
    """Feature routers are module-level; a process that builds a second dispatcher (tests, a
    restart in the same process) takes them over from the first one."""
    parent = router.parent_router
    if parent is not None:
        parent.sub_routers.remove(router)
        router._parent_router = None
    return router
