"""Admin-bot storage on SQLite: dashboard aggregates, ticket links, customer lookup, approvals,
manual payments and broadcasts."""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime

from core.clock import from_iso, to_iso
from core.models import (
    Approval,
    Broadcast,
    BroadcastProgress,
    BroadcastStatus,
    DayAmount,
    Decision,
    ManualPayment,
    SupportTicket,
    TicketMessage,
    Totals,
    User,
)
from core.storage.sqlite.runner import SqlRunner
from core.storage.sqlite.support import _ticket as row_to_ticket
from core.storage.sqlite.users import row_to_user

SCHEMA: list[str] = []  # version 1 had none of these
# Migration 4 (admin: dashboard, approvals, manual payments, broadcasts, alert mutes, threads).
SCHEMA_ADMIN = [
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
    "CREATE INDEX IF NOT EXISTS users_username ON users(username COLLATE NOCASE)",
    "CREATE INDEX IF NOT EXISTS tickets_user ON tickets(user_id, created_at)",
    # staff money actions above APPROVAL_LIMIT, waiting for a second admin
    """CREATE TABLE IF NOT EXISTS approvals (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        target TEXT NOT NULL,
        amount INTEGER NOT NULL,
        params TEXT NOT NULL,
        requested_by INTEGER NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'rejected')),
        decided_by INTEGER,
        created_at TEXT NOT NULL,
        decided_at TEXT
    )""",
    "CREATE INDEX IF NOT EXISTS approvals_status ON approvals(status, created_at)",
    # bank transfers reported by customers with a screenshot
    """CREATE TABLE IF NOT EXISTS manual_payments (
        id TEXT PRIMARY KEY,
        user_id INTEGER NOT NULL,
        amount INTEGER NOT NULL CHECK (amount > 0),
        currency TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'rejected')),
        screenshot BLOB NOT NULL,
        decided_by INTEGER,
        reason TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        decided_at TEXT
    )""",
    "CREATE INDEX IF NOT EXISTS manual_payments_status ON manual_payments(status, created_at)",
    # broadcasts: one outbox message per recipient, keyed broadcast:<id>:<telegram id>
    """CREATE TABLE IF NOT EXISTS broadcasts (
        id TEXT PRIMARY KEY,
        created_by INTEGER NOT NULL,
        text TEXT NOT NULL,
        segment TEXT NOT NULL,
        segment_arg TEXT NOT NULL DEFAULT '',
        button_text TEXT NOT NULL DEFAULT '',
        button_url TEXT NOT NULL DEFAULT '',
        status TEXT NOT NULL,
        queued INTEGER NOT NULL DEFAULT 0,
        cursor INTEGER NOT NULL DEFAULT 0,
        chat_id INTEGER NOT NULL DEFAULT 0,
        message_id INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL,
        started_at TEXT,
        finished_at TEXT,
        photo BLOB NOT NULL DEFAULT x''
    )""",
    "CREATE INDEX IF NOT EXISTS broadcasts_status ON broadcasts(status, created_at)",
    "CREATE INDEX IF NOT EXISTS subscriptions_status_user ON subscriptions(status, user_id)",
    "CREATE INDEX IF NOT EXISTS orders_by_user ON orders(user_id)",
    # support tickets as threads: the messages after the first
    """CREATE TABLE IF NOT EXISTS ticket_messages (
        id TEXT PRIMARY KEY,
        ticket_id TEXT NOT NULL,
        author TEXT NOT NULL CHECK (author IN ('customer', 'staff')),
        staff_id INTEGER,
        text TEXT NOT NULL,
        at TEXT NOT NULL
    )""",
    "CREATE INDEX IF NOT EXISTS ticket_messages_ticket ON ticket_messages(ticket_id, at)",
    # kinds of staff alert each staff member muted
    """CREATE TABLE IF NOT EXISTS staff_mutes (
        user_id INTEGER NOT NULL,
        kind TEXT NOT NULL,
        PRIMARY KEY (user_id, kind)
    )""",
]

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


