"""``subvault jobs``: the scheduler; with a bot token also the outbox sender and the message
clean-up (each under its store lease), and reconciliation asks Telegram about Stars."""

from __future__ import annotations

import asyncio
import logging

from aiogram import Bot

from bot.factory import make_bot
from bot.runner import delivery_tasks
from bot.stars import BotStarTransactions
from core.bootstrap import Services
from core.config import Settings
from core.i18n import Translator
from core.services.jobset import build_job_set
from core.services.leases import process_owner
from jobs.scheduler import run_scheduler
from subvault.context import keyring_or_exit, run_async, services_for
from subvault.launch.customer_bot import stop_on_signals

log = logging.getLogger("subvault")


def serve(settings: Settings) -> int:
    keyring = keyring_or_exit(settings)

    async def main() -> int:
        stop = stop_on_signals()
        async with services_for(settings, keyring) as services:
            bots = _bots(settings)
            try:
                await run_jobs(services, stop, bots)
            finally:
                for bot in bots.values():
                    await bot.session.close()
        return 0

    return run_async(main)


def _bots(settings: Settings) -> dict[str, Bot]:
    bots: dict[str, Bot] = {}
    for name, token in (("customer", settings.customer_bot_token),
                        ("admin", settings.admin_bot_token)):
        if token is not None:
            bots[name] = make_bot(token.get_secret_value(), settings.telegram_api_base)
    return bots


async def run_jobs(services: Services, stop: asyncio.Event, bots: dict[str, Bot], *,
                   deliver: bool = True) -> None:
    """The scheduled jobs until ``stop``; with ``bots``, Stars reconciliation through the
    customer bot and (``deliver``) the outbox sender and message clean-up under their leases."""
    if "customer" in bots:
        services.payments.attach_star_transactions(BotStarTransactions(bots["customer"]))
    tasks = delivery_tasks(services, bots, Translator(), stop) if bots and deliver else []
    if not bots:
        log.warning("no CUSTOMER_BOT_TOKEN: the jobs queue messages, but this process does not "
                    "deliver them (a bot process does)")
    try:
        await run_scheduler(build_job_set(services, owner=process_owner()), stop)
    finally:
        stop.set()
        await asyncio.gather(*tasks, return_exceptions=True)
