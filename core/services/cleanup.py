"""Scheduled deletion of bot messages that showed secrets (credentials in chat).

The schedule is stored, so it survives restarts. Telegram lets a bot delete its messages only
within 48 hours of sending; a clean-up found later than that is dropped (and counted), because
the message can no longer be removed by the bot.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from core.clock import Clock
from core.ids import IdFactory
from core.models import Cleanup
from core.storage.base import Store

TELEGRAM_DELETE_WINDOW = timedelta(hours=48)
SAFETY_MARGIN = timedelta(minutes=5)


@dataclass(frozen=True, slots=True)
class DueCleanups:
    deletable: list[Cleanup]
    too_old: list[Cleanup]


class CleanupService:
    def __init__(self, store: Store, clock: Clock, ids: IdFactory, *,
                 credential_seconds: int = 0) -> None:
        self._store = store
        self._clock = clock
        self._ids = ids
        # How long a message that shows credentials stays in the chat; 0 keeps it.
        self.credential_seconds = credential_seconds

    async def schedule(self, *, bot: str, chat_id: int, message_id: int,
                       after_seconds: int) -> Cleanup:
        """Delete this message ``after_seconds`` from now, capped inside Telegram's window."""
        now = self._clock.now()
        delay = min(timedelta(seconds=max(after_seconds, 0)),
                    TELEGRAM_DELETE_WINDOW - SAFETY_MARGIN)
        cleanup = Cleanup(id=self._ids.new("cln"), bot=bot, chat_id=chat_id,
                          message_id=message_id, sent_at=now, delete_at=now + delay)
        await self._store.transaction(lambda tx: tx.cleanups.add(cleanup))
        return cleanup

    async def due(self, limit: int = 100) -> DueCleanups:
        now = self._clock.now()
        found = await self._store.read(lambda tx: tx.cleanups.due(now, limit))
        too_old = [c for c in found if now - c.sent_at >= TELEGRAM_DELETE_WINDOW]
        return DueCleanups([c for c in found if c not in too_old], too_old)

    async def done(self, cleanup_id: str) -> None:
        await self._store.transaction(lambda tx: tx.cleanups.remove(cleanup_id))
