"""What the scheduled jobs keep on SQLite: marks (cursors and states), leases, run records, and
the queries that find their work."""

from __future__ import annotations

import sqlite3
from datetime import datetime

from core.clock import from_iso, to_iso
from core.jobmodels import JobRun, Lease, ReminderClaim, RunResult
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

SETTLED_TOPUPS = ("credited", "refunding", "refunded")


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

    async def claim_reminders(self, offset: str, after: datetime, upto: datetime,
                              include_expired: bool, now: datetime) -> int:
        changed = await self._db.execute(
            """INSERT INTO reminders (key, subscription_id, user_id, product_id, ends_at,
                   auto_renew, offset_label, status, claimed_at)
               SELECT id || ':' || ends_at || ':' || ?, id, user_id, product_id, ends_at,
                      auto_renew, ?, 'claimed', ?
               FROM subscriptions INDEXED BY subscriptions_ends
               WHERE ends_at > ? AND ends_at <= ?
                 AND (status = 'active' OR (? AND status = 'expired'))
               ON CONFLICT(key) DO NOTHING""",
            (offset, offset, to_iso(now), to_iso(after), to_iso(upto), int(include_expired)))
        return changed

    async def claimed_reminders(self, limit: int) -> list[ReminderClaim]:
        rows = await self._db.fetchall(
            """SELECT * FROM reminders WHERE status = 'claimed'
               ORDER BY claimed_at, key LIMIT ?""", (limit,))
        return [ReminderClaim(key=r["key"], subscription_id=r["subscription_id"],
                              user_id=r["user_id"], product_id=r["product_id"],
                              ends_at=from_iso(r["ends_at"]), auto_renew=bool(r["auto_renew"]),
                              offset=r["offset_label"], claimed_at=from_iso(r["claimed_at"]))
                for r in rows]

    async def mark_reminders_queued(self, keys: list[str], now: datetime) -> int:
        return await self._db.run(lambda c: c.executemany(
            """UPDATE reminders SET status = 'queued', queued_at = ?
               WHERE key = ? AND status = 'claimed'""",
            [(to_iso(now), key) for key in keys]).rowcount)

    async def prune_reminders(self, before: datetime) -> int:
        return await self._db.execute(
            "DELETE FROM reminders WHERE status = 'queued' AND claimed_at < ?",
            (to_iso(before),))

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
