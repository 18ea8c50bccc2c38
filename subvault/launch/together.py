"""``subvault run``: everything in one process.

With no bot token configured it starts in local mode: the Bot API stand-in, the sandbox gateway,
the payment app, the customer bot, the admin bot (a second token on the stand-in; the local
admin, Telegram id ``LOCAL_ADMIN_ID``, is made admin at start) and the scheduled jobs, so a fresh
machine runs the whole
shop with no accounts.
"""

from __future__ import annotations

import asyncio
import logging
import socket
from types import SimpleNamespace
from typing import TYPE_CHECKING

import httpx

from api import create_app
from api.routes import telegram
from core.bootstrap import Services
from core.config import Settings
from standin import RateLimits, run_standin
from subvault.context import (
    check_ports,
    check_sandbox,
    fail,
    keyring_or_exit,
    run_async,
    services_for,
)
from subvault.launch import api, playground
from subvault.launch.customer_bot import stop_on_signals

if TYPE_CHECKING:
    from aiogram import Bot

log = logging.getLogger("subvault")
LOCAL_TOKEN = "1000001:local-mode-customer-bot"  # noqa: S105 - the stand-in accepts any
LOCAL_ADMIN_TOKEN = "1000002:local-mode-admin-bot"  # noqa: S105
LOCAL_ADMIN_ID = 900001  # the local admin: `subvault chat --admin` talks as this id


def serve(settings: Settings, *, listen_fd: int | None = None, worker: int = 0) -> int:
    """``listen_fd``: a listening socket inherited from ``subvault run --workers N``; ``worker``:
    this worker's index there (0 when not a worker)."""
    local = settings.customer_bot_token is None
    check_sandbox(settings, local=local)
    secret = None if local else webhook_secret(settings)
    # a worker of `subvault run --workers N` serves the socket its parent already bound
    ports = [] if listen_fd is not None else [("API_PORT", settings.api_host, settings.api_port)]
    if local:
        ports.insert(0, ("STANDIN_PORT", "127.0.0.1", settings.standin_port))
    check_ports(ports)
    keyring = keyring_or_exit(settings, create_for_new_sqlite=True)

    async def main() -> int:
        stop = stop_on_signals()
        if local:
            return await _local(settings, keyring, stop)
        return await _production(settings, keyring, stop, secret, listen_fd, worker)

    return run_async(main)


async def learn_bot_username(services: Services, bot: Bot) -> None:
    """Pages link "Back to the bot" to https://t.me/<username>: without CUSTOMER_BOT_USERNAME,
    ask Telegram (getMe) which bot this token is, rather than link to a bare t.me."""
    if services.settings.customer_bot_username:
        return
    try:
        me = await bot.get_me()
    except Exception as exc:  # the bot itself reports Telegram being unreachable
        log.warning("could not ask Telegram for the bot's username (%s); set "
                    "CUSTOMER_BOT_USERNAME", type(exc).__name__)
        return
    if me.username:
        services.settings = services.settings.model_copy(
            update={"customer_bot_username": me.username})


async def _production(settings: Settings, keyring, stop: asyncio.Event,
                      secret: str | None, listen_fd: int | None = None, worker: int = 0) -> int:
    """The customer bot and the payment app; in webhook mode the app's ``/telegram/customer``
    route hands Telegram's deliveries to the bot. ``listen_fd``: a listening socket inherited
    from ``subvault run --workers N``."""
    parts = _bot_parts()
    make_bot, run_admin_bot, run_jobs = parts.make_bot, parts.run_admin_bot, parts.run_jobs
    async with services_for(settings, keyring) as services:
        bot = make_bot(settings.customer_bot_token.get_secret_value(),  # type: ignore[union-attr]
                       settings.telegram_api_base,
                       pacer=parts.SendPacer(settings.telegram_send_rate))
        await learn_bot_username(services, bot)
        admin = make_bot(settings.admin_bot_token.get_secret_value(), settings.telegram_api_base,
                         name="admin") if settings.admin_bot_token else None
        customer = parts.CustomerBot(services, bot, webhook_secret=secret, admin_bot=admin)
        app = create_app(services, telegram_updates=customer.webhook)
        sockets = [socket.socket(fileno=listen_fd)] if listen_fd is not None else None
        web = asyncio.create_task(api.run(services, app, sockets=sockets))
        # The admin bot polls, and Telegram lets one poller take a bot's updates: with
        # --workers only the first worker polls it (every worker can still send through it).
        admin_task = asyncio.create_task(run_admin_bot(services, admin, stop, customer_bot=bot)) \
            if admin is not None and worker == 0 else None
        scheduler = asyncio.create_task(run_jobs(services, stop, {"customer": bot},
                                                 deliver=False))
        try:
            await customer.run(stop, webhook_url=settings.public_base_url + telegram.PATH,
                               shared_webhook=listen_fd is not None)
        finally:
            web.cancel()
            stop.set()
            await asyncio.gather(scheduler, return_exceptions=True)
            if admin_task is not None:
                await asyncio.gather(admin_task, return_exceptions=True)
            if admin is not None:
                await admin.session.close()
            await bot.session.close()
    return 0


