"""Dashboard aggregates and staff roles on every store."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from core.bootstrap import Services
from core.clock import FixedClock
from core.errors import PermissionDenied
from core.models import (
    LedgerEntry,
    Order,
    OrderKind,
    OrderStatus,
    Role,
    TopUp,
    TopUpStatus,
    Totals,
    User,
)

NOW = datetime(2026, 3, 10, 15, 0, tzinfo=UTC)


def _order(i: int, at: datetime, amount: int, status=OrderStatus.COMPLETED) -> Order:
    return Order(id=f"ord_{i}", intent_id=f"int_{i}", user_id=100 + i, product_id="p1",
                 kind=OrderKind.PURCHASE, status=status, price=amount, discount=0,
                 amount=amount, currency="INR", coupon_code="", stock_item_id="",
                 subscription_id="", created_at=at, updated_at=at)


def _topup(i: int, at: datetime, amount: int, gateway: str,
           status=TopUpStatus.CREDITED) -> TopUp:
    return TopUp(id=f"top_{i}", user_id=100 + i, amount=amount, currency="INR",
                 gateway=gateway, status=status, intent_id=None, gateway_ref=f"ref_{i}",
                 created_at=at, updated_at=at, gateway_amount=amount, gateway_currency="INR")


def _entry(i: int, at: datetime, amount: int, reason: str) -> LedgerEntry:
    return LedgerEntry(id=f"led_{i}", user_id=1, amount=amount, currency="INR",
                       key=f"k{i}", reason=reason, ref="", balance_after=0, created_at=at)


async def _seed(services: Services) -> None:
    today = NOW.replace(hour=1)
    three_days = NOW - timedelta(days=3)
    old = NOW - timedelta(days=20)

    async def unit(tx):
        for i, at in enumerate([today, today, three_days, old]):
            await tx.users.upsert(User(telegram_id=100 + i, created_at=at, last_seen_at=at))
        await tx.orders.insert(_order(1, today, 19900))
        await tx.orders.insert(_order(2, three_days, 5000))
        await tx.orders.insert(_order(3, old, 7000))
        await tx.orders.insert(_order(4, today, 1000, OrderStatus.PENDING))
        await tx.topups.insert(_topup(1, today, 50000, "razorpay"))
        await tx.topups.insert(_topup(2, today, 20000, "stars"))
        await tx.topups.insert(_topup(3, three_days, 30000, "razorpay"))
        await tx.topups.insert(_topup(4, today, 99999, "stripe", TopUpStatus.FAILED))
        await tx.topups.insert(_topup(5, NOW - timedelta(hours=2), 1000, "stripe",
                                      TopUpStatus.PENDING))
        await tx.topups.insert(_topup(6, today, 1000, "stripe", TopUpStatus.HELD))
        await tx.ledger.apply(_entry(1, today, 100000, "topup"))
        await tx.ledger.apply(_entry(2, today, 19900, "refund"))  # order refund to wallet
        await tx.ledger.apply(_entry(3, three_days, -20000, "refund"))  # gateway refund
        await tx.ledger.apply(_entry(4, old, 5000, "refund"))

    await services.store.transaction(unit)


async def test_range_aggregates_match_the_rows(services: Services, clock: FixedClock):
    clock.set(NOW)
    await _seed(services)
    day = NOW.replace(hour=0)
    week = day - timedelta(days=6)

    async def read(tx):
        return (await tx.stats.sales(day, NOW), await tx.stats.sales(week, NOW),
                await tx.stats.topups_by_gateway(week, NOW),
                await tx.stats.ledger_by_reason(week, NOW),
                await tx.stats.new_users(day, NOW), await tx.stats.new_users(week, NOW))

    today, seven, gateways, flows, new_today, new_week = await services.store.read(read)
    assert today == Totals(2, 20900) and seven == Totals(3, 25900)
    assert gateways == {"razorpay": Totals(2, 80000), "stars": Totals(1, 20000)}
    assert flows[("refund", 1)] == Totals(1, 19900)
    assert flows[("refund", -1)] == Totals(1, -20000)
    assert flows[("topup", 1)] == Totals(1, 100000)
    assert (new_today, new_week) == (2, 3)


async def test_dashboard_and_chart_series(services: Services, clock: FixedClock):
    clock.set(NOW)
    await _seed(services)
    board = await services.stats.dashboard()
    assert board.today.sales == Totals(2, 20900)
    assert board.week.topup_total == Totals(3, 100000)
    assert board.week.refunds_to_gateway == Totals(1, 20000)
    assert board.today.refunds_to_wallet == Totals(1, 19900)
    assert board.week.new_customers == 3
    att = board.attention
    assert (att.manual_orders, att.held_topups, att.stuck_topups, att.open_tickets) == (
        1, 1, 1, 0)
    series = await services.stats.chart_series(30)
    assert len(series.days) == 30 and series.days[-1] == "2026-03-10"
    assert series.revenue["razorpay"][-1] == 50000 and series.revenue["razorpay"][-4] == 30000
    assert series.revenue["stars"][-1] == 20000 and "stripe" not in series.revenue
    assert series.new_customers[-1] == 2 and series.new_customers[-4] == 1
    assert sum(series.new_customers) == 4  # the one from 20 days ago is inside 30 days


async def test_admin_ids_are_seeded_once_and_roles_are_guarded(services: Services):
    services.staff.admin_ids = (11, 12)
    assert await services.staff.seed() == [11, 12]
    assert await services.staff.seed() == []  # idempotent: no second audit entry
    assert await services.staff.role_of(11) is Role.ADMIN
    assert await services.staff.role_of(99) is None
    user = await services.staff.set_role(30, Role.SUPPORT, actor_id=11)
    assert user.role is Role.SUPPORT and await services.staff.role_of(30) is Role.SUPPORT
    with pytest.raises(PermissionDenied):
        await services.staff.set_role(11, Role.CUSTOMER, actor_id=11)  # not oneself
    await services.staff.set_role(12, Role.CUSTOMER, actor_id=11)
    with pytest.raises(PermissionDenied):  # 11 is the last admin
        await services.staff.set_role(11, Role.CUSTOMER, actor_id=30)
    entries = await services.audit.latest(10, "staff.role")
    assert [e.actor for e in entries].count("config:ADMIN_IDS") == 2
    assert {e.target for e in entries} == {"11", "12", "30"}
    assert any(e.actor == "staff:11" and e.target == "30" for e in entries)


async def test_ticket_about_a_subscription_is_linked_and_alert_has_its_button(
        services: Services, clock: FixedClock):
    from core.errors import NotFound
    from core.models import Subscription, SubscriptionStatus

    now = clock.now()
    sub = Subscription(id="sub_1", user_id=42, product_id="p", stock_item_id="",
                       status=SubscriptionStatus.ACTIVE, starts_at=now, ends_at=now,
                       auto_renew=False, qr_exports=0, order_id="o", created_at=now,
                       updated_at=now)
    await services.store.transaction(lambda tx: tx.subscriptions.insert(sub))
    ticket = await services.support.open_ticket(42, "login fails", subscription_id="sub_1")
    view = await services.support.view(ticket.id)
    assert view.subscription_id == "sub_1" and view.ticket.text == "login fails"
    plain = await services.support.open_ticket(42, "hello")
    assert (await services.support.view(plain.id)).subscription_id == ""
    with pytest.raises(NotFound):  # not this customer's subscription
        await services.support.open_ticket(43, "mine?", subscription_id="sub_1")
    alert = next(m for m in await services.outbox.recent(10)
                 if m.params.get("ticket") == ticket.id)
    button = alert.options["reply_markup"][0][0]
    assert button["callback_data"] == f"atk:show:{ticket.id}"
