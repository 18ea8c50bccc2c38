"""Held purchases whose top-up never came: when the hold ends the intent is released (failed
with ``intent-expired``), so a top-up arriving later stays in the wallet instead of buying at a
price that is no longer held. The customer is told once."""

from __future__ import annotations

import logging

from core.clock import Clock
from core.ids import IdFactory
from core.models import IntentStatus
from core.money import format_amount
from core.services.notify import enqueue
from core.storage.base import Store, Tx

log = logging.getLogger(__name__)


class HoldService:
    def __init__(self, store: Store, clock: Clock, ids: IdFactory, *, batch: int = 200) -> None:
        self._store = store
        self._clock = clock
        self._ids = ids
        self._batch = batch

    async def release_expired(self) -> int:
        """Release every hold that has ended; how many."""
        total = 0
        while True:
            released = await self._store.transaction(self._page)
            total += released
            if released < self._batch:
                break
        if total:
            log.info("released %d held purchase(s) whose top-up never came", total)
        return total

    async def _page(self, tx: Tx) -> int:
        now = self._clock.now()
        intents = await tx.jobs.held_intents_expired(now, self._batch)
        for intent in intents:
            intent.status, intent.failure, intent.updated_at = (
                IntentStatus.FAILED, "intent-expired", now)
            await tx.intents.save(intent)
            await enqueue(tx, self._clock, self._ids, key=f"intent:{intent.id}:released",
                          template="hold-released", chat_id=intent.user_id,
                          params={"intent_id": intent.id,
                                  "amount": format_amount(intent.amount, intent.currency)})
        return len(intents)
