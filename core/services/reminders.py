"""Reminders before a subscription ends, at each configured offset (``REMINDER_OFFSETS``).

A run has two steps, each correct however many job processes run and wherever one is killed:

1. **Claim.** For each offset the store keeps a cursor: the moment up to which subscription ends
   were handled at that offset. One set-based write claims the reminder of every subscription
   ending in (cursor, now + offset] — a row keyed ``<subscription>:<end>:<offset>``, unique, so a
   reminder is claimed once — and moves the cursor, in one transaction (an index range on the
   subscriptions' end). Two processes on the same tick: the second sees the moved cursor (SQLite
   runs one writer at a time; on MongoDB the cursor document is a write conflict and the loser
   retries) and claims nothing.
2. **Queue.** Claimed reminders are turned into outbox messages (outbox key ``reminder:<key>``,
   unique too) and marked queued, a page per transaction. A process killed mid-run leaves its
   open page uncommitted; the next run queues what is still claimed.

A renewal moves the end, so the new period gets its own reminders when its time comes. A
reminder is not claimed when it is stale: a later offset is already due (the jobs were down for a
while: only the latest applies), or, for the last offset, it came due more than a day ago. A
cancelled or refunded subscription gets none; an expired one only the reminder at offset 0.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from core.clock import Clock, from_iso, to_iso
from core.durations import format_duration
from core.errors import RetryableConflict
from core.ids import IdFactory
from core.jobmodels import ReminderClaim
from core.models import Product
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
        claimed = await tx.jobs.claim_reminders(
            format_duration(offset), max(after, fresh_from), upto,
            offset == timedelta(0), now)
        if not await tx.jobs.swap_mark(name, stored, to_iso(upto), now):
            raise RetryableConflict("the reminder cursor moved concurrently")
        return claimed

    async def queue_claimed(self) -> int:
        """Step 2: queue the claimed reminders in the outbox, a page per transaction."""
        queued = 0
        while True:
            page = await self._store.transaction(self._queue_page)
            queued += page[0]
            if page[1] < self._batch:
                return queued

    async def _queue_page(self, tx: Tx) -> tuple[int, int]:
        now = self._clock.now()
        claims = await tx.jobs.claimed_reminders(self._batch)
        products: dict[str, Product | None] = {}
        prices: dict[str, str] = {}
        queued = 0
        for claim in claims:
            if claim.product_id not in products:
                product = products[claim.product_id] = await tx.products.get(claim.product_id)
                if product is not None:
                    prices[product.id] = format_amount(product.price, self._currency)
            product = products[claim.product_id]
            if product is not None:
                queued += await self._queue(tx, claim, product, prices[product.id], now)
        if claims:
            await tx.jobs.mark_reminders_queued([c.key for c in claims], now)
        return queued, len(claims)

    async def _queue(self, tx: Tx, claim: ReminderClaim, product: Product, price: str,
                     now: datetime) -> int:
        left = claim.ends_at - now
        days = max(0, int((left + timedelta(hours=12)) // timedelta(days=1)))
        added = await enqueue(
            tx, self._clock, self._ids, key=f"reminder:{claim.key}",
            template="reminder-ending", chat_id=claim.user_id,
            params={"subscription_id": claim.subscription_id, "platform": product.platform,
                    "plan": product.plan, "days": days, "ends_at": when(claim.ends_at),
                    "price": price, "auto": "yes" if claim.auto_renew else "no"},
            options=renew_buttons(claim.subscription_id))
        return int(added)
