"""Running the customer bot: polling, the outbox sender and the message clean-up, together."""

from __future__ import annotations

import asyncio
import logging

from aiogram import Bot

from bot.cleanup import run_cleanup_loop
from bot.commands import register_commands
from bot.customer import build_dispatcher
from bot.sender import OutboxSender
from core.bootstrap import Services
from core.i18n import Translator

log = logging.getLogger(__name__)


async def run_customer_bot(services: Services, bot: Bot, stop: asyncio.Event, *,
                           translator: Translator | None = None,
                           admin_bot: Bot | None = None) -> None:
    """Poll for updates and deliver the outbox until ``stop`` is set."""
    translator = translator or Translator()
    dp = build_dispatcher(services, translator)
    me = await bot.get_me()
    await register_commands(bot, translator)
    bots = {"customer": bot} | ({"admin": admin_bot} if admin_bot else {})
    sender = OutboxSender(services, bots, translator)
    log.info("customer bot @%s (id %s) polling", me.username, me.id)
    tasks = [
        asyncio.create_task(dp.start_polling(bot, handle_signals=False), name="polling"),
        asyncio.create_task(sender.run_forever(stop), name="outbox-sender"),
        asyncio.create_task(run_cleanup_loop(services, {"customer": bot}, stop),
                            name="message-cleanup"),
    ]
    await stop.wait()
    await dp.stop_polling()
    await asyncio.gather(*tasks, return_exceptions=True)
