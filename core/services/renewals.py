"""Auto-renew: subscriptions that have it on are renewed from the wallet ``AUTORENEW_AHEAD``
before their end, at the plan's current price, extending from the current end.

Each period is charged at most once: the renewal's intent id names the subscription and the end
it renews (``purchases.auto_renew_intent``), the order is unique per intent and the debit's
idempotency key is ``purchase:<intent id>`` — so a second run, a second process or a retry after a
crash replays the same order instead of charging again. With too little balance nothing is
charged and the customer gets one shortfall reminder per period (with a button to top up the
shortfall); the renewal is tried again on every run until the end.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from core.clock import Clock, to_iso
from core.errors import DomainError, InsufficientFunds, WalletInDebt
from core.ids import IdFactory
from core.models import Product, Subscription
from core.money import format_amount
from core.services.notify import enqueue
from core.services.purchases import CANNOT_COMPLETE, PurchaseService
from core.services.reminders import renew_buttons, when
from core.storage.base import Store, Tx

log = logging.getLogger(__name__)


@dataclass
class RenewReport:
    renewed: int = 0
    short: int = 0
    failed: int = 0
    skipped: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def handled(self) -> int:
        return self.renewed + self.short + self.failed


class RenewalService:
    def __init__(self, store: Store, clock: Clock, ids: IdFactory, purchases: PurchaseService,
                 *, ahead: timedelta, currency: str, min_topup: int = 1,
                 batch: int = 200) -> None:
        self._store = store
        self._clock = clock
        self._ids = ids
        self._purchases = purchases
        self._ahead = ahead
        self._currency = currency
        self._min_topup = max(1, min_topup)
        self._batch = batch

    async def run(self) -> RenewReport:
        now = self._clock.now()
        report = RenewReport()
        cursor = (now, "")  # past its end, a subscription is for expiry, not renewal
        while True:
            due = await self._store.read(
                lambda tx, c=cursor: tx.jobs.auto_renew_due(c, now + self._ahead, self._batch))
            for sub in due:
                await self._renew(sub, report)
            if len(due) < self._batch:
                break
            cursor = (due[-1].ends_at, due[-1].id)
        if report.handled:
            log.info("auto-renew: %d renewed, %d short of balance, %d could not renew",
                     report.renewed, report.short, report.failed)
        return report

    async def _renew(self, sub: Subscription, report: RenewReport) -> None:
        try:
            result = await self._purchases.auto_renew(sub.id, period_end=sub.ends_at)
        except InsufficientFunds as exc:
            report.short += 1
            await self._tell_short(sub, int(exc.params.get("balance", 0)))
            return
        except WalletInDebt as exc:  # a refunded payment was spent: the debt comes first
            report.short += 1
            await self._tell_short(sub, -int(exc.params.get("amount", 0)))
            return
        except CANNOT_COMPLETE as exc:
            report.failed += 1
            await self._tell_failed(sub, exc)
            return
        if result is None:
            report.skipped += 1
        elif not result.replayed:
            report.renewed += 1

    async def _tell_short(self, sub: Subscription, balance: int) -> None:
        def details(product: Product | None) -> tuple[dict[str, str], dict[str, Any] | None]:
            amount = product.price if product else 0
            shortfall = max(amount - balance, 1)
            return ({"price": format_amount(amount, self._currency),
                     "balance": format_amount(balance, self._currency),
                     "shortfall": format_amount(shortfall, self._currency)},
                    renew_buttons(sub.id, topup_amount=max(shortfall, self._min_topup)))

        await self._tell(sub, "short", "autorenew-shortfall", details)

    async def _tell_failed(self, sub: Subscription, exc: DomainError) -> None:
        await self._tell(sub, "failed", "autorenew-failed",
                         lambda product: ({"reason_key": f"error-{exc.code}"}, None))

    async def _tell(self, sub: Subscription, outcome: str, template: str,
                    details: Callable[[Product | None],
                                      tuple[dict[str, str], dict[str, Any] | None]]) -> None:
        """One message per period and outcome about a renewal that did not happen: the plan's
        names and the end, with what ``details`` adds for this outcome (params, buttons)."""
        async def unit(tx: Tx) -> None:
            product = await tx.products.get(sub.product_id)
            params, options = details(product)
            await enqueue(
                tx, self._clock, self._ids,
                key=f"autorenew:{sub.id}:{to_iso(sub.ends_at)}:{outcome}",
                template=template, chat_id=sub.user_id,
                params={"subscription_id": sub.id,
                        "platform": product.platform if product else "",
                        "plan": product.plan if product else "",
                        **params, "ends_at": when(sub.ends_at)},
                options=options)

        await self._store.transaction(unit)