class SqliteDirectory:
    """Finding customers for staff."""

    def __init__(self, runner: SqlRunner) -> None:
        self._db = runner

    async def by_username(self, username: str) -> User | None:
        row = await self._db.fetchone(
            "SELECT * FROM users WHERE username = ? COLLATE NOCASE LIMIT 1",
            (username.removeprefix("@"),))
        return row_to_user(row) if row else None

    async def tickets_of(self, user_id: int, limit: int = 10) -> list[SupportTicket]:
        rows = await self._db.fetchall(
            "SELECT * FROM tickets WHERE user_id = ? ORDER BY created_at DESC LIMIT ?",
            (user_id, limit))
        return [row_to_ticket(r) for r in rows]


def _row_to_approval(row: sqlite3.Row) -> Approval:
    return Approval(
        id=row["id"], kind=row["kind"], target=row["target"], amount=row["amount"],
        params=json.loads(row["params"]), requested_by=row["requested_by"],
        status=Decision(row["status"]), created_at=from_iso(row["created_at"]),
        decided_by=row["decided_by"],
        decided_at=from_iso(row["decided_at"]) if row["decided_at"] else None)


class SqliteApprovals:
    def __init__(self, runner: SqlRunner) -> None:
        self._db = runner

    async def insert(self, a: Approval) -> None:
        await self._db.execute(
            """INSERT INTO approvals (id, kind, target, amount, params, requested_by, status,
                   created_at) VALUES (?,?,?,?,?,?,?,?)""",
            (a.id, a.kind, a.target, a.amount, json.dumps(a.params, sort_keys=True),
             a.requested_by, a.status.value, to_iso(a.created_at)))

    async def get(self, approval_id: str) -> Approval | None:
        row = await self._db.fetchone("SELECT * FROM approvals WHERE id = ?", (approval_id,))
        return _row_to_approval(row) if row else None

    async def decide(self, approval_id: str, status: Decision, by: int, at: datetime) -> bool:
        return await self._db.execute(
            "UPDATE approvals SET status = ?, decided_by = ?, decided_at = ? "
            "WHERE id = ? AND status = 'pending'",
            (status.value, by, to_iso(at), approval_id)) == 1

    async def list(self, status: Decision, limit: int = 20) -> list[Approval]:
        rows = await self._db.fetchall(
            "SELECT * FROM approvals WHERE status = ? ORDER BY created_at DESC LIMIT ?",
            (status.value, limit))
        return [_row_to_approval(r) for r in rows]


def _row_to_manual(row: sqlite3.Row) -> ManualPayment:
    return ManualPayment(
        id=row["id"], user_id=row["user_id"], amount=row["amount"], currency=row["currency"],
        status=Decision(row["status"]), created_at=from_iso(row["created_at"]),
        screenshot=bytes(row["screenshot"]), decided_by=row["decided_by"],
        decided_at=from_iso(row["decided_at"]) if row["decided_at"] else None,
        reason=row["reason"])


class SqliteManualPayments:
    def __init__(self, runner: SqlRunner) -> None:
        self._db = runner

    async def insert(self, m: ManualPayment) -> None:
        await self._db.execute(
            """INSERT INTO manual_payments (id, user_id, amount, currency, status, screenshot,
                   created_at) VALUES (?,?,?,?,?,?,?)""",
            (m.id, m.user_id, m.amount, m.currency, m.status.value, m.screenshot,
             to_iso(m.created_at)))

    async def get(self, payment_id: str) -> ManualPayment | None:
        row = await self._db.fetchone("SELECT * FROM manual_payments WHERE id = ?",
                                      (payment_id,))
        return _row_to_manual(row) if row else None

    async def decide(self, payment_id: str, status: Decision, by: int, at: datetime,
                     reason: str = "") -> bool:
        return await self._db.execute(
            "UPDATE manual_payments SET status = ?, decided_by = ?, decided_at = ?, reason = ? "
            "WHERE id = ? AND status = 'pending'",
            (status.value, by, to_iso(at), reason, payment_id)) == 1

    async def list(self, status: Decision, limit: int = 20) -> list[ManualPayment]:
        rows = await self._db.fetchall(
            "SELECT * FROM manual_payments WHERE status = ? ORDER BY created_at DESC LIMIT ?",
            (status.value, limit))
        return [_row_to_manual(r) for r in rows]


