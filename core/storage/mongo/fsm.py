"""Dialog state and flood-control buckets on MongoDB, shared by every bot process."""

from __future__ import annotations

from typing import Any

from pymongo import ReturnDocument

from core.storage.common import refill_and_take
from core.storage.mongo.session import Bound

INDEXES: list[tuple[str, list[tuple[str, int]], dict[str, Any]]] = []  # none in version 1
# Migration 5: shared dialog state and throttling (several bot processes); both keyed by _id, so
# no index beyond it
COLLECTIONS = ["fsm", "throttle"]


class MongoFsm:
    def __init__(self, bound: Bound) -> None:
        self._c = bound.db.fsm
        self._s = bound.session

    async def get(self, key: str) -> tuple[str | None, dict[str, Any]]:
        doc = await self._c.find_one({"_id": key}, session=self._s)
        if doc is None:
            return None, {}
        return doc.get("state"), dict(doc.get("data") or {})

    async def set_state(self, key: str, state: str | None) -> None:
        await self._c.update_one({"_id": key}, {"$set": {"state": state}}, upsert=True,
                                 session=self._s)

    async def set_data(self, key: str, data: dict[str, Any]) -> None:
        await self._c.update_one({"_id": key}, {"$set": {"data": data}}, upsert=True,
                                 session=self._s)


class MongoThrottle:
    def __init__(self, bound: Bound) -> None:
        self._c = bound.db.throttle
        self._s = bound.session

    async def take(self, key: str, now: float, rate: float, burst: float) -> tuple[bool, bool]:
        elapsed = {"$max": [0.0, {"$subtract": [now, {"$ifNull": ["$stamp", now]}]}]}
        refilled = {"$min": [burst, {"$add": [{"$ifNull": ["$tokens", burst]},
                                              {"$multiply": [elapsed, rate]}]}]}
        ok = {"$gte": ["$_refilled", 1]}
        doc = await self._c.find_one_and_update(
            {"_id": key},
            [{"$set": {"_refilled": refilled}},
             {"$set": {"tokens": {"$cond": [ok, {"$subtract": ["$_refilled", 1]},
                                            "$_refilled"]},
                       "refused": {"$cond": [ok, 0, {"$add": [{"$ifNull": ["$refused", 0]},
                                                              1]}]},
                       "stamp": {"$max": [{"$ifNull": ["$stamp", now]}, now]}}},
             {"$unset": "_refilled"}],
            upsert=True, return_document=ReturnDocument.AFTER, session=self._s)
        refused = int(doc.get("refused", 0)) if doc else 0
        return refused == 0, refused == 1

    async def take_up_to(self, key: str, now: float, rate: float, burst: float,
                         most: int) -> tuple[int, bool]:
        # read, then write, in the caller's transaction: a concurrent take of the same bucket
        # is a write conflict, and the transaction is run again
        doc = await self._c.find_one({"_id": key}, session=self._s)
        bucket = None if doc is None else (
            float(doc.get("tokens", burst)), float(doc.get("stamp", now)),
            int(doc.get("refused", 0)))
        taken, tokens, stamp, refused = refill_and_take(bucket, now, rate, burst, most)
        await self._c.update_one(
            {"_id": key}, {"$set": {"tokens": tokens, "stamp": stamp, "refused": refused}},
            upsert=True, session=self._s)
        return taken, taken == 0 and refused == 1


REPOSITORIES = {"fsm": MongoFsm, "throttle": MongoThrottle}
