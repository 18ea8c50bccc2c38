"""What the scheduled jobs keep on MongoDB: marks (cursors and states), leases, run records,
and the queries that find their work."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from core.clock import to_iso
from core.jobmodels import JobRun, Lease, ReminderWindow, RunResult
from core.models import PurchaseIntent, Subscription
from core.storage.mongo.intents import doc_to_intent
from core.storage.mongo.session import Bound
from core.storage.mongo.subscriptions import doc_to_subscription

INDEXES: list[tuple[str, list[tuple[str, int]], dict[str, Any]]] = []  # none in version 1
# Migration 3 (jobs: marks, leases, run records, reminders; indexes that find due work).
INDEXES_JOBS: list[tuple[str, list[tuple[str, int]], dict[str, Any]]] = [
    ("job_runs", [("job", 1), ("started_at", -1)], {"name": "job_runs_job"}),
    ("reminders", [("status", 1), ("claimed_at", 1), ("_id", 1)], {"name": "reminders_claimed"}),
    ("subscriptions", [("ends_at", 1), ("_id", 1)], {"name": "subscriptions_ends"}),
    ("subscriptions", [("auto_renew", 1), ("status", 1), ("ends_at", 1)],
     {"name": "subscriptions_autorenew"}),
    ("purchase_intents", [("status", 1), ("expires_at", 1)], {"name": "purchase_intents_held"}),
    ("ledger", [("ref", 1), ("reason", 1)], {"name": "ledger_ref"}),
]
COLLECTIONS = ["job_marks", "job_leases", "job_runs", "reminders"]
# Migration 6 (reminders are claimed a window at a time: one document per offset and run, not one
# per subscription; the reminders still claimed one by one become windows of their own).
INDEXES_REMINDER_WINDOWS: list[tuple[str, list[tuple[str, int]], dict[str, Any]]] = [
    ("reminder_windows", [("done", 1), ("claimed_at", 1), ("_id", 1)],
     {"name": "reminder_windows_open"}),
]


async def windows_from_claimed_reminders(db: Any) -> None:
    """Each reminder claimed but not yet queued becomes a window of the one millisecond its
    subscription ends in; then the per-subscription collection goes. Safe to run twice."""
    if "reminders" not in set(await db.list_collection_names()):
        return
    async for doc in db.reminders.find({"status": "claimed"}):
        upto = doc["ends_at"]
        after = upto - timedelta(milliseconds=1)
        offset = doc["offset"]
        await db.reminder_windows.update_one(
            {"_id": f"{offset}:{to_iso(after)}:{to_iso(upto)}"},
            {"$setOnInsert": {"offset": offset, "after": after, "upto": upto,
                              "include_expired": offset == "0",
                              "claimed_at": doc["claimed_at"], "position": None,
                              "done": False}}, upsert=True)
    await db.reminders.drop()


def _statuses(include_expired: bool) -> list[str]:
    return ["active", "expired"] if include_expired else ["active"]


def _window(doc: dict[str, Any]) -> ReminderWindow:
    position = doc.get("position")
    return ReminderWindow(id=doc["_id"], offset=doc["offset"], after=doc["after"],
                          upto=doc["upto"], include_expired=doc["include_expired"],
                          claimed_at=doc["claimed_at"],
                          position=(position[0], position[1]) if position else None,
                          done=doc["done"])


def _run(doc: dict[str, Any]) -> JobRun:
    return JobRun(id=doc["_id"], job=doc["job"], owner=doc["owner"],
                  started_at=doc["started_at"], result=RunResult(doc["result"]),
                  ended_at=doc.get("ended_at"), items=doc.get("items", 0),
                  error=doc.get("error", ""))


class MongoJobs:
    def __init__(self, bound: Bound) -> None:
        self._db = bound.db
        self._s = bound.session

    # --- marks ---------------------------------------------------------------------------------

    async def get_mark(self, name: str) -> str | None:
        doc = await self._db.job_marks.find_one({"_id": name}, session=self._s)
        return doc["value"] if doc else None

    async def put_mark(self, name: str, value: str, now: datetime) -> None:
        await self._db.job_marks.update_one(
            {"_id": name}, {"$set": {"value": value, "updated_at": now}}, upsert=True,
            session=self._s)

    async def swap_mark(self, name: str, expected: str | None, value: str, now: datetime
                        ) -> bool:
        if expected is None:
            if await self._db.job_marks.find_one({"_id": name}, {"_id": 1}, session=self._s):
                return False
            await self._db.job_marks.insert_one(
                {"_id": name, "value": value, "updated_at": now}, session=self._s)
            return True
        result = await self._db.job_marks.update_one(
            {"_id": name, "value": expected}, {"$set": {"value": value, "updated_at": now}},
            session=self._s)
        return result.modified_count == 1

    # --- leases --------------------------------------------------------------------------------

    async def acquire_lease(self, name: str, owner: str, now: datetime, until: datetime
                            ) -> bool:
        held = await self._db.job_leases.find_one({"_id": name}, session=self._s)
        if held is not None and held["owner"] != owner and held["until"] > now:
            return False
        await self._db.job_leases.update_one(
            {"_id": name}, {"$set": {"owner": owner, "until": until}}, upsert=True,
            session=self._s)
        return True

    async def release_lease(self, name: str, owner: str) -> bool:
        result = await self._db.job_leases.delete_one({"_id": name, "owner": owner},
                                                      session=self._s)
        return result.deleted_count == 1

    async def get_lease(self, name: str) -> Lease | None:
        doc = await self._db.job_leases.find_one({"_id": name}, session=self._s)
        return Lease(doc["_id"], doc["owner"], doc["until"]) if doc else None

    # --- runs ----------------------------------------------------------------------------------

    async def start_run(self, run: JobRun) -> None:
        await self._db.job_runs.insert_one(
            {"_id": run.id, "job": run.job, "owner": run.owner, "started_at": run.started_at,
             "ended_at": run.ended_at, "result": run.result.value, "items": run.items,
             "error": run.error[:500]}, session=self._s)

    async def finish_run(self, run_id: str, ended_at: datetime, result: RunResult, items: int,
                         error: str) -> bool:
        done = await self._db.job_runs.update_one(
            {"_id": run_id, "result": RunResult.RUNNING.value},
            {"$set": {"ended_at": ended_at, "result": result.value, "items": items,
                      "error": error[:500]}}, session=self._s)
        return done.modified_count == 1

    async def recent_runs(self, job: str, limit: int = 10) -> list[JobRun]:
        cursor = self._db.job_runs.find({"job": job}, session=self._s)
        docs = await cursor.sort([("started_at", -1), ("_id", -1)]).limit(limit).to_list()
        return [_run(d) for d in docs]

    async def prune_runs(self, before: datetime) -> int:
        result = await self._db.job_runs.delete_many(
            {"started_at": {"$lt": before}, "result": {"$ne": RunResult.RUNNING.value}},
            session=self._s)
        return int(result.deleted_count)

    # --- finding work --------------------------------------------------------------------------

    async def count_ending(self, after: datetime, upto: datetime, include_expired: bool
                           ) -> int:
        return int(await self._db.subscriptions.count_documents(
            {"status": {"$in": _statuses(include_expired)},
             "ends_at": {"$gt": after, "$lte": upto}}, session=self._s))

    async def add_reminder_window(self, window: ReminderWindow) -> bool:
        result = await self._db.reminder_windows.update_one(
            {"_id": window.id},
            {"$setOnInsert": {"offset": window.offset, "after": window.after,
                              "upto": window.upto, "include_expired": window.include_expired,
                              "claimed_at": window.claimed_at, "position": None,
                              "done": False}}, upsert=True, session=self._s)
        return result.upserted_id is not None

    async def open_reminder_windows(self, limit: int) -> list[ReminderWindow]:
        cursor = self._db.reminder_windows.find({"done": False}, session=self._s)
        docs = await cursor.sort([("claimed_at", 1), ("_id", 1)]).limit(limit).to_list()
        return [_window(d) for d in docs]

    async def ending_in(self, window: ReminderWindow, limit: int) -> list[Subscription]:
        query: dict[str, Any] = {"status": {"$in": _statuses(window.include_expired)},
                                 "ends_at": {"$gt": window.after, "$lte": window.upto}}
        if window.position is not None:
            end, after_id = window.position
            query["ends_at"] = {"$gte": end, "$lte": window.upto}
            query["$or"] = [{"ends_at": {"$gt": end}}, {"_id": {"$gt": after_id}}]
        cursor = self._db.subscriptions.find(query, session=self._s)
        docs = await cursor.sort([("ends_at", 1), ("_id", 1)]).limit(limit).to_list()
        return [doc_to_subscription(d) for d in docs]

    async def advance_reminder_window(self, window: ReminderWindow,
                                      position: tuple[datetime, str] | None, done: bool,
                                      now: datetime) -> bool:
        was = list(window.position) if window.position else None
        result = await self._db.reminder_windows.update_one(
            {"_id": window.id, "done": False, "position": was},
            {"$set": {"position": list(position) if position else None, "done": done,
                      "done_at": now if done else None}}, session=self._s)
        return result.matched_count == 1

    async def prune_reminder_windows(self, before: datetime) -> int:
        result = await self._db.reminder_windows.delete_many(
            {"done": True, "claimed_at": {"$lt": before}}, session=self._s)
        return int(result.deleted_count)

    async def auto_renew_due(self, after: tuple[datetime, str], upto: datetime, limit: int
                             ) -> list[Subscription]:
        end, sub_id = after
        cursor = self._db.subscriptions.find(
            {"auto_renew": True, "status": "active", "ends_at": {"$gte": end, "$lte": upto},
             "$or": [{"ends_at": {"$gt": end}}, {"_id": {"$gt": sub_id}}]},
            session=self._s)
        docs = await cursor.sort([("ends_at", 1), ("_id", 1)]).limit(limit).to_list()
        return [doc_to_subscription(d) for d in docs]

    async def held_intents_expired(self, now: datetime, limit: int) -> list[PurchaseIntent]:
        cursor = self._db.purchase_intents.find(
            {"status": "awaiting_payment", "expires_at": {"$lte": now}}, session=self._s)
        docs = await cursor.sort([("expires_at", 1), ("_id", 1)]).limit(limit).to_list()
        return [doc_to_intent(d) for d in docs]

    async def topup_credits(self, after_id: str, limit: int) -> list[tuple[str, str, int, int]]:
        cursor = self._db.topups.find({"_id": {"$gt": after_id}},
                                      {"status": 1, "amount": 1}, session=self._s)
        topups = await cursor.sort([("_id", 1)]).limit(limit).to_list()
        ids = [t["_id"] for t in topups]
        counts: dict[str, int] = {}
        if ids:
            pipeline = [{"$match": {"ref": {"$in": ids}, "reason": "topup",
                                    "amount": {"$gt": 0}}},
                        {"$group": {"_id": "$ref", "n": {"$sum": 1}}}]
            agg = await self._db.ledger.aggregate(pipeline, session=self._s)
            counts = {d["_id"]: int(d["n"]) async for d in agg}
        return [(t["_id"], t["status"], int(t["amount"]), counts.get(t["_id"], 0))
                for t in topups]


REPOSITORIES = {"jobs": MongoJobs}
