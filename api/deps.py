"""What route handlers receive: the services built by ``core.bootstrap``, kept in app.state.
(``async`` so FastAPI does not send these lookups to its thread pool.)"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from api.metrics import Metrics
from api.pages import Pages
from core.bootstrap import Services


async def _services(request: Request) -> Services:
    return request.app.state.services


async def _metrics(request: Request) -> Metrics:
    return request.app.state.metrics


async def _pages(request: Request) -> Pages:
    return request.app.state.pages


ServicesDep = Annotated[Services, Depends(_services)]
MetricsDep = Annotated[Metrics, Depends(_metrics)]
PagesDep = Annotated[Pages, Depends(_pages)]
