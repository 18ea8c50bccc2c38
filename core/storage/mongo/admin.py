"""Admin-bot storage on MongoDB: dashboard aggregates (``stats``)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from core.models import DayAmount, Totals
from core.storage.mongo.session import Bound

# schema: admin
INDEXES: list[tuple[str, list[tuple[str, int]], dict[str, Any]]] = [
    ("ledger", [("created_at", 1), ("reason", 1)], {"name": "ledger_time"}),
    ("orders", [("created_at", 1)], {"name": "orders_time"}),
    ("topups", [("created_at", 1), ("status", 1)], {"name": "topups_time"}),
    ("users", [("created_at", 1)], {"name": "users_created"}),
]
COLLECTIONS: list[str] = ["ticket_links"]  # a ticket opened about one subscription
# end schema: admin

_PAID = ["credited", "refunding", "refunded"]


def _day(field: str) -> dict[str, Any]:
    return {"$dateToString": {"format": "%Y-%m-%d", "date": f"${field}"}}


class MongoStats:
    """Aggregates over time ranges ``[since, until)``; each one aggregation pipeline."""

    def __init__(self, bound: Bound) -> None:
        self._db = bound.db
        self._s = bound.session

    async def _aggregate(self, collection: str, pipeline: list[dict[str, Any]]
                         ) -> list[dict[str, Any]]:
        cursor = await self._db[collection].aggregate(pipeline, session=self._s)
        return [doc async for doc in cursor]

    async def sales(self, since: datetime, until: datetime) -> Totals:
        docs = await self._aggregate("orders", [
            {"$match": {"created_at": {"$gte": since, "$lt": until}}},
            {"$group": {"_id": None, "n": {"$sum": 1}, "amount": {"$sum": "$amount"}}}])
        return Totals(int(docs[0]["n"]), int(docs[0]["amount"])) if docs else Totals(0, 0)

    async def ledger_by_reason(self, since: datetime, until: datetime
                               ) -> dict[tuple[str, int], Totals]:
        docs = await self._aggregate("ledger", [
            {"$match": {"created_at": {"$gte": since, "$lt": until}}},
            {"$group": {"_id": {"reason": "$reason", "credit": {"$gt": ["$amount", 0]}},
                        "n": {"$sum": 1}, "amount": {"$sum": "$amount"}}}])
        return {(d["_id"]["reason"], 1 if d["_id"]["credit"] else -1):
                Totals(int(d["n"]), int(d["amount"])) for d in docs}

    async def topups_by_gateway(self, since: datetime, until: datetime) -> dict[str, Totals]:
        docs = await self._aggregate("topups", [
            {"$match": {"created_at": {"$gte": since, "$lt": until}, "status": {"$in": _PAID}}},
            {"$group": {"_id": "$gateway", "n": {"$sum": 1}, "amount": {"$sum": "$amount"}}}])
        return {d["_id"]: Totals(int(d["n"]), int(d["amount"])) for d in docs}

    async def topups_per_day(self, since: datetime, until: datetime) -> list[DayAmount]:
        docs = await self._aggregate("topups", [
            {"$match": {"created_at": {"$gte": since, "$lt": until}, "status": {"$in": _PAID}}},
            {"$group": {"_id": {"day": _day("created_at"), "gateway": "$gateway"},
                        "amount": {"$sum": "$amount"}}}])
        rows = [DayAmount(d["_id"]["day"], d["_id"]["gateway"], int(d["amount"])) for d in docs]
        return sorted(rows, key=lambda r: (r.day, r.key))

    async def new_users(self, since: datetime, until: datetime) -> int:
        return await self._db.users.count_documents(
            {"created_at": {"$gte": since, "$lt": until}}, session=self._s)

    async def new_users_per_day(self, since: datetime, until: datetime) -> list[DayAmount]:
        docs = await self._aggregate("users", [
            {"$match": {"created_at": {"$gte": since, "$lt": until}}},
            {"$group": {"_id": _day("created_at"), "n": {"$sum": 1}}}])
        return sorted((DayAmount(d["_id"], "", int(d["n"])) for d in docs), key=lambda r: r.day)

    async def _count(self, collection: str, query: dict[str, Any]) -> int:
        return await self._db[collection].count_documents(query, session=self._s)

    async def count_subscriptions(self, status: str) -> int:
        return await self._count("subscriptions", {"status": status})

    async def count_orders(self, status: str) -> int:
        return await self._count("orders", {"status": status})

    async def count_topups(self, status: str, created_before: datetime | None = None) -> int:
        query: dict[str, Any] = {"status": status}
        if created_before is not None:
            query["created_at"] = {"$lt": created_before}
        return await self._count("topups", query)

    async def count_tickets(self, status: str) -> int:
        return await self._count("tickets", {"status": status})

    async def count_webhook_events(self, status: str) -> int:
        return await self._count("webhook_events", {"status": status})


class MongoTicketLinks:
    def __init__(self, bound: Bound) -> None:
        self._c = bound.db.ticket_links
        self._s = bound.session

    async def link(self, ticket_id: str, subscription_id: str) -> None:
        await self._c.update_one({"_id": ticket_id},
                                 {"$setOnInsert": {"subscription_id": subscription_id}},
                                 upsert=True, session=self._s)

    async def subscription_of(self, ticket_id: str) -> str:
        doc = await self._c.find_one({"_id": ticket_id}, session=self._s)
        return str(doc["subscription_id"]) if doc else ""
