"""Reminders before a subscription ends, at each configured offset (``REMINDER_OFFSETS``).

How the work is claimed: for each offset the store keeps a cursor — the (end, id) of the last
subscription whose reminder at that offset was handled. A run pages through subscriptions with
(end, id) past the cursor and end <= now + offset (an index range), queues each reminder in the
outbox and moves the cursor, all in one transaction per page. So:

- two job processes on the same tick: the second sees the moved cursor (SQLite runs one writer
  at a time; on MongoDB the cursor document is a write conflict and the loser retries), and finds
  nothing left;
- a process killed mid-run: its open page never committed; the next run starts at the cursor;
- the outbox key ``reminder:<sub>:<end>:<offset>`` is unique as well, so no path queues one twice;
- a renewal moves the end, so the new period gets its own reminders when its time comes.

A reminder is skipped (not queued) when it is stale: a later offset is already due (the jobs were
down for a while: only the latest applies), or, for the last offset, it came due more than a day
ago. A cancelled or refunded subscription gets none.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from core.clock import Clock, from_iso, to_iso
from core.durations import format_duration
from core.errors import RetryableConflict
from core.ids import IdFactory
from core.models import Product, Subscription, SubscriptionStatus
from core.money import format_amount
from core.services.notify import enqueue
from core.storage.base import Store, Tx

log = logging.getLogger(__name__)
STALE_AFTER = timedelta(days=1)
# Callback data of the customer bot's buttons (bot/customer/callbacks.py; a bot test checks
# that these unpack there): renew a subscription, open the top-up menu, top up an amount.
RENEW_CALLBACK = "s:renew:{subscription_id}"
TOPUP_CALLBACK = "m:topup"
TOPUP_AMOUNT_CALLBACK = "ta:{amount}"


def when(moment: datetime) -> str:
    """How a moment is shown in messages: ``2026-01-04 00:00 UTC``."""
    return moment.strftime("%Y-%m-%d %H:%M UTC")


def renew_buttons(subscription_id: str, *, topup_amount: int | None = None) -> dict:
    """Outbox options: a Renew and a Top up button (the latter for ``topup_amount`` if given)."""
    topup = (TOPUP_AMOUNT_CALLBACK.format(amount=topup_amount) if topup_amount
             else TOPUP_CALLBACK)
    return {"reply_markup": [[
        {"text_key": "btn-renew",
         "callback_data": RENEW_CALLBACK.format(subscription_id=subscription_id)},
        {"text_key": "btn-topup", "callback_data": topup},
    ]]}


def cursor_mark(offset: timedelta) -> str:
    return f"reminders:cursor:{int(offset.total_seconds())}"


def _encode(cursor: tuple[datetime, str]) -> str:
    return f"{to_iso(cursor[0])}|{cursor[1]}"


def _decode(value: str) -> tuple[datetime, str]:
    end, _, sub_id = value.partition("|")
    return from_iso(end), sub_id


@dataclass(frozen=True, slots=True)
class ReminderPage:
    queued: int
    claimed: int
    more: bool


class ReminderService:
    def __init__(self, store: Store, clock: Clock, ids: IdFactory, *,
                 offsets: tuple[timedelta, ...], currency: str, batch: int = 500) -> None:
        if not offsets:
            raise ValueError("at least one reminder offset is needed")
        self._store = store
        self._clock = clock
        self._ids = ids
        self.offsets = tuple(sorted(set(offsets), reverse=True))
        self._currency = currency
        self._batch = batch

    async def run(self) -> int:
        """Queue every reminder that is due now; how many were queued."""
        now = self._clock.now()
        queued = claimed = 0
        for index, offset in enumerate(self.offsets):
            while True:
                page = await self._store.transaction(
                    lambda tx, i=index, o=offset: self._page(tx, i, o, now))
                queued, claimed = queued + page.queued, claimed + page.claimed
                if not page.more:
                    break
        if claimed:
            log.info("reminders: %d due, %d queued", claimed, queued)
        return queued

    async def _page(self, tx: Tx, index: int, offset: timedelta, now: datetime
                    ) -> ReminderPage:
        name = cursor_mark(offset)
        stored = await tx.jobs.get_mark(name)
        cursor = _decode(stored) if stored else (now, "")
        upto = now + offset
        if upto < cursor[0]:
            return ReminderPage(0, 0, False)  # this clock is behind the one that moved it
        subs = await tx.jobs.subscriptions_ending(cursor, upto, self._batch)
        products: dict[str, Product | None] = {}
        queued = 0
        for sub in subs:
            if self._stale(sub, index, now):
                continue
            if sub.product_id not in products:
                products[sub.product_id] = await tx.products.get(sub.product_id)
            product = products[sub.product_id]
            if product is None:
                continue
            queued += await self._queue(tx, sub, product, offset, now)
        more = len(subs) == self._batch
        new = (subs[-1].ends_at, subs[-1].id) if subs else cursor
        if not more:
            new = max(new, (upto, ""))
        moved = stored is None or new != cursor
        if moved and not await tx.jobs.swap_mark(name, stored, _encode(new), now):
            raise RetryableConflict("the reminder cursor moved concurrently")
        return ReminderPage(queued, len(subs), more)

    def _stale(self, sub: Subscription, index: int, now: datetime) -> bool:
        if sub.status is SubscriptionStatus.EXPIRED and self.offsets[index] > timedelta(0):
            return True
        if sub.status not in (SubscriptionStatus.ACTIVE, SubscriptionStatus.EXPIRED):
            return True
        if index + 1 < len(self.offsets):
            return sub.ends_at <= now + self.offsets[index + 1]
        return now - (sub.ends_at - self.offsets[index]) > STALE_AFTER

    async def _queue(self, tx: Tx, sub: Subscription, product: Product, offset: timedelta,
                     now: datetime) -> int:
        left = sub.ends_at - now
        days = max(0, int((left + timedelta(hours=12)) // timedelta(days=1)))
        added = await enqueue(
            tx, self._clock, self._ids,
            key=f"reminder:{sub.id}:{to_iso(sub.ends_at)}:{format_duration(offset)}",
            template="reminder-ending", chat_id=sub.user_id,
            params={"subscription_id": sub.id, "platform": product.platform,
                    "plan": product.plan, "days": days, "ends_at": when(sub.ends_at),
                    "price": format_amount(product.price, self._currency),
                    "auto": "yes" if sub.auto_renew else "no"},
            options=renew_buttons(sub.id))
        return int(added)
