"""Staff alerts the scheduler raises: low stock (once per crossing) and the ledger check."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from core.clock import Clock, to_iso
from core.ids import IdFactory
from core.models import Delivery, StockLevel
from core.money import format_amount
from core.services.notify import enqueue
from core.storage.base import Store, Tx

log = logging.getLogger(__name__)
SETTLED_TOPUPS = frozenset({"credited", "refunding", "refunded"})


def low_mark(product_id: str) -> str:
    return f"lowstock:{product_id}"


class LowStockAlerts:
    """A product whose free slots fall to its threshold or below is told to staff once; it
    must come back above the threshold (a restock) before it can be told again."""

    def __init__(self, store: Store, clock: Clock, ids: IdFactory) -> None:
        self._store = store
        self._clock = clock
        self._ids = ids

    async def run(self) -> int:
        """Queue an alert for each product that crossed since the last run; how many."""
        return await self._store.transaction(self._unit)

    async def _unit(self, tx: Tx) -> int:
        now = self._clock.now()
        products = [p for p in await tx.products.list(active_only=True)
                    if p.delivery is Delivery.AUTO]
        levels = {lv.product_id: lv for lv in await tx.stock.levels([p.id for p in products])}
        alerts = 0
        for product in products:
            level = levels.get(product.id, StockLevel(product.id, 0, 0, 0, 0))
            low = level.free_slots <= product.low_stock_threshold
            mark = await tx.jobs.get_mark(low_mark(product.id)) or "ok:0"
            state, _, count = mark.partition(":")
            crossings = int(count or 0)
            if low and state != "low":
                crossings += 1
                await tx.jobs.put_mark(low_mark(product.id), f"low:{crossings}", now)
                alerts += await enqueue(
                    tx, self._clock, self._ids, key=f"lowstock:{product.id}:{crossings}",
                    template="staff-low-stock", audience="staff", bot="admin",
                    params={"product_id": product.id, "platform": product.platform,
                            "plan": product.plan, "free": level.free_slots,
                            "threshold": product.low_stock_threshold})
            elif not low and state == "low":
                await tx.jobs.put_mark(low_mark(product.id), f"ok:{crossings}", now)
        return alerts


@dataclass
class LedgerReport:
    wallets: int = 0
    wallet_mismatches: list[tuple[int, int, int]] = field(default_factory=list)  # user, bal, sum
    topups: int = 0
    topup_problems: list[tuple[str, str, int]] = field(default_factory=list)  # id, status, n

    @property
    def clean(self) -> bool:
        return not self.wallet_mismatches and not self.topup_problems


class LedgerCheck:
    """Each wallet's balance equals the sum of its entries; each credited (or since refunded)
    top-up has exactly one ledger credit and no other top-up has any. Staff get a report, and
    an alert naming each difference."""

    def __init__(self, store: Store, clock: Clock, ids: IdFactory, *, currency: str,
                 page: int = 500) -> None:
        self._store = store
        self._clock = clock
        self._ids = ids
        self._currency = currency
        self._page = page

    async def run(self) -> LedgerReport:
        report = LedgerReport()
        users = await self._store.read(lambda tx: tx.ledger.wallet_user_ids())
        for start in range(0, len(users), self._page):
            chunk = users[start:start + self._page]
            pairs = await self._store.read(lambda tx, c=chunk: _balances(tx, c))
            for user_id, balance, total in pairs:
                report.wallets += 1
                if balance != total:  # below zero is a debt the ledger records
                    report.wallet_mismatches.append((user_id, balance, total))
        after = ""
        while True:
            rows = await self._store.read(
                lambda tx, a=after: tx.jobs.topup_credits(a, self._page))
            for topup_id, status, _amount, credits in rows:
                report.topups += 1
                expected = 1 if status in SETTLED_TOPUPS else 0
                if credits != expected:
                    report.topup_problems.append((topup_id, status, credits))
            if len(rows) < self._page:
                break
            after = rows[-1][0]
        await self._tell(report)
        return report

    async def _tell(self, report: LedgerReport) -> None:
        now = self._clock.now()
        stamp = to_iso(now)
        lines = [f"user {u}: balance {format_amount(b, self._currency)}, entries sum "
                 f"{format_amount(s, self._currency)}" for u, b, s in report.wallet_mismatches]
        lines += [f"top-up {t} ({st}): {n} ledger credit(s)" for t, st, n in report.topup_problems]

        async def unit(tx: Tx) -> None:
            await enqueue(tx, self._clock, self._ids, key=f"ledger-check:{stamp}:report",
                          template="staff-ledger-report", audience="staff", bot="admin",
                          params={"wallets": report.wallets, "topups": report.topups,
                                  "problems": len(lines)})
            if lines:
                await enqueue(tx, self._clock, self._ids, key=f"ledger-check:{stamp}:alert",
                              template="staff-ledger-alert", audience="staff", bot="admin",
                              params={"problems": len(lines), "details": "\n".join(lines[:50])})

        await self._store.transaction(unit)
        if lines:
            log.error("ledger check found %d difference(s)", len(lines))


async def _balances(tx: Tx, users: list[int]) -> list[tuple[int, int, int]]:
    return [(u, await tx.ledger.balance(u), await tx.ledger.sum_entries(u)) for u in users]
