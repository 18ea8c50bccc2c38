"""``subvault api``: the payment callback app under uvicorn."""

from __future__ import annotations

import asyncio
import gc
import logging
import sys

import uvicorn
from fastapi import FastAPI

from api import create_app
from core.bootstrap import Services
from core.config import Settings
from subvault.context import check_ports, check_sandbox, keyring_or_exit, run_async, services_for

log = logging.getLogger(__name__)

# The store runs SQLite calls on its own thread. With the default 5 ms GIL switch interval that
# thread waits behind a busy event loop on every call; 0.5 ms lets it in promptly (measured with
# bench/webhooks.py: about 1.6x the callbacks per second under load).
SWITCH_INTERVAL_SECONDS = 0.0005


def configure_runtime() -> None:
    """uvloop (what uvicorn picks on its own) and a short GIL switch interval, for the
    ``subvault api`` process only (where bench/webhooks.py measured them). Call before the event
    loop starts."""
    sys.setswitchinterval(SWITCH_INTERVAL_SECONDS)
    try:
        import uvloop
    except ImportError:  # pragma: no cover - uvicorn[standard] brings it
        return
    asyncio.set_event_loop_policy(uvloop.EventLoopPolicy())


def server_for(services: Services, app: FastAPI | None = None) -> uvicorn.Server:
    settings = services.settings
    config = uvicorn.Config(
        app or create_app(services), host=settings.api_host, port=settings.api_port,
        log_level=settings.log_level.lower(), proxy_headers=True, server_header=False,
        access_log=settings.log_level == "DEBUG", lifespan="on",
    )
    return uvicorn.Server(config)


async def run(services: Services, app: FastAPI | None = None) -> None:
    """Serve until stopped, on services opened by the caller (used by ``subvault run``)."""
    settings = services.settings
    log.info("payment app on http://%s:%d (public %s), gateways: %s", settings.api_host,
             settings.api_port, settings.public_base_url,
             ", ".join(services.payments.gateways) or "none")
    if settings.sandbox_gateway:
        log.warning("SANDBOX_GATEWAY is on: /sandbox/pay/… credits wallets without real "
                    "payments; never enable it in production")
    await server_for(services, app).serve()


def serve(settings: Settings) -> int:
    check_sandbox(settings, local=False)
    check_ports([("API_PORT", settings.api_host, settings.api_port)])
    keyring = keyring_or_exit(settings, create_for_new_sqlite=True)
    configure_runtime()

    async def main() -> int:
        async with services_for(settings, keyring) as services:
            app = create_app(services)
            gc.collect()
            gc.freeze()  # long-lived start-up objects leave the collector: shorter GC pauses
            await run(services, app)
        return 0

    return run_async(main)
