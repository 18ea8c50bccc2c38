"""``subvault bot customer``: the customer bot with its outbox sender (polling)."""

from __future__ import annotations

import asyncio
import signal

from bot.factory import make_bot
from bot.runner import CustomerBot
from core.config import Settings
from subvault.context import check_sandbox, fail, keyring_or_exit, run_async, services_for

WEBHOOK_REFUSAL = ("setting BOT_MODE: webhook deliveries are served by the payment app; run "
                   "`subvault run` (bot and app in one process) or set BOT_MODE=polling")


def serve(settings: Settings) -> int:
    if settings.customer_bot_token is None:
        fail("setting CUSTOMER_BOT_TOKEN: not set (or run `subvault run` for local mode)")
    if settings.bot_mode == "webhook":
        fail(WEBHOOK_REFUSAL)
    check_sandbox(settings, local=False)
    keyring = keyring_or_exit(settings, create_for_new_sqlite=True)

    async def main() -> int:
        stop = stop_on_signals()
        async with services_for(settings, keyring) as services:
            bot = make_bot(settings.customer_bot_token.get_secret_value(),  # type: ignore[union-attr]
                           settings.telegram_api_base)
            # staff messages of the outbox go out through the admin bot when it is configured
            admin = make_bot(settings.admin_bot_token.get_secret_value(),
                             settings.telegram_api_base) if settings.admin_bot_token else None
            try:
                await CustomerBot(services, bot, admin_bot=admin).run(stop)
            finally:
                await bot.session.close()
                if admin is not None:
                    await admin.session.close()
        return 0

    return run_async(main)


def stop_on_signals() -> asyncio.Event:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    return stop
