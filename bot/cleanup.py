"""Deletes credential messages when their time is up (the schedule is stored, so a restart
resumes it); a message past Telegram's 48-hour window is dropped from the schedule."""

from __future__ import annotations

import asyncio
import logging

from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest, TelegramForbiddenError

from core.services.cleanup import CleanupService

log = logging.getLogger(__name__)


async def delete_due_messages(cleanup: CleanupService, bots: dict[str, Bot]) -> int:
    due = await cleanup.due()
    for stale in due.too_old:
        log.warning("message %s in chat %s is past the 48 h delete window", stale.message_id,
                    stale.chat_id)
        await cleanup.done(stale.id)
    deleted = 0
    for item in due.deletable:
        bot = bots.get(item.bot)
        if bot is None:
            continue
        try:
            await bot.delete_message(item.chat_id, item.message_id)
            deleted += 1
        except (TelegramBadRequest, TelegramForbiddenError) as exc:
            log.info("message %s in chat %s not deleted: %s", item.message_id, item.chat_id,
                     exc.message)
        await cleanup.done(item.id)
    return deleted


async def run_cleanup_loop(cleanup: CleanupService, bots: dict[str, Bot], stop: asyncio.Event,
                           interval_s: float = 5.0) -> None:
    while not stop.is_set():
        try:
            await delete_due_messages(cleanup, bots)
        except Exception:  # keep the loop alive; the schedule is still stored
            log.exception("message clean-up round failed")
        try:
            await asyncio.wait_for(stop.wait(), interval_s)
        except TimeoutError:
            continue
