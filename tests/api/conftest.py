"""The payment app on a SQLite store, reached in-process through httpx's ASGI transport."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from api import create_app
from api.routes.telegram import TelegramUpdates
from core.bootstrap import Services
from core.storage import open_store
from tests.api.gateway_side import PUBLIC, payment_services


@pytest.fixture
async def api_services(tmp_path: Path, keyring, clock) -> AsyncIterator[Services]:
    store = await open_store(f"sqlite:///{tmp_path / 'api.db'}")
    services = payment_services(store, tmp_path, keyring, clock)
    yield services
    await services.close()


def build_client(services: Services, *, telegram_updates: TelegramUpdates | None = None
                 ) -> httpx.AsyncClient:
    """A client of a fresh app whose sandbox reaches the same app in-process (and whose
    ``/telegram/customer`` route hands deliveries to ``telegram_updates``, if given)."""
    holder: dict[str, object] = {}

    async def same_app(scope, receive, send):
        await holder["app"](scope, receive, send)  # type: ignore[operator]

    sandbox = httpx.AsyncClient(transport=httpx.ASGITransport(same_app), base_url=PUBLIC)
    app = create_app(services, sandbox_client=sandbox, telegram_updates=telegram_updates)
    holder["app"] = app
    return httpx.AsyncClient(transport=httpx.ASGITransport(app), base_url=PUBLIC)


@pytest.fixture
async def client(api_services: Services) -> AsyncIterator[httpx.AsyncClient]:
    async with build_client(api_services) as client:
        yield client
