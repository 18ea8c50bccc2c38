"""Running the customer bot: polling, the outbox sender and the message clean-up, together."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

from aiogram import Bot

from bot.cleanup import run_cleanup_loop
from bot.commands import register_commands
from bot.customer import build_dispatcher
from bot.factory import paced_requests
from bot.sender import OutboxSender
from bot.webhook import WebhookIntake
from core.bootstrap import Services
from core.i18n import Translator

log = logging.getLogger(__name__)


async def run_customer_bot(services: Services, bot: Bot, stop: asyncio.Event, *,
                           translator: Translator | None = None,
                           admin_bot: Bot | None = None,
                           mount_webhook: Callable[[WebhookIntake], None] | None = None) -> None:
    """Take updates (polling, or webhook deliveries handed to ``mount_webhook``) and deliver
    the outbox until ``stop`` is set."""
    translator = translator or Translator()
    dp = build_dispatcher(services, translator)
    me = await bot.get_me()
    await register_commands(bot, translator)
    bots = {"customer": bot} | ({"admin": admin_bot} if admin_bot else {})
    paced = paced_requests(bot)
    sender = OutboxSender(services, bots, translator,
                          pacer=paced.pacer if paced is not None else None)
    tasks = [
        asyncio.create_task(sender.run_forever(stop), name="outbox-sender"),
        asyncio.create_task(run_cleanup_loop(services, {"customer": bot}, stop),
                            name="message-cleanup"),
    ]
    settings = services.settings
    if mount_webhook is not None and settings.bot_mode == "webhook":
        secret = settings.telegram_webhook_secret
        if secret is None:
            raise ValueError("BOT_MODE=webhook needs TELEGRAM_WEBHOOK_SECRET")
        intake = WebhookIntake(dp, bot, secret.get_secret_value())
        mount_webhook(intake)
        url = f"{settings.public_base_url}/telegram/customer"
        await bot.set_webhook(url, secret_token=secret.get_secret_value(),
                              drop_pending_updates=False)
        log.info("customer bot @%s (id %s) takes updates by webhook at %s", me.username, me.id,
                 url)
        await stop.wait()
        await intake.drain()
    else:
        await bot.delete_webhook(drop_pending_updates=False)
        log.info("customer bot @%s (id %s) polling", me.username, me.id)
        tasks.append(asyncio.create_task(dp.start_polling(bot, handle_signals=False),
                                         name="polling"))
        await stop.wait()
        await dp.stop_polling()
    await asyncio.gather(*tasks, return_exceptions=True)
