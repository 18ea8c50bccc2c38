"""Subscriptions: what a customer owns, auto-renew, cancelling and expiry.

Renewing and buying live in ``purchases`` (they move money); this module reads and changes the
subscription itself. Anyone but the owner gets SubscriptionNotFound, exactly like an unknown id.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from core.clock import Clock, to_iso
from core.errors import SubscriptionNotActive, SubscriptionNotFound, found
from core.ids import IdFactory
from core.models import Product, Subscription, SubscriptionStatus
from core.services import audit
from core.services.notify import enqueue
from core.storage.base import Store, Tx

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class OwnedSubscription:
    subscription: Subscription
    product: Product


async def owned(tx: Tx, user_id: int, subscription_id: str) -> Subscription:
    """The subscription if ``user_id`` owns it; SubscriptionNotFound otherwise (no leak)."""
    sub = await tx.subscriptions.get(subscription_id)
    if sub is None or sub.user_id != user_id:
        raise SubscriptionNotFound("no such subscription", subscription_id=subscription_id)
    return sub


class SubscriptionService:
    def __init__(self, store: Store, clock: Clock, ids: IdFactory) -> None:
        self._store = store
        self._clock = clock
        self._ids = ids

    def days_left(self, sub: Subscription) -> int:
        """Whole days until ``sub`` ends (a part of a day counts as one); 0 once it ended."""
        return max(0, -(-int((sub.ends_at - self._clock.now()).total_seconds()) // 86400))

    async def list_for_user(self, user_id: int, limit: int = 50) -> list[OwnedSubscription]:
        """Newest first, each with its product."""
        async def unit(tx: Tx) -> list[OwnedSubscription]:
            out, products = [], {}
            for sub in await tx.subscriptions.for_user(user_id, limit):
                if sub.product_id not in products:
                    products[sub.product_id] = await tx.products.get(sub.product_id)
                if products[sub.product_id] is not None:
                    out.append(OwnedSubscription(sub, products[sub.product_id]))
            return out

        return await self._store.read(unit)

    async def get_for_user(self, user_id: int, subscription_id: str) -> OwnedSubscription:
        async def unit(tx: Tx) -> OwnedSubscription:
            sub = await owned(tx, user_id, subscription_id)
            product = await tx.products.get(sub.product_id)
            assert product is not None
            return OwnedSubscription(sub, product)

        return await self._store.read(unit)

    async def get(self, subscription_id: str) -> Subscription:
        """Staff lookup by id."""
        return found(await self._store.read(lambda tx: tx.subscriptions.get(subscription_id)),
                     SubscriptionNotFound("no such subscription", subscription_id=subscription_id))

    async def set_auto_renew(self, user_id: int, subscription_id: str, on: bool) -> Subscription:
        async def unit(tx: Tx) -> Subscription:
            sub = await owned(tx, user_id, subscription_id)
            if sub.status is not SubscriptionStatus.ACTIVE:
                raise SubscriptionNotActive("not active", status=sub.status.value)
            if sub.auto_renew != on:
                sub.auto_renew, sub.updated_at = on, self._clock.now()
                await tx.subscriptions.update(sub)
            return sub

        return await self._store.transaction(unit)

    async def cancel(self, subscription_id: str, *, actor: str, reason: str = "") -> Subscription:
        """Staff end a subscription now without a refund (audited; the customer is told)."""
        now = self._clock.now()

        async def unit(tx: Tx) -> Subscription:
            sub = await tx.subscriptions.get(subscription_id)
            if sub is None:
                raise SubscriptionNotFound("no such subscription", subscription_id=subscription_id)
            if sub.status is not SubscriptionStatus.ACTIVE:
                raise SubscriptionNotActive("not active", status=sub.status.value)
            sub.status, sub.auto_renew, sub.updated_at = SubscriptionStatus.CANCELLED, False, now
            sub.ends_at = min(sub.ends_at, now)
            await tx.subscriptions.update(sub)
            await enqueue(tx, self._clock, self._ids, key=f"sub:{sub.id}:cancelled",
                          template="subscription-cancelled", chat_id=sub.user_id,
                          params={"subscription_id": sub.id})
            await audit.append(tx, self._clock, actor=actor, action="subscription.cancel",
                               target=sub.id, details={"reason": reason[:200]})
            return sub

        return await self._store.transaction(unit)

    async def ending_before(self, moment: datetime, limit: int = 100) -> list[Subscription]:
        """Active subscriptions ending at or before ``moment`` (reminders, auto-renew)."""
        return await self._store.read(lambda tx: tx.subscriptions.ending_before(moment, limit))

    async def expire_due(self, limit: int = 100) -> list[Subscription]:
        """Mark active subscriptions whose end has passed as expired, free their seat on a
        shared account (a later renewal takes a seat again) and tell each customer, with a
        Renew button. The credential is no longer shown (credentials need an active one)."""
        now = self._clock.now()

        async def unit(tx: Tx) -> list[Subscription]:
            due = await tx.subscriptions.ending_before(now, limit)
            for sub in due:
                sub.status, sub.updated_at = SubscriptionStatus.EXPIRED, now
                if sub.stock_item_id:
                    item = await tx.stock.get(sub.stock_item_id)
                    if item is not None and item.slots_total > 1:
                        await tx.stock.release(item.id, now)
                        sub.stock_item_id = ""
                await tx.subscriptions.update(sub)
                await enqueue(tx, self._clock, self._ids,
                              key=f"sub:{sub.id}:expired:{to_iso(sub.ends_at)}",
                              template="subscription-expired", chat_id=sub.user_id,
                              params={"subscription_id": sub.id},
                              options={"reply_markup": [[{
                                  "text_key": "btn-renew",
                                  "callback_data": f"s:renew:{sub.id}"}]]})
            return due

        expired = await self._store.transaction(unit)
        if expired:
            log.info("expired %d subscription(s)", len(expired))
        return expired

    async def expire_all_due(self, batch: int = 200) -> int:
        """Expire everything due, a page per transaction; how many."""
        total = 0
        while True:
            done = await self.expire_due(batch)
            total += len(done)
            if len(done) < batch:
                return total
