"""``subvault run``: everything in one process.

With no bot token configured it starts in local mode: the Bot API stand-in, the sandbox gateway,
the payment app and the customer bot, so a fresh machine runs the whole shop with no accounts.
"""

from __future__ import annotations

import asyncio
import logging
import socket

from fastapi import FastAPI, Request, Response

from api import create_app
from api.body import read_limited
from bot.factory import make_bot
from bot.ratelimit import SendPacer
from bot.runner import run_customer_bot
from bot.webhook import SECRET_HEADER, WebhookIntake
from core.config import Settings
from core.errors import PayloadTooLarge, ValidationError
from standin import RateLimits, run_standin
from subvault.context import keyring_or_exit, run_async, services_for
from subvault.launch import api
from subvault.launch.customer_bot import stop_on_signals

log = logging.getLogger("subvault")
LOCAL_TOKEN = "1000001:local-mode-customer-bot"  # noqa: S105 - the stand-in accepts any


def serve(settings: Settings, *, listen_fd: int | None = None) -> int:
    """``listen_fd``: a listening socket inherited from ``subvault run --workers N``."""
    local = settings.customer_bot_token is None
    keyring = keyring_or_exit(settings, create_for_new_sqlite=True)
    api.configure_runtime()

    async def main() -> int:
        stop = stop_on_signals()
        if local:
            return await _local(settings, keyring, stop)
        return await _production(settings, keyring, stop, listen_fd)

    return run_async(main)


async def _production(settings: Settings, keyring, stop: asyncio.Event,
                      listen_fd: int | None = None) -> int:
    async with services_for(settings, keyring) as services:
        bot = make_bot(settings.customer_bot_token.get_secret_value(),  # type: ignore[union-attr]
                       settings.telegram_api_base,
                       pacer=SendPacer(settings.telegram_send_rate))
        app = create_app(services)
        sockets = [socket.socket(fileno=listen_fd)] if listen_fd is not None else None
        web = asyncio.create_task(api.run(services, app, sockets=sockets))
        try:
            await run_customer_bot(services, bot, stop,
                                   mount_webhook=lambda intake: mount(
                                       app, intake, settings.webhook_max_body_bytes))
        finally:
            web.cancel()
            await bot.session.close()
    return 0


def mount(app: FastAPI, intake: WebhookIntake, max_body_bytes: int = 1_048_576) -> None:
    """Telegram's deliveries for the customer bot, on the payment app (webhook mode); a body
    above ``max_body_bytes`` (WEBHOOK_MAX_BODY_BYTES) is refused with 413 before it is read."""
    limit = max_body_bytes

    async def telegram_update(request: Request) -> Response:
        try:
            body = await read_limited(request, limit)
        except PayloadTooLarge:
            return Response(status_code=413)
        except ValidationError:
            return Response(status_code=400)
        status = await intake.receive(request.headers.get(SECRET_HEADER), body)
        return Response(status_code=status)

    app.add_api_route("/telegram/customer", telegram_update, methods=["POST"],
                      include_in_schema=False)


async def _local(settings: Settings, keyring, stop: asyncio.Event) -> int:
    async with run_standin(host="127.0.0.1", port=settings.standin_port,
                           rate_limits=RateLimits()) as standin:
        local = settings.model_copy(update={"telegram_api_base": standin.base_url,
                                            "sandbox_gateway": True})
        print(f"subvault: local mode (no CUSTOMER_BOT_TOKEN): Bot API stand-in at "
              f"{standin.base_url}, sandbox payments at {local.public_base_url}; chat with "
              "`subvault chat`; set CUSTOMER_BOT_TOKEN to leave local mode", flush=True)
        async with services_for(local, keyring) as services:
            bot = make_bot(LOCAL_TOKEN, standin.base_url)
            web = asyncio.create_task(api.run(services))
            try:
                await run_customer_bot(services, bot, stop)
            finally:
                web.cancel()
                await bot.session.close()
    return 0
