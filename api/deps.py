"""What route handlers receive, one dependency per part: ``payments: PaymentsDep``. The services
are built by ``core.bootstrap`` and kept in app.state by ``create_app``. (The lookups are
``async`` so FastAPI does not send them to its thread pool.)"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated, Any

from fastapi import Depends, Request

from api.metrics import Metrics
from api.pages import Pages
from core.clock import Clock
from core.config import Settings
from core.services.payments import PaymentsService
from core.services.users import UserService
from core.storage import Store


def _service(name: str) -> Callable[[Request], Awaitable[Any]]:
    async def lookup(request: Request) -> Any:
        return getattr(request.app.state.services, name)

    lookup.__name__ = f"{name}_service"
    return lookup


async def _metrics(request: Request) -> Metrics:
    return request.app.state.metrics


async def _pages(request: Request) -> Pages:
    return request.app.state.pages


PaymentsDep = Annotated[PaymentsService, Depends(_service("payments"))]
UsersDep = Annotated[UserService, Depends(_service("users"))]
SettingsDep = Annotated[Settings, Depends(_service("settings"))]
StoreDep = Annotated[Store, Depends(_service("store"))]  # the readiness probe pings it
ClockDep = Annotated[Clock, Depends(_service("clock"))]
MetricsDep = Annotated[Metrics, Depends(_metrics)]
PagesDep = Annotated[Pages, Depends(_pages)]