_SEGMENTS = {
    "all": "",
    "language": "AND u.language = :arg",
    "active": "AND u.telegram_id IN (SELECT user_id FROM subscriptions WHERE status = 'active')",
    "expired": "AND u.telegram_id IN (SELECT user_id FROM subscriptions "
               "WHERE status = 'expired' AND ends_at >= :since) AND u.telegram_id NOT IN "
               "(SELECT user_id FROM subscriptions WHERE status = 'active')",
    "never": "AND u.telegram_id NOT IN (SELECT user_id FROM orders)",
}
_BROADCAST_FIELDS = ("status", "queued", "cursor", "chat_id", "message_id", "started_at",
                     "finished_at")


def _row_to_broadcast(row: sqlite3.Row) -> Broadcast:
    return Broadcast(
        id=row["id"], created_by=row["created_by"], text=row["text"], segment=row["segment"],
        segment_arg=row["segment_arg"], status=BroadcastStatus(row["status"]),
        created_at=from_iso(row["created_at"]), button_text=row["button_text"],
        button_url=row["button_url"], queued=row["queued"], cursor=row["cursor"],
        chat_id=row["chat_id"], message_id=row["message_id"],
        started_at=from_iso(row["started_at"]) if row["started_at"] else None,
        finished_at=from_iso(row["finished_at"]) if row["finished_at"] else None,
        has_photo=bool(row["has_photo"]))


def _prefix_range(broadcast_id: str) -> tuple[str, str]:
    """Outbox keys of one broadcast, as an index range (``;`` sorts right after ``:``)."""
    return f"broadcast:{broadcast_id}:", f"broadcast:{broadcast_id};"


class SqliteBroadcasts:
    def __init__(self, runner: SqlRunner) -> None:
        self._db = runner

    async def insert(self, b: Broadcast, photo: bytes = b"") -> None:
        await self._db.execute(
            """INSERT INTO broadcasts (id, created_by, text, segment, segment_arg, button_text,
                   button_url, status, created_at, photo) VALUES (?,?,?,?,?,?,?,?,?,?)""",
            (b.id, b.created_by, b.text, b.segment, b.segment_arg, b.button_text, b.button_url,
             b.status.value, to_iso(b.created_at), photo))

    async def get(self, broadcast_id: str) -> Broadcast | None:
        row = await self._db.fetchone(
            "SELECT *, length(photo) > 0 AS has_photo FROM broadcasts WHERE id = ?",
            (broadcast_id,))
        return _row_to_broadcast(row) if row else None

    async def photo(self, broadcast_id: str) -> bytes:
        row = await self._db.fetchone("SELECT photo FROM broadcasts WHERE id = ?",
                                      (broadcast_id,))
        return bytes(row[0]) if row else b""

    async def save(self, b: Broadcast, expected: BroadcastStatus) -> bool:
        """Save the progress fields if the stored status is still ``expected``."""
        return await self._db.execute(
            """UPDATE broadcasts SET status = ?, queued = ?, cursor = ?, chat_id = ?,
                   message_id = ?, started_at = ?, finished_at = ?
               WHERE id = ? AND status = ?""",
            (b.status.value, b.queued, b.cursor, b.chat_id, b.message_id,
             to_iso(b.started_at) if b.started_at else None,
             to_iso(b.finished_at) if b.finished_at else None, b.id, expected.value)) == 1

    async def list(self, status: BroadcastStatus, limit: int = 20) -> list[Broadcast]:
        rows = await self._db.fetchall(
            "SELECT *, length(photo) > 0 AS has_photo FROM broadcasts WHERE status = ? "
            "ORDER BY created_at DESC LIMIT ?",
            (status.value, limit))
        return [_row_to_broadcast(r) for r in rows]

    async def audience(self, segment: str, arg: str, since: datetime, after: int,
                       limit: int) -> list[int]:
        """Customer ids of a segment (not blocked), ascending, greater than ``after``."""
        extra = _SEGMENTS[segment]
        sql = ("SELECT u.telegram_id FROM users u WHERE u.role = 'customer' "  # noqa: S608
               f"AND u.blocked = 0 AND u.telegram_id > :after {extra} "  # fixed fragments only
               "ORDER BY u.telegram_id LIMIT :limit")
        params = {"after": after, "limit": limit, "arg": arg, "since": to_iso(since)}
        rows = await self._db.fetchall(sql, params)  # type: ignore[arg-type]
        return [int(r[0]) for r in rows]

    async def progress(self, broadcast_id: str) -> BroadcastProgress:
        low, high = _prefix_range(broadcast_id)
        row = await self._db.fetchone(
            """SELECT COUNT(*),
                      COALESCE(SUM(status = 'sent'), 0),
                      COALESCE(SUM(status = 'dead' AND last_error LIKE 'blocked:%'), 0),
                      COALESCE(SUM(status = 'dead' AND last_error NOT LIKE 'blocked:%'), 0),
                      COALESCE(SUM(status IN ('pending', 'sending')), 0)
               FROM outbox WHERE key >= ? AND key < ?""", (low, high))
        assert row is not None
        return BroadcastProgress(*(int(v) for v in row))

    async def cancel_pending(self, broadcast_id: str) -> int:
        low, high = _prefix_range(broadcast_id)
        return await self._db.execute(
            "UPDATE outbox SET status = 'dead', last_error = 'cancelled' "
            "WHERE key >= ? AND key < ? AND status = 'pending'", (low, high))


