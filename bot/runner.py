"""Running the customer bot: updates (polling or webhook), the outbox sender and the message
clean-up, together."""

from __future__ import annotations

import asyncio
import logging

from aiogram import Bot

from bot.cleanup import run_cleanup_loop
from bot.collector import pace_for_serving
from bot.commands import register_commands
from bot.customer import build_dispatcher
from bot.factory import paced_requests
from bot.sender import OutboxSender
from bot.webhook import TelegramWebhook
from core.bootstrap import Services
from core.i18n import Translator
from core.services.leases import LeaseService

log = logging.getLogger(__name__)
SENDER_LEASE = "outbox-sender"
CLEANUP_LEASE = "message-cleanup"


def delivery_tasks(services: Services, bots: dict[str, Bot], translator: Translator,
                   stop: asyncio.Event, *, leases: LeaseService | None = None
                   ) -> list[asyncio.Task[None]]:
    """The outbox sender and the credential-message clean-up, each run only while this process
    holds its lease in the store: wherever else they run (the jobs process, a second bot
    process), one bot is never paced by two senders."""
    leases = leases or LeaseService(services.store, services.clock)
    paced = paced_requests(bots["customer"]) if "customer" in bots else None
    # staff alerts: ALERT_CHAT_ID or admins, mutes by kind; broadcast pictures; one pacer with
    # the customer bot's replies
    sender = OutboxSender(services.outbox, services.users, bots, translator,
                          staff=services.staff, media=services.broadcasts,
                          pacer=paced.pacer if paced is not None else None)
    return [
        asyncio.create_task(leases.run_while_held(SENDER_LEASE, stop, sender.run_forever),
                            name="outbox-sender"),
        asyncio.create_task(leases.run_while_held(
            CLEANUP_LEASE, stop, lambda inner: run_cleanup_loop(services.cleanup, bots, inner)),
            name="message-cleanup"),
    ]


class CustomerBot:
    """The customer bot's dispatcher with its outbox sender and clean-up. It polls, unless it is
    built with a ``webhook_secret``: then ``webhook`` takes Telegram's deliveries, which the
    payment app's ``/telegram/customer`` route hands to it (the launcher wires the two)."""

    def __init__(self, services: Services, bot: Bot, *, translator: Translator | None = None,
                 admin_bot: Bot | None = None, webhook_secret: str | None = None) -> None:
        self._services = services
        self._bot = bot
        self._admin_bot = admin_bot
        self._translator = translator or Translator()
        self._webhook_secret = webhook_secret
        self.dispatcher = build_dispatcher(services, self._translator)
        self.webhook = TelegramWebhook(self.dispatcher, bot, webhook_secret) \
            if webhook_secret else None

    async def run(self, stop: asyncio.Event, *, webhook_url: str = "",
                  shared_webhook: bool = False) -> None:
        """Take updates and deliver the outbox until ``stop`` is set. In webhook mode Telegram
        is told to deliver to ``webhook_url`` — unless ``shared_webhook`` (a worker of ``run
        --workers N``, same settings as its siblings) and Telegram already delivers there: a
        worker restarting must not set it again, which makes Telegram drop its deliveries under
        way and send them again (a sibling would handle an update twice)."""
        bot, services = self._bot, self._services
        me = await bot.get_me()
        await register_commands(bot, self._translator)
        bots = {"customer": bot} | ({"admin": self._admin_bot} if self._admin_bot else {})
        tasks = delivery_tasks(services, bots, self._translator, stop)
        if self.webhook is not None:
            if not webhook_url:
                raise ValueError("webhook mode needs the URL Telegram delivers to")
            pace_for_serving()  # polling does it in the dispatcher's startup
            if not shared_webhook or (await bot.get_webhook_info()).url != webhook_url:
                await bot.set_webhook(webhook_url, secret_token=self._webhook_secret,
                                      drop_pending_updates=False)
            log.info("customer bot @%s (id %s) takes updates by webhook at %s", me.username,
                     me.id, webhook_url)
            await stop.wait()
            await self.webhook.drain()
        else:
            await bot.delete_webhook(drop_pending_updates=False)
            log.info("customer bot @%s (id %s) polling", me.username, me.id)
            tasks.append(asyncio.create_task(
                self.dispatcher.start_polling(bot, handle_signals=False), name="polling"))
            await stop.wait()
            await self.dispatcher.stop_polling()
        await asyncio.gather(*tasks, return_exceptions=True)
