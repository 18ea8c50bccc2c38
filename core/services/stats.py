"""Shop figures for staff: the dashboard and the chart series, from store aggregates only."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from core.clock import Clock
from core.models import DayAmount, TopUp, TopUpStatus, Totals, WebhookEvent
from core.services.stock import StockService
from core.storage.base import Store, Tx

STUCK_AFTER = timedelta(minutes=30)  # a pending top-up older than this needs a look


@dataclass(frozen=True, slots=True)
class Period:
    """Figures of one window ``[since, until)``."""

    since: datetime
    until: datetime
    sales: Totals
    topups: dict[str, Totals]  # by gateway
    new_customers: int
    refunds_to_wallet: Totals  # order refunds credited to wallets
    refunds_to_gateway: Totals  # top-ups paid back through the gateway (wallet debits)

    @property
    def topup_total(self) -> Totals:
        return Totals(sum(t.count for t in self.topups.values()),
                      sum(t.amount for t in self.topups.values()))


@dataclass(frozen=True, slots=True)
class Attention:
    low_stock: int
    manual_orders: int
    held_topups: int
    unmatched_payments: int
    stuck_topups: int
    open_tickets: int

    @property
    def total(self) -> int:
        return (self.low_stock + self.manual_orders + self.held_topups + self.unmatched_payments
                + self.stuck_topups + self.open_tickets)


@dataclass(frozen=True, slots=True)
class Dashboard:
    at: datetime
    today: Period
    week: Period
    active_subscriptions: int
    attention: Attention


@dataclass(frozen=True, slots=True)
class ChartSeries:
    """``days`` oldest first; ``revenue[gateway][i]`` and ``new_customers[i]`` per day."""

    days: list[str]
    revenue: dict[str, list[int]] = field(default_factory=dict)
    new_customers: list[int] = field(default_factory=list)


def day_start(moment: datetime) -> datetime:
    utc = moment.astimezone(UTC)
    return datetime(utc.year, utc.month, utc.day, tzinfo=UTC)


async def _period(tx: Tx, since: datetime, until: datetime) -> Period:
    flows = await tx.stats.ledger_by_reason(since, until)
    gateway_refunds = flows.get(("refund", -1), Totals(0, 0))
    return Period(
        since=since, until=until, sales=await tx.stats.sales(since, until),
        topups=await tx.stats.topups_by_gateway(since, until),
        new_customers=await tx.stats.new_users(since, until),
        refunds_to_wallet=flows.get(("refund", 1), Totals(0, 0)),
        refunds_to_gateway=Totals(gateway_refunds.count, -gateway_refunds.amount),
    )


class StatsService:
    def __init__(self, store: Store, clock: Clock, stock: StockService) -> None:
        self._store = store
        self._clock = clock
        self._stock = stock

    async def dashboard(self) -> Dashboard:
        now = self._clock.now()
        today = day_start(now)
        until = now + timedelta(milliseconds=1)
        low = len(await self._stock.low_stock())

        async def unit(tx: Tx) -> Dashboard:
            attention = Attention(
                low_stock=low,
                manual_orders=await tx.stats.count_orders("pending"),
                held_topups=await tx.stats.count_topups(TopUpStatus.HELD.value),
                unmatched_payments=await tx.stats.count_webhook_events("parked"),
                stuck_topups=await tx.stats.count_topups(TopUpStatus.PENDING.value,
                                                         created_before=now - STUCK_AFTER),
                open_tickets=await tx.stats.count_tickets("open"),
            )
            return Dashboard(
                at=now, today=await _period(tx, today, until),
                week=await _period(tx, today - timedelta(days=6), until),
                active_subscriptions=await tx.stats.count_subscriptions("active"),
                attention=attention)

        return await self._store.read(unit)

    async def chart_series(self, days: int = 30) -> ChartSeries:
        now = self._clock.now()
        since = day_start(now) - timedelta(days=days - 1)
        until = now + timedelta(milliseconds=1)

        async def unit(tx: Tx) -> tuple[list[DayAmount], list[DayAmount]]:
            return (await tx.stats.topups_per_day(since, until),
                    await tx.stats.new_users_per_day(since, until))

        revenue_rows, user_rows = await self._store.read(unit)
        labels = [(since + timedelta(days=i)).strftime("%Y-%m-%d") for i in range(days)]
        index = {day: i for i, day in enumerate(labels)}
        revenue: dict[str, list[int]] = {}
        for row in revenue_rows:
            if row.day in index:
                revenue.setdefault(row.key, [0] * days)[index[row.day]] += row.amount
        customers = [0] * days
        for row in user_rows:
            if row.day in index:
                customers[index[row.day]] += row.amount
        return ChartSeries(labels, dict(sorted(revenue.items())), customers)

    async def stuck_topups(self, limit: int = 20) -> list[TopUp]:
        """Top-ups still pending ``STUCK_AFTER`` after they were opened, oldest first."""
        moment = self._clock.now() - STUCK_AFTER
        return await self._store.read(lambda tx: tx.topups.pending_before(moment, limit))

    async def held_topups(self, limit: int = 20) -> list[TopUp]:
        return await self._store.read(
            lambda tx: tx.topups.list(status=TopUpStatus.HELD, limit=limit))

    async def unmatched_payments(self, limit: int = 20) -> list[WebhookEvent]:
        """Verified gateway callbacks parked for staff (no top-up, or one that disagrees)."""
        return await self._store.read(lambda tx: tx.webhook_events.recent(limit, "parked"))
