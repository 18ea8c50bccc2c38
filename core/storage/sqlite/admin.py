"""Admin-bot storage on SQLite: dashboard aggregates (``stats``)."""

from __future__ import annotations

from datetime import datetime

from core.clock import to_iso
from core.models import DayAmount, Totals
from core.storage.sqlite.runner import SqlRunner

# schema: admin
SCHEMA = [
    # covering indexes for the dashboard's range aggregates (never a full scan)
    "CREATE INDEX IF NOT EXISTS ledger_time ON ledger(created_at, reason, amount)",
    "CREATE INDEX IF NOT EXISTS orders_time ON orders(created_at, amount)",
    "CREATE INDEX IF NOT EXISTS topups_time ON topups(created_at, status, gateway, amount)",
    "CREATE INDEX IF NOT EXISTS users_created ON users(created_at)",
    # a support ticket opened about one subscription ("Report a problem")
    """CREATE TABLE IF NOT EXISTS ticket_links (
        ticket_id TEXT PRIMARY KEY,
        subscription_id TEXT NOT NULL
    )""",
]
# end schema: admin

_PAID = ("credited", "refunding", "refunded")


class SqliteStats:
    """Aggregates over time ranges ``[since, until)``; each one query with GROUP BY."""

    def __init__(self, runner: SqlRunner) -> None:
        self._db = runner

    async def sales(self, since: datetime, until: datetime) -> Totals:
        row = await self._db.fetchone(
            "SELECT COUNT(*), COALESCE(SUM(amount), 0) FROM orders "
            "WHERE created_at >= ? AND created_at < ?", (to_iso(since), to_iso(until)))
        return Totals(int(row[0]), int(row[1])) if row else Totals(0, 0)

    async def ledger_by_reason(self, since: datetime, until: datetime
                               ) -> dict[tuple[str, int], Totals]:
        """{(reason, sign): totals}; sign is 1 for credits and -1 for debits."""
        rows = await self._db.fetchall(
            "SELECT reason, amount > 0, COUNT(*), SUM(amount) FROM ledger "
            "WHERE created_at >= ? AND created_at < ? GROUP BY reason, amount > 0",
            (to_iso(since), to_iso(until)))
        return {(r[0], 1 if r[1] else -1): Totals(int(r[2]), int(r[3])) for r in rows}

    async def topups_by_gateway(self, since: datetime, until: datetime) -> dict[str, Totals]:
        rows = await self._db.fetchall(
            "SELECT gateway, COUNT(*), SUM(amount) FROM topups "
            "WHERE created_at >= ? AND created_at < ? AND status IN (?,?,?) GROUP BY gateway",
            (to_iso(since), to_iso(until), *_PAID))
        return {r[0]: Totals(int(r[1]), int(r[2])) for r in rows}

    async def topups_per_day(self, since: datetime, until: datetime) -> list[DayAmount]:
        rows = await self._db.fetchall(
            "SELECT substr(created_at, 1, 10), gateway, SUM(amount) FROM topups "
            "WHERE created_at >= ? AND created_at < ? AND status IN (?,?,?) "
            "GROUP BY substr(created_at, 1, 10), gateway ORDER BY 1, 2",
            (to_iso(since), to_iso(until), *_PAID))
        return [DayAmount(r[0], r[1], int(r[2])) for r in rows]

    async def new_users(self, since: datetime, until: datetime) -> int:
        row = await self._db.fetchone(
            "SELECT COUNT(*) FROM users WHERE created_at >= ? AND created_at < ?",
            (to_iso(since), to_iso(until)))
        return int(row[0]) if row else 0

    async def new_users_per_day(self, since: datetime, until: datetime) -> list[DayAmount]:
        rows = await self._db.fetchall(
            "SELECT substr(created_at, 1, 10), COUNT(*) FROM users "
            "WHERE created_at >= ? AND created_at < ? GROUP BY 1 ORDER BY 1",
            (to_iso(since), to_iso(until)))
        return [DayAmount(r[0], "", int(r[1])) for r in rows]

    async def count_subscriptions(self, status: str) -> int:
        row = await self._db.fetchone(
            "SELECT COUNT(*) FROM subscriptions WHERE status = ?", (status,))
        return int(row[0]) if row else 0

    async def count_orders(self, status: str) -> int:
        row = await self._db.fetchone("SELECT COUNT(*) FROM orders WHERE status = ?", (status,))
        return int(row[0]) if row else 0

    async def count_topups(self, status: str, created_before: datetime | None = None) -> int:
        if created_before is None:
            row = await self._db.fetchone("SELECT COUNT(*) FROM topups WHERE status = ?",
                                          (status,))
        else:
            row = await self._db.fetchone(
                "SELECT COUNT(*) FROM topups WHERE status = ? AND created_at < ?",
                (status, to_iso(created_before)))
        return int(row[0]) if row else 0

    async def count_tickets(self, status: str) -> int:
        row = await self._db.fetchone("SELECT COUNT(*) FROM tickets WHERE status = ?", (status,))
        return int(row[0]) if row else 0

    async def count_webhook_events(self, status: str) -> int:
        row = await self._db.fetchone("SELECT COUNT(*) FROM webhook_events WHERE status = ?",
                                      (status,))
        return int(row[0]) if row else 0


class SqliteTicketLinks:
    def __init__(self, runner: SqlRunner) -> None:
        self._db = runner

    async def link(self, ticket_id: str, subscription_id: str) -> None:
        await self._db.execute(
            "INSERT OR IGNORE INTO ticket_links (ticket_id, subscription_id) VALUES (?, ?)",
            (ticket_id, subscription_id))

    async def subscription_of(self, ticket_id: str) -> str:
        row = await self._db.fetchone(
            "SELECT subscription_id FROM ticket_links WHERE ticket_id = ?", (ticket_id,))
        return str(row[0]) if row else ""
