"""Webhook mode: Telegram's deliveries, handed over by the payment app's ``/telegram/customer``
route, are fed to the dispatcher. The secret token is checked in constant time (a wrong or missing
token → 403, nothing handled).

Telegram hears 200 only after the update is handled (its replies sent, its writes committed):
a worker that dies mid-update leaves the delivery unanswered, and Telegram delivers it again —
to another worker when several serve the bot. A failure outside the handlers (the store away)
answers 500 for the same reason. Errors inside handlers are answered by the error router."""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
from typing import Any

from aiogram import Bot, Dispatcher

log = logging.getLogger(__name__)


class TelegramWebhook:
    def __init__(self, dp: Dispatcher, bot: Bot, secret: str) -> None:
        if not secret:
            raise ValueError("webhook mode needs a secret token")
        self._dp = dp
        self._bot = bot
        self._secret = secret.encode()
        self._tasks: set[asyncio.Task[Any]] = set()

    def authorised(self, secret_token: str | None) -> bool:
        return hmac.compare_digest((secret_token or "").encode(), self._secret)

    async def receive(self, secret_token: str | None, body: bytes) -> int:
        """HTTP status for one delivery: 403 bad secret, 400 not an update, 200 handled, 500
        not handled (Telegram delivers it again)."""
        if not self.authorised(secret_token):
            log.warning("webhook delivery with a wrong secret token refused")
            return 403
        try:
            update = json.loads(body)
            if not isinstance(update, dict) or not isinstance(update.get("update_id"), int):
                raise ValueError("not an update")
        except ValueError:
            return 400
        task = asyncio.create_task(self._dp.feed_raw_update(self._bot, update))
        self._tasks.add(task)
        task.add_done_callback(self._handled)
        try:  # shielded: a dropped connection does not cut an update off halfway
            await asyncio.shield(task)
        except Exception:
            log.exception("update %s not handled; Telegram will deliver it again",
                          update["update_id"])
            return 500
        return 200

    def _handled(self, task: asyncio.Task[Any]) -> None:
        self._tasks.discard(task)
        if not task.cancelled():
            task.exception()  # retrieved (also when the delivery's connection dropped first)

    async def drain(self) -> None:
        if self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)
