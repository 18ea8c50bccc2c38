"""Running the admin bot: seed ADMIN_IDS, the command menu, polling, and (when asked) the
outbox sender for both bots."""

from __future__ import annotations

import asyncio
import logging

from aiogram import Bot

from bot.admin import build_admin_dispatcher
from bot.commands import register_commands
from bot.runner import delivery_tasks
from core.bootstrap import Services
from core.i18n import Translator

log = logging.getLogger(__name__)
ADMIN_COMMANDS = ("start", "find", "orders", "products", "stock", "transfers", "approvals",
                  "coupons", "broadcast", "chart", "alerts", "audit", "staff")


async def run_admin_bot(services: Services, bot: Bot, stop: asyncio.Event, *,
                        translator: Translator | None = None,
                        customer_bot: Bot | None = None, send_outbox: bool = False) -> None:
    """Poll the admin bot until ``stop`` is set. ``customer_bot`` makes the calls only the
    customer bot may make (Stars refunds). ``send_outbox``: also deliver the outbox (when no
    customer-bot process in this deployment does it)."""
    translator = translator or Translator()
    seeded = await services.staff.seed()
    if seeded:
        log.info("admin bot: %d id(s) from ADMIN_IDS made admin", len(seeded))
    dp = build_admin_dispatcher(services, translator, customer_bot=customer_bot)
    me = await bot.get_me()
    await register_commands(bot, translator, ADMIN_COMMANDS, key_prefix="admin-cmd-")
    await bot.delete_webhook(drop_pending_updates=False)
    tasks = [asyncio.create_task(dp.start_polling(bot, handle_signals=False),
                                 name="admin-polling")]
    if send_outbox:  # under the store's lease: never two senders for one bot
        bots = {"admin": bot} | ({"customer": customer_bot} if customer_bot else {})
        tasks += delivery_tasks(services, bots, translator, stop)
    watcher = dp["broadcast_watch"]
    resumed = await watcher.resume(bot)  # broadcasts that were sending when we stopped
    log.info("admin bot @%s (id %s) polling; %d staff; %d broadcast(s) resumed", me.username,
             me.id, len(await services.staff.members()), resumed)
    await stop.wait()
    await dp.stop_polling()
    await watcher.close()
    await asyncio.gather(*tasks, return_exceptions=True)
