"""``create_app(services)``: the payment callback app around services built by core.bootstrap
(and, in webhook mode, the route that hands Telegram's deliveries to the customer bot)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
from fastapi import FastAPI

from api import errors
from api.metrics import LatencyMiddleware, Metrics
from api.pages import Pages
from api.routes import health, returns, sandbox, telegram, webhooks
from api.routes.telegram import TelegramUpdates
from core.bootstrap import Services
from core.i18n import Translator


def create_app(services: Services, *, sandbox_client: httpx.AsyncClient | None = None,
               telegram_updates: TelegramUpdates | None = None) -> FastAPI:
    """The app. ``services`` stay owned by the caller (who closes them); ``sandbox_client`` is
    how the sandbox reaches our own ``/webhooks/sandbox`` (default: HTTP to PUBLIC_BASE_URL);
    ``telegram_updates`` (webhook mode) receives Telegram's deliveries at ``telegram.PATH``."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        client = app.state.sandbox_client
        if client is not None and client is not sandbox_client:
            await client.aclose()

    settings = services.settings
    # The schema describes every route: served only when API_DOCS asks for it.
    app = FastAPI(title=f"{settings.shop_name} payments", version="1", lifespan=lifespan,
                  docs_url="/docs" if settings.api_docs else None, redoc_url=None,
                  openapi_url="/openapi.json" if settings.api_docs else None)
    metrics = Metrics()
    app.state.services = services
    app.state.metrics = metrics
    app.state.pages = Pages(Translator(), shop=settings.shop_name,
                            bot_username=settings.customer_bot_username,
                            default_language=settings.default_language)
    app.state.sandbox_client = sandbox_client
    app.state.telegram_updates = telegram_updates
    errors.install(app)
    app.add_middleware(LatencyMiddleware, metrics=metrics)
    app.include_router(health.router)
    app.include_router(webhooks.router)
    app.include_router(returns.router)
    if settings.sandbox_gateway:
        app.include_router(sandbox.router)
    if telegram_updates is not None:
        app.include_router(telegram.router)
    return app