def webhook_secret(settings: Settings) -> str | None:
    """The secret token Telegram sends with each delivery; None in polling mode."""
    if settings.bot_mode != "webhook":
        return None
    if settings.telegram_webhook_secret is None:
        fail("setting TELEGRAM_WEBHOOK_SECRET: BOT_MODE=webhook needs it")
    return settings.telegram_webhook_secret.get_secret_value()


async def _local(settings: Settings, keyring, stop: asyncio.Event) -> int:
    async with run_standin(host="127.0.0.1", port=settings.standin_port,
                           rate_limits=RateLimits()) as standin:
        admins = [*settings.admin_ids, LOCAL_ADMIN_ID]
        update: dict[str, object] = {"telegram_api_base": standin.base_url,
                                     "sandbox_gateway": True, "admin_ids": admins}
        if "public_base_url" not in settings.model_fields_set:  # the payment links follow API_PORT
            update["public_base_url"] = f"http://127.0.0.1:{settings.api_port}"
        local = settings.model_copy(update=update)
        print(f"subvault: local mode (no CUSTOMER_BOT_TOKEN): Bot API stand-in at "
              f"{standin.base_url}, sandbox payments at {local.public_base_url}; chat with "
              "`subvault chat` (the admin bot: `subvault chat --admin`); set CUSTOMER_BOT_TOKEN "
              "to leave local mode", flush=True)
        async with services_for(local, keyring) as services:
            await playground.seed_demo_shop(services)
            await _learn_local_username(services, standin.base_url)
            app = create_app(services)
            page = playground.mount(app, playground.local_setup(
                standin.base_url, shop_name=local.shop_name,
                customer_bot_id=playground.bot_id_of(LOCAL_TOKEN),
                admin=(playground.bot_id_of(LOCAL_ADMIN_TOKEN), LOCAL_ADMIN_ID)),
                f"http://{local.api_host}:{local.api_port}/playground")
            web = asyncio.create_task(api.run(services, app))
            try:
                # The page answers while the bot framework (seconds of imports) loads; what the
                # page sends meanwhile waits in the stand-in until the bots poll.
                parts = await asyncio.to_thread(_bot_parts)
                if stop.is_set():  # stopped while the bots were still loading: nothing to start
                    return 0
                bot = parts.make_bot(LOCAL_TOKEN, standin.base_url)
                await learn_bot_username(services, bot)
                admin = parts.make_bot(LOCAL_ADMIN_TOKEN, standin.base_url, name="admin")
                admin_task = asyncio.create_task(parts.run_admin_bot(services, admin, stop,
                                                                     customer_bot=bot))
                scheduler = asyncio.create_task(parts.run_jobs(services, stop, {"customer": bot},
                                                               deliver=False))
                try:
                    await parts.CustomerBot(services, bot, admin_bot=admin).run(stop)
                finally:
                    stop.set()
                    await asyncio.gather(scheduler, return_exceptions=True)
                    await asyncio.gather(admin_task, return_exceptions=True)
                    await admin.session.close()
                    await bot.session.close()
            finally:
                await page.close()  # open pages' event streams end, so the app can stop
                await asyncio.wait({web}, timeout=3)
                web.cancel()
    return 0


async def _learn_local_username(services: Services, base_url: str) -> None:
    """The pages' "Back to the bot" link needs the bot's username before the app is built; the
    bots load later, so ask the stand-in's getMe directly (plain HTTP, no bot framework)."""
    if services.settings.customer_bot_username:
        return
    async with httpx.AsyncClient(timeout=5) as client:
        reply = await client.get(f"{base_url}/bot{LOCAL_TOKEN}/getMe")
    username = reply.json().get("result", {}).get("username") if reply.is_success else None
    if username:
        services.settings = services.settings.model_copy(
            update={"customer_bot_username": username})


def _bot_parts() -> SimpleNamespace:
    """The bots' and jobs' entry points: importing them loads aiogram (seconds), so local mode
    does it in a thread once the page already answers."""
    from bot.admin.runner import run_admin_bot
    from bot.factory import make_bot
    from bot.ratelimit import SendPacer
    from bot.runner import CustomerBot
    from subvault.launch.jobs import run_jobs

    return SimpleNamespace(make_bot=make_bot, CustomerBot=CustomerBot, run_jobs=run_jobs,
                           run_admin_bot=run_admin_bot, SendPacer=SendPacer)
