"""What the scheduled jobs keep on SQLite: marks (cursors and states), leases, run records, and
the queries that find their work."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import datetime, timedelta

from core.clock import from_iso, to_iso
from core.jobmodels import JobRun, Lease, ReminderWindow, RunResult
from core.models import PurchaseIntent, Subscription
from core.storage.sqlite.intents import row_to_intent
from core.storage.sqlite.runner import SqlRunner
from core.storage.sqlite.subscriptions import row_to_subscription

SCHEMA: list[str] = []  # version 1 had none of these tables
# Migration 3 (jobs: marks, leases, run records, reminders; indexes that find due work).
SCHEMA_JOBS = [
    """CREATE TABLE IF NOT EXISTS job_marks (
        name TEXT PRIMARY KEY,
        value TEXT NOT NULL,
        updated_at TEXT NOT NULL
    )""",
    """CREATE TABLE IF NOT EXISTS job_leases (
        name TEXT PRIMARY KEY,
        owner TEXT NOT NULL,
        until TEXT NOT NULL
    )""",
    """CREATE TABLE IF NOT EXISTS job_runs (
        id TEXT PRIMARY KEY,
        job TEXT NOT NULL,
        owner TEXT NOT NULL,
        started_at TEXT NOT NULL,
        ended_at TEXT,
        result TEXT NOT NULL CHECK (result IN ('running', 'ok', 'failed')),
        items INTEGER NOT NULL DEFAULT 0,
        error TEXT NOT NULL DEFAULT ''
    )""",
    "CREATE INDEX IF NOT EXISTS job_runs_job ON job_runs(job, started_at)",
    """CREATE TABLE IF NOT EXISTS reminders (
        key TEXT PRIMARY KEY,
        subscription_id TEXT NOT NULL,
        user_id INTEGER NOT NULL,
        product_id TEXT NOT NULL,
        ends_at TEXT NOT NULL,
        auto_renew INTEGER NOT NULL,
        offset_label TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('claimed', 'queued')),
        claimed_at TEXT NOT NULL,
        queued_at TEXT
    )""",
    """CREATE INDEX IF NOT EXISTS reminders_claimed ON reminders(claimed_at, key)
       WHERE status = 'claimed'""",
    "CREATE INDEX IF NOT EXISTS subscriptions_ends ON subscriptions(ends_at, id)",
    """CREATE INDEX IF NOT EXISTS subscriptions_autorenew ON subscriptions(ends_at)
       WHERE auto_renew = 1 AND status = 'active'""",
    "CREATE INDEX IF NOT EXISTS purchase_intents_held ON purchase_intents(status, expires_at)",
    "CREATE INDEX IF NOT EXISTS ledger_ref ON ledger(ref, reason)",
]

# Migration 6 (reminders are claimed a window at a time: one row per offset and run, not one per
# subscription; the reminders still claimed one by one become windows of their own).
SCHEMA_REMINDER_WINDOWS: list[str | Callable[[sqlite3.Connection], None]] = [
    """CREATE TABLE IF NOT EXISTS reminder_windows (
        id TEXT PRIMARY KEY,
        offset_label TEXT NOT NULL,
        after TEXT NOT NULL,
        upto TEXT NOT NULL,
        include_expired INTEGER NOT NULL,
        claimed_at TEXT NOT NULL,
        position_end TEXT,
        position_id TEXT,
        done INTEGER NOT NULL DEFAULT 0,
        done_at TEXT
    )""",
    """CREATE INDEX IF NOT EXISTS reminder_windows_open ON reminder_windows(claimed_at, id)
       WHERE done = 0""",
]


def windows_from_claimed_reminders(conn: sqlite3.Connection) -> None:
    """Each reminder claimed but not yet queued becomes a window of the one millisecond its
    subscription ends in; then the per-subscription table goes."""
    rows = conn.execute(
        "SELECT ends_at, offset_label, claimed_at FROM reminders WHERE status = 'claimed'")
    for ends_at, offset, claimed_at in rows.fetchall():
        upto = from_iso(ends_at)
        after = to_iso(upto - timedelta(milliseconds=1))
        conn.execute(
            """INSERT INTO reminder_windows (id, offset_label, after, upto, include_expired,
                   claimed_at) VALUES (?,?,?,?,?,?) ON CONFLICT(id) DO NOTHING""",
            (f"{offset}:{after}:{ends_at}", offset, after, ends_at, int(offset == "0"),
             claimed_at))
    conn.execute("DROP TABLE reminders")


SCHEMA_REMINDER_WINDOWS.append(windows_from_claimed_reminders)

SETTLED_TOPUPS = ("credited", "refunding", "refunded")


def _second_status(include_expired: bool) -> str:
    """The statuses reminded are ``('active', <this>)``."""
    return "expired" if include_expired else "active"


def _window(row: sqlite3.Row) -> ReminderWindow:
    position = ((from_iso(row["position_end"]), row["position_id"]) if row["position_end"]
                else None)
    return ReminderWindow(id=row["id"], offset=row["offset_label"],
                          after=from_iso(row["after"]), upto=from_iso(row["upto"]),
                          include_expired=bool(row["include_expired"]),
                          claimed_at=from_iso(row["claimed_at"]), position=position,
                          done=bool(row["done"]))


def _run(row: sqlite3.Row) -> JobRun:
    return JobRun(id=row["id"], job=row["job"], owner=row["owner"],
                  started_at=from_iso(row["started_at"]), result=RunResult(row["result"]),
                  ended_at=from_iso(row["ended_at"]) if row["ended_at"] else None,
                  items=row["items"], error=row["error"])


class SqliteJobs:
    def __init__(self, runner: SqlRunner) -> None:
        self._db = runner

    # --- marks ---------------------------------------------------------------------------------

    async def get_mark(self, name: str) -> str | None:
        row = await self._db.fetchone("SELECT value FROM job_marks WHERE name = ?", (name,))
        return row["value"] if row else None

    async def put_mark(self, name: str, value: str, now: datetime) -> None:
        await self._db.execute(
            """INSERT INTO job_marks (name, value, updated_at) VALUES (?,?,?)
               ON CONFLICT(name) DO UPDATE SET value = excluded.value,
                   updated_at = excluded.updated_at""", (name, value, to_iso(now)))

    async def swap_mark(self, name: str, expected: str | None, value: str, now: datetime
                        ) -> bool:
        if expected is None:
            changed = await self._db.execute(
                """INSERT INTO job_marks (name, value, updated_at) VALUES (?,?,?)
                   ON CONFLICT(name) DO NOTHING""", (name, value, to_iso(now)))
        else:
            changed = await self._db.execute(
                "UPDATE job_marks SET value = ?, updated_at = ? WHERE name = ? AND value = ?",
                (value, to_iso(now), name, expected))
        return changed == 1

    # --- leases --------------------------------------------------------------------------------

    async def acquire_lease(self, name: str, owner: str, now: datetime, until: datetime
                            ) -> bool:
        changed = await self._db.execute(
            """INSERT INTO job_leases (name, owner, until) VALUES (?,?,?)
               ON CONFLICT(name) DO UPDATE SET owner = excluded.owner, until = excluded.until
               WHERE job_leases.owner = excluded.owner OR job_leases.until <= ?""",
            (name, owner, to_iso(until), to_iso(now)))
        return changed == 1

    async def release_lease(self, name: str, owner: str) -> bool:
        changed = await self._db.execute(
            "DELETE FROM job_leases WHERE name = ? AND owner = ?", (name, owner))
        return changed == 1

    async def get_lease(self, name: str) -> Lease | None:
        row = await self._db.fetchone("SELECT * FROM job_leases WHERE name = ?", (name,))
        return Lease(row["name"], row["owner"], from_iso(row["until"])) if row else None

    # --- runs ----------------------------------------------------------------------------------

    async def start_run(self, run: JobRun) -> None:
        await self._db.execute(
            """INSERT INTO job_runs (id, job, owner, started_at, ended_at, result, items, error)
               VALUES (?,?,?,?,?,?,?,?)""",
            (run.id, run.job, run.owner, to_iso(run.started_at),
             to_iso(run.ended_at) if run.ended_at else None, run.result.value, run.items,
             run.error[:500]))

    async def finish_run(self, run_id: str, ended_at: datetime, result: RunResult, items: int,
                         error: str) -> bool:
        changed = await self._db.execute(
            """UPDATE job_runs SET ended_at = ?, result = ?, items = ?, error = ?
               WHERE id = ? AND result = 'running'""",
            (to_iso(ended_at), result.value, items, error[:500], run_id))
        return changed == 1

    async def recent_runs(self, job: str, limit: int = 10) -> list[JobRun]:
        rows = await self._db.fetchall(
            "SELECT * FROM job_runs WHERE job = ? ORDER BY started_at DESC, id DESC LIMIT ?",
            (job, limit))
        return [_run(r) for r in rows]

    async def prune_runs(self, before: datetime) -> int:
        return await self._db.execute(
            "DELETE FROM job_runs WHERE started_at < ? AND result <> 'running'",
            (to_iso(before),))

    # --- finding work --------------------------------------------------------------------------

    async def count_ending(self, after: datetime, upto: datetime, include_expired: bool
                           ) -> int:
        row = await self._db.fetchone(
            """SELECT COUNT(*) AS n FROM subscriptions INDEXED BY subscriptions_end
               WHERE status IN ('active', ?) AND ends_at > ? AND ends_at <= ?""",
            (_second_status(include_expired), to_iso(after), to_iso(upto)))
        return int(row["n"]) if row else 0

    async def add_reminder_window(self, window: ReminderWindow) -> bool:
        changed = await self._db.execute(
            """INSERT INTO reminder_windows (id, offset_label, after, upto, include_expired,
                   claimed_at) VALUES (?,?,?,?,?,?) ON CONFLICT(id) DO NOTHING""",
            (window.id, window.offset, to_iso(window.after), to_iso(window.upto),
             int(window.include_expired), to_iso(window.claimed_at)))
        return changed == 1

    async def open_reminder_windows(self, limit: int) -> list[ReminderWindow]:
        rows = await self._db.fetchall(
            """SELECT * FROM reminder_windows WHERE done = 0 ORDER BY claimed_at, id LIMIT ?""",
            (limit,))
        return [_window(r) for r in rows]

    async def ending_in(self, window: ReminderWindow, limit: int) -> list[Subscription]:
        second = _second_status(window.include_expired)
        if window.position is None:
            rows = await self._db.fetchall(
                """SELECT * FROM subscriptions INDEXED BY subscriptions_ends
                   WHERE ends_at > ? AND ends_at <= ? AND status IN ('active', ?)
                   ORDER BY ends_at, id LIMIT ?""",
                (to_iso(window.after), to_iso(window.upto), second, limit))
        else:
            end, after_id = to_iso(window.position[0]), window.position[1]
            rows = await self._db.fetchall(
                """SELECT * FROM subscriptions INDEXED BY subscriptions_ends
                   WHERE ends_at >= ? AND ends_at <= ? AND (ends_at > ? OR id > ?)
                     AND status IN ('active', ?)
                   ORDER BY ends_at, id LIMIT ?""",
                (end, to_iso(window.upto), end, after_id, second, limit))
        return [row_to_subscription(r) for r in rows]

    async def advance_reminder_window(self, window: ReminderWindow,
                                      position: tuple[datetime, str] | None, done: bool,
                                      now: datetime) -> bool:
        was_end = to_iso(window.position[0]) if window.position else None
        was_id = window.position[1] if window.position else None
        changed = await self._db.execute(
            """UPDATE reminder_windows SET position_end = ?, position_id = ?, done = ?,
                   done_at = ?
               WHERE id = ? AND done = 0 AND position_end IS ? AND position_id IS ?""",
            (to_iso(position[0]) if position else None, position[1] if position else None,
             int(done), to_iso(now) if done else None, window.id, was_end, was_id))
        return changed == 1

    async def prune_reminder_windows(self, before: datetime) -> int:
        return await self._db.execute(
            "DELETE FROM reminder_windows WHERE done = 1 AND claimed_at < ?", (to_iso(before),))

    async def auto_renew_due(self, after: tuple[datetime, str], upto: datetime, limit: int
                             ) -> list[Subscription]:
        end, sub_id = to_iso(after[0]), after[1]
        rows = await self._db.fetchall(
            """SELECT * FROM subscriptions
               WHERE auto_renew = 1 AND status = 'active' AND ends_at <= ?
                 AND (ends_at > ? OR (ends_at = ? AND id > ?))
               ORDER BY ends_at, id LIMIT ?""", (to_iso(upto), end, end, sub_id, limit))
        return [row_to_subscription(r) for r in rows]

    async def held_intents_expired(self, now: datetime, limit: int) -> list[PurchaseIntent]:
        rows = await self._db.fetchall(
            """SELECT * FROM purchase_intents
               WHERE status = 'awaiting_payment' AND expires_at <= ?
               ORDER BY expires_at, id LIMIT ?""", (to_iso(now), limit))
        return [row_to_intent(r) for r in rows]

    async def topup_credits(self, after_id: str, limit: int) -> list[tuple[str, str, int, int]]:
        rows = await self._db.fetchall(
            """SELECT t.id, t.status, t.amount,
                      (SELECT COALESCE(SUM(CASE WHEN l.amount > 0 THEN 1 ELSE 0 END), 0)
                       FROM ledger l WHERE l.ref = t.id AND l.reason = 'topup') AS credits
               FROM topups t WHERE t.id > ? ORDER BY t.id LIMIT ?""", (after_id, limit))
        return [(r["id"], r["status"], int(r["amount"]), int(r["credits"])) for r in rows]


REPOSITORIES = {"jobs": SqliteJobs}
