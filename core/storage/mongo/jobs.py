"""What the scheduled jobs keep on MongoDB: marks (cursors and states), leases, run records,
and the queries that find their work."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from core.clock import to_iso
from core.jobmodels import JobRun, Lease, ReminderClaim, RunResult
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
CLAIM_CHUNK = 1000


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

    async def claim_reminders(self, offset: str, after: datetime, upto: datetime,
                              include_expired: bool, now: datetime) -> int:
        statuses = ["active", "expired"] if include_expired else ["active"]
        cursor = self._db.subscriptions.find(
            {"ends_at": {"$gt": after, "$lte": upto}, "status": {"$in": statuses}},
            {"user_id": 1, "product_id": 1, "ends_at": 1, "auto_renew": 1}, session=self._s)
        docs = [{"_id": f"{d['_id']}:{to_iso(d['ends_at'])}:{offset}",
                 "subscription_id": d["_id"], "user_id": d["user_id"],
                 "product_id": d["product_id"], "ends_at": d["ends_at"],
                 "auto_renew": bool(d.get("auto_renew", False)), "offset": offset,
                 "status": "claimed", "claimed_at": now}
                async for d in cursor.sort([("ends_at", 1), ("_id", 1)])]
        claimed = 0
        for start in range(0, len(docs), CLAIM_CHUNK):
            chunk = docs[start:start + CLAIM_CHUNK]
            known = {d["_id"] async for d in self._db.reminders.find(
                {"_id": {"$in": [c["_id"] for c in chunk]}}, {"_id": 1}, session=self._s)}
            fresh = [c for c in chunk if c["_id"] not in known]
            if fresh:
                await self._db.reminders.insert_many(fresh, session=self._s)
                claimed += len(fresh)
        return claimed

    async def claimed_reminders(self, limit: int) -> list[ReminderClaim]:
        cursor = self._db.reminders.find({"status": "claimed"}, session=self._s)
        docs = await cursor.sort([("claimed_at", 1), ("_id", 1)]).limit(limit).to_list()
        return [ReminderClaim(key=d["_id"], subscription_id=d["subscription_id"],
                              user_id=d["user_id"], product_id=d["product_id"],
                              ends_at=d["ends_at"], auto_renew=d["auto_renew"],
                              offset=d["offset"], claimed_at=d["claimed_at"]) for d in docs]

    async def mark_reminders_queued(self, keys: list[str], now: datetime) -> int:
        result = await self._db.reminders.update_many(
            {"_id": {"$in": keys}, "status": "claimed"},
            {"$set": {"status": "queued", "queued_at": now}}, session=self._s)
        return int(result.modified_count)

    async def prune_reminders(self, before: datetime) -> int:
        result = await self._db.reminders.delete_many(
            {"status": "queued", "claimed_at": {"$lt": before}}, session=self._s)
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
