"""The outbox: messages for Telegram queued in the same transaction as what caused them.

Core never renders text: a message names a locale ``template`` and its ``params``; the sender
renders it in the recipient's language when it delivers. A unique ``key`` makes queueing
idempotent, so a retried unit of work or a replayed webhook queues each message once.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from core.clock import Clock
from core.ids import IdFactory
from core.models import OutboxMessage, OutboxStatus
from core.storage.base import Store, Tx

log = logging.getLogger(__name__)
AUDIENCES = ("user", "staff")
BOTS = ("customer", "admin")


async def enqueue(tx: Tx, clock: Clock, ids: IdFactory, *, key: str, template: str,
                  params: dict[str, Any], chat_id: int | None = None, audience: str = "user",
                  bot: str = "customer", options: dict[str, Any] | None = None) -> bool:
    """Queue one message inside the caller's unit of work; False if ``key`` was queued before.

    ``params`` and ``options`` must be JSON-serialisable and must never hold a secret.
    """
    if audience not in AUDIENCES or bot not in BOTS:
        raise ValueError(f"audience must be one of {AUDIENCES} and bot one of {BOTS}")
    if audience == "user" and chat_id is None:
        raise ValueError("a message to a user needs a chat_id")
    now = clock.now()
    message = OutboxMessage(
        id=ids.new("msg"), key=key, bot=bot, audience=audience, chat_id=chat_id,
        template=template, params=dict(params), options=dict(options or {}),
        status=OutboxStatus.PENDING, attempts=0, next_attempt_at=now, created_at=now,
    )
    return await tx.outbox.add(message)


FOLD_WINDOW_SECONDS = 60


async def fold_alert(tx: Tx, clock: Clock, ids: IdFactory, *, cause: str, template: str,
                     params: dict[str, Any], window_seconds: int = FOLD_WINDOW_SECONDS,
                     bot: str = "admin") -> bool:
    """Tell staff about ``cause`` once per window however often it happens: the first time in
    a window queues a staff message (``params`` plus ``count`` = 1) that is held until the
    window ends; each repeat in the window adds one to its ``count``. True if this call queued
    the message, False if it was folded into the one already waiting."""
    now = clock.now()
    start = int(now.timestamp()) // window_seconds * window_seconds
    key = f"fold:{cause}:{start}"
    if await tx.outbox.fold(key, "count"):
        return False
    message = OutboxMessage(
        id=ids.new("msg"), key=key, bot=bot, audience="staff", chat_id=None,
        template=template, params={**params, "count": 1}, options={},
        status=OutboxStatus.PENDING, attempts=0,
        next_attempt_at=datetime.fromtimestamp(start + window_seconds, UTC), created_at=now,
    )
    return await tx.outbox.add(message)


class OutboxService:
    """What the sender and operators use: claim due messages, record each outcome."""

    def __init__(self, store: Store, clock: Clock, ids: IdFactory, *,
                 lease_seconds: int = 60) -> None:
        self._store = store
        self._clock = clock
        self._ids = ids
        self._lease = timedelta(seconds=lease_seconds)

    async def claim_due(self, limit: int = 100) -> list[OutboxMessage]:
        """Messages to send now. A claim is a lease: if the sender dies before it records the
        outcome, the message becomes due again when the lease ends — nothing is lost."""
        now = self._clock.now()
        return await self._store.transaction(
            lambda tx: tx.outbox.claim_due(now, limit, now + self._lease))

    async def mark_sent(self, message_id: str) -> None:
        now = self._clock.now()
        await self._store.transaction(lambda tx: tx.outbox.mark_sent(message_id, now))

    async def retry_later(self, message_id: str, delay_seconds: float, error: str) -> None:
        at = self._clock.now() + timedelta(seconds=delay_seconds)
        await self._store.transaction(lambda tx: tx.outbox.reschedule(message_id, at, error))

    @property
    def lease_seconds(self) -> float:
        """How long a claim lasts; a sender finishes (or leaves) its claims within it."""
        return self._lease.total_seconds()

    async def record_parts_sent(self, message_id: str, parts_sent: int) -> None:
        """Progress of a message sent in several parts, so a retry resumes after the last one
        delivered instead of sending the earlier parts again."""
        await self._store.transaction(
            lambda tx: tx.outbox.record_parts_sent(message_id, parts_sent))

    async def alert_staff(self, *, key: str, template: str, params: dict[str, Any]) -> bool:
        """Queue a message for every staff member (sent by the admin bot) in a unit of work of
        its own; False if ``key`` was queued before. ``params`` never hold a secret."""
        return await self._store.transaction(lambda tx: enqueue(
            tx, self._clock, self._ids, key=key, template=template, params=params,
            audience="staff", bot="admin"))

    async def fold_staff_alert(self, *, cause: str, template: str,
                               params: dict[str, Any]) -> bool:
        """:func:`fold_alert` in a unit of work of its own: one staff message per ``cause`` per
        window, with a count of how often it happened."""
        return await self._store.transaction(lambda tx: fold_alert(
            tx, self._clock, self._ids, cause=cause, template=template, params=params))

    async def fan_out(self, parent: OutboxMessage, chat_ids: Sequence[int]) -> int:
        """Replace a ``staff`` message by one ``user`` message per recipient and mark it sent,
        in one unit of work. A child's key is ``<parent key>:staff:<chat id>``, so fanning out
        again (after a crash, or by a second sender) queues nobody twice. Returns how many
        children are new."""
        now = self._clock.now()

        async def unit(tx: Tx) -> int:
            added = 0
            for chat_id in chat_ids:
                added += await enqueue(
                    tx, self._clock, self._ids, key=f"{parent.key}:staff:{chat_id}",
                    template=parent.template, params=parent.params, chat_id=chat_id,
                    bot=parent.bot, options=parent.options)
            await tx.outbox.mark_sent(parent.id, now)
            return added

        return await self._store.transaction(unit)

    async def give_up(self, message_id: str, error: str) -> None:
        log.warning("outbox message %s dead: %s", message_id, error)
        await self._store.transaction(lambda tx: tx.outbox.mark_dead(message_id, error))

    async def get(self, message_id: str) -> OutboxMessage | None:
        return await self._store.read(lambda tx: tx.outbox.get(message_id))

    async def recent(self, limit: int = 20, status: str | None = None) -> list[OutboxMessage]:
        return await self._store.read(lambda tx: tx.outbox.recent(limit, status))

    async def counts(self) -> dict[str, int]:
        return await self._store.read(lambda tx: tx.outbox.count_by_status())