class SqliteMutes:
    def __init__(self, runner: SqlRunner) -> None:
        self._db = runner

    async def set(self, user_id: int, kind: str, muted: bool) -> None:
        if muted:
            await self._db.execute(
                "INSERT OR IGNORE INTO staff_mutes (user_id, kind) VALUES (?, ?)", (user_id, kind))
        else:
            await self._db.execute("DELETE FROM staff_mutes WHERE user_id = ? AND kind = ?",
                                   (user_id, kind))

    async def muted(self, kind: str) -> set[int]:
        rows = await self._db.fetchall("SELECT user_id FROM staff_mutes WHERE kind = ?", (kind,))
        return {int(r[0]) for r in rows}

    async def of(self, user_id: int) -> set[str]:
        rows = await self._db.fetchall("SELECT kind FROM staff_mutes WHERE user_id = ?",
                                       (user_id,))
        return {str(r[0]) for r in rows}


class SqliteTicketThreads:
    def __init__(self, runner: SqlRunner) -> None:
        self._db = runner

    async def add(self, m: TicketMessage) -> None:
        await self._db.execute(
            "INSERT INTO ticket_messages (id, ticket_id, author, staff_id, text, at) "
            "VALUES (?,?,?,?,?,?)", (m.id, m.ticket_id, m.author, m.staff_id, m.text,
                                     to_iso(m.at)))

    async def messages(self, ticket_id: str, limit: int = 20) -> list[TicketMessage]:
        rows = await self._db.fetchall(
            "SELECT * FROM (SELECT * FROM ticket_messages WHERE ticket_id = ? "
            "ORDER BY at DESC, id DESC LIMIT ?) ORDER BY at, id", (ticket_id, limit))
        return [TicketMessage(id=r["id"], ticket_id=r["ticket_id"], author=r["author"],
                              text=r["text"], at=from_iso(r["at"]), staff_id=r["staff_id"])
                for r in rows]

    async def set_status(self, ticket_id: str, status: str, expected: list[str]) -> bool:
        marks = ",".join("?" for _ in expected)
        return await self._db.execute(
            f"UPDATE tickets SET status = ? WHERE id = ? AND status IN ({marks})",  # noqa: S608
            (status, ticket_id, *expected)) == 1


REPOSITORIES = {
    "broadcasts": SqliteBroadcasts,
    "mutes": SqliteMutes,
    "approvals": SqliteApprovals,
    "manual_payments": SqliteManualPayments,
    "directory": SqliteDirectory,
    "ticket_threads": SqliteTicketThreads,
    "ticket_links": SqliteTicketLinks,
    "stats": SqliteStats,
}
