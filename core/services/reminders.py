"""Reminders before a subscription ends, at each configured offset (``REMINDER_OFFSETS``).

A run has two steps, each correct however many job processes run and wherever one is killed:

1. **Claim.** For each offset the store keeps a cursor: the moment up to which subscription ends
   were handled at that offset. One transaction moves every cursor to now + offset and records,
   for each offset with subscriptions ending in (cursor, now + offset], one *window*: "the
   reminders at this offset of everything ending in this range" (counted on the subscriptions'
   end index; no row per subscription is written). Two processes on the same tick: the second
   sees the moved cursor (SQLite runs one writer at a time; on MongoDB the cursor document is a
   write conflict and the loser retries) and claims nothing.
2. **Queue.** Open windows are turned into outbox messages a page per transaction, in (end, id)
   order: each page queues the window's next subscriptions after its position (outbox key
   ``reminder:<subscription>:<end>:<offset>``, unique, so a reminder is queued once) and moves the
   position, compare-and-set; the last page closes the window. A process killed mid-run leaves
   its open page uncommitted; the next run goes on from the position.

A renewal moves the end, so the new period gets its own reminders when its time comes (and a
subscription renewed before its window is queued is no longer in it). A reminder is not claimed
when it is stale: a later offset is already due (the jobs were down for a while: only the latest
applies), or, for the last offset, it came due more than a day ago. A cancelled or refunded
subscription gets none; an expired one only the reminder at offset 0.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from core.clock import Clock, from_iso, to_iso
from core.durations import format_duration
from core.errors import RetryableConflict
from core.ids import IdFactory
from core.jobmodels import ReminderWindow
from core.models import Product, Subscription
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
        """Claim every reminder due now and queue what is claimed; how many were queued."""
        claimed = await self.claim()
        queued = await self.queue_claimed()
        if claimed or queued:
            log.info("reminders: %d claimed, %d queued", claimed, queued)
        return queued

    async def claim(self) -> int:
        """Step 1: claim the reminders due now at every offset (one transaction); how many
        are new."""
        now = self._clock.now()

        async def unit(tx: Tx) -> int:
            return sum([await self._claim(tx, index, offset, now)
                        for index, offset in enumerate(self.offsets)])

        return await self._store.transaction(unit)

    async def _claim(self, tx: Tx, index: int, offset: timedelta, now: datetime) -> int:
        name = cursor_mark(offset)
        stored = await tx.jobs.get_mark(name)
        after = from_iso(stored) if stored else now
        upto = now + offset
        if upto <= after:  # nothing new (or this process's clock is behind another's)
            if stored is None and not await tx.jobs.swap_mark(name, None, to_iso(after), now):
                raise RetryableConflict("the reminder cursor was set concurrently")
            return 0
        if index + 1 < len(self.offsets):
            fresh_from = now + self.offsets[index + 1]  # a later offset is due: skip this one
        else:
            fresh_from = now + offset - STALE_AFTER
        after = max(after, fresh_from)
        include_expired = offset == timedelta(0)
        claimed = await tx.jobs.count_ending(after, upto, include_expired) if after < upto else 0
        if claimed:
            label = format_duration(offset)
            await tx.jobs.add_reminder_window(ReminderWindow(
                id=f"{label}:{to_iso(after)}:{to_iso(upto)}", offset=label, after=after,
                upto=upto, include_expired=include_expired, claimed_at=now))
        if not await tx.jobs.swap_mark(name, stored, to_iso(upto), now):
            raise RetryableConflict("the reminder cursor moved concurrently")
        return claimed

    async def queue_claimed(self) -> int:
        """Step 2: queue the claimed windows in the outbox, a page per transaction."""
        queued = 0
        while True:
            page = await self._store.transaction(self._queue_page)
            if page is None:
                return queued
            queued += page

    async def _queue_page(self, tx: Tx) -> int | None:
        """Queue the next page of the oldest open window; None when no window is open."""
        windows = await tx.jobs.open_reminder_windows(1)
        if not windows:
            return None
        window = windows[0]
        now = self._clock.now()
        subs = await tx.jobs.ending_in(window, self._batch)
        products: dict[str, Product | None] = {}
        prices: dict[str, str] = {}
        queued = 0
        for sub in subs:
            if sub.product_id not in products:
                product = products[sub.product_id] = await tx.products.get(sub.product_id)
                if product is not None:
                    prices[product.id] = format_amount(product.price, self._currency)
            product = products[sub.product_id]
            if product is not None:
                queued += await self._queue(tx, window.offset, sub, product, prices[product.id],
                                            now)
        position = (subs[-1].ends_at, subs[-1].id) if subs else window.position
        if not await tx.jobs.advance_reminder_window(window, position,
                                                     len(subs) < self._batch, now):
            raise RetryableConflict("the reminder window moved concurrently")
        return queued

    async def _queue(self, tx: Tx, offset: str, sub: Subscription, product: Product, price: str,
                     now: datetime) -> int:
        left = sub.ends_at - now
        days = max(0, int((left + timedelta(hours=12)) // timedelta(days=1)))
        added = await enqueue(
            tx, self._clock, self._ids, key=f"reminder:{sub.id}:{to_iso(sub.ends_at)}:{offset}",
            template="reminder-ending", chat_id=sub.user_id,
            params={"subscription_id": sub.id, "platform": product.platform,
                    "plan": product.plan, "days": days, "ends_at": when(sub.ends_at),
                    "price": price, "auto": "yes" if sub.auto_renew else "no"},
            options=renew_buttons(sub.id))
        return int(added)
