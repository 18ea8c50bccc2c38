"""Admin-bot storage on MongoDB: dashboard aggregates, ticket links, customer lookup,
approvals, manual payments and broadcasts."""

from __future__ import annotations

from datetime import datetime
from typing import Any

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
from core.storage.mongo.session import Bound
from core.storage.mongo.support import _ticket as doc_to_ticket
from core.storage.mongo.users import doc_to_user

INDEXES: list[tuple[str, list[tuple[str, int]], dict[str, Any]]] = []  # none in version 1
# Migration 4 (admin: dashboard, approvals, manual payments, broadcasts, alert mutes, threads).
INDEXES_ADMIN: list[tuple[str, list[tuple[str, int]], dict[str, Any]]] = [
    ("ledger", [("created_at", 1), ("reason", 1)], {"name": "ledger_time"}),
    ("orders", [("created_at", 1)], {"name": "orders_time"}),
    ("topups", [("created_at", 1), ("status", 1)], {"name": "topups_time"}),
    ("users", [("created_at", 1)], {"name": "users_created"}),
    ("users", [("username", 1)], {"name": "users_username",
                                  "collation": {"locale": "en", "strength": 2}}),
    ("tickets", [("user_id", 1), ("created_at", -1)], {"name": "tickets_user"}),
    ("approvals", [("status", 1), ("created_at", -1)], {"name": "approvals_status"}),
    ("manual_payments", [("status", 1), ("created_at", -1)], {"name": "manual_payments_status"}),
    ("broadcasts", [("status", 1), ("created_at", -1)], {"name": "broadcasts_status"}),
    ("subscriptions", [("status", 1), ("user_id", 1)], {"name": "subscriptions_status_user"}),
    ("staff_mutes", [("kind", 1)], {"name": "staff_mutes_kind"}),
    ("ticket_messages", [("ticket_id", 1), ("at", 1)], {"name": "ticket_messages_ticket"}),
]
# ticket_links: a ticket opened about one subscription; approvals: staff money actions waiting
# for a second admin; manual_payments: bank transfers reported with a screenshot
COLLECTIONS: list[str] = ["ticket_links", "approvals", "manual_payments", "broadcasts",
                          "staff_mutes", "ticket_messages"]

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


class MongoDirectory:
    def __init__(self, bound: Bound) -> None:
        self._c = bound.db.users
        self._tickets = bound.db.tickets
        self._s = bound.session

    async def by_username(self, username: str) -> User | None:
        doc = await self._c.find_one({"username": username.removeprefix("@")},
                                     collation={"locale": "en", "strength": 2},
                                     session=self._s)
        return doc_to_user(doc) if doc else None

    async def tickets_of(self, user_id: int, limit: int = 10) -> list[SupportTicket]:
        cursor = self._tickets.find({"user_id": user_id}, session=self._s).sort(
            "created_at", -1).limit(limit)
        return [doc_to_ticket(d) async for d in cursor]


class _Decided:
    """Shared by approvals and manual payments: documents decided once, from pending."""

    def __init__(self, bound: Bound, collection: str) -> None:
        self._c = bound.db[collection]
        self._s = bound.session

    async def _decide(self, doc_id: str, status: Decision, by: int, at: datetime,
                      **extra: Any) -> bool:
        result = await self._c.update_one(
            {"_id": doc_id, "status": Decision.PENDING.value},
            {"$set": {"status": status.value, "decided_by": by, "decided_at": at, **extra}},
            session=self._s)
        return result.modified_count == 1

    async def _list(self, status: Decision, limit: int) -> list[dict[str, Any]]:
        cursor = self._c.find({"status": status.value}, session=self._s).sort(
            "created_at", -1).limit(limit)
        return [doc async for doc in cursor]


def _doc_to_approval(d: dict[str, Any]) -> Approval:
    return Approval(id=d["_id"], kind=d["kind"], target=d["target"], amount=d["amount"],
                    params=dict(d["params"]), requested_by=d["requested_by"],
                    status=Decision(d["status"]), created_at=d["created_at"],
                    decided_by=d.get("decided_by"), decided_at=d.get("decided_at"))


class MongoApprovals(_Decided):
    def __init__(self, bound: Bound) -> None:
        super().__init__(bound, "approvals")

    async def insert(self, a: Approval) -> None:
        await self._c.insert_one(
            {"_id": a.id, "kind": a.kind, "target": a.target, "amount": a.amount,
             "params": a.params, "requested_by": a.requested_by, "status": a.status.value,
             "created_at": a.created_at, "decided_by": None, "decided_at": None},
            session=self._s)

    async def get(self, approval_id: str) -> Approval | None:
        doc = await self._c.find_one({"_id": approval_id}, session=self._s)
        return _doc_to_approval(doc) if doc else None

    async def decide(self, approval_id: str, status: Decision, by: int, at: datetime) -> bool:
        return await self._decide(approval_id, status, by, at)

    async def list(self, status: Decision, limit: int = 20) -> list[Approval]:
        return [_doc_to_approval(d) for d in await self._list(status, limit)]


def _doc_to_manual(d: dict[str, Any]) -> ManualPayment:
    return ManualPayment(id=d["_id"], user_id=d["user_id"], amount=d["amount"],
                         currency=d["currency"], status=Decision(d["status"]),
                         created_at=d["created_at"], screenshot=bytes(d["screenshot"]),
                         decided_by=d.get("decided_by"), decided_at=d.get("decided_at"),
                         reason=d.get("reason", ""))


class MongoManualPayments(_Decided):
    def __init__(self, bound: Bound) -> None:
        super().__init__(bound, "manual_payments")

    async def insert(self, m: ManualPayment) -> None:
        await self._c.insert_one(
            {"_id": m.id, "user_id": m.user_id, "amount": m.amount, "currency": m.currency,
             "status": m.status.value, "screenshot": m.screenshot, "created_at": m.created_at,
             "decided_by": None, "decided_at": None, "reason": ""},
            session=self._s)

    async def get(self, payment_id: str) -> ManualPayment | None:
        doc = await self._c.find_one({"_id": payment_id}, session=self._s)
        return _doc_to_manual(doc) if doc else None

    async def decide(self, payment_id: str, status: Decision, by: int, at: datetime,
                     reason: str = "") -> bool:
        return await self._decide(payment_id, status, by, at, reason=reason)

    async def list(self, status: Decision, limit: int = 20) -> list[ManualPayment]:
        return [_doc_to_manual(d) for d in await self._list(status, limit)]


def _doc_to_broadcast(d: dict[str, Any]) -> Broadcast:
    return Broadcast(
        id=d["_id"], created_by=d["created_by"], text=d["text"], segment=d["segment"],
        segment_arg=d.get("segment_arg", ""), status=BroadcastStatus(d["status"]),
        created_at=d["created_at"], button_text=d.get("button_text", ""),
        button_url=d.get("button_url", ""), queued=d.get("queued", 0),
        cursor=d.get("cursor", 0), chat_id=d.get("chat_id", 0),
        message_id=d.get("message_id", 0), started_at=d.get("started_at"),
        finished_at=d.get("finished_at"), has_photo=bool(d.get("has_photo", False)))


class MongoBroadcasts:
    def __init__(self, bound: Bound) -> None:
        self._db = bound.db
        self._c = bound.db.broadcasts
        self._s = bound.session

    async def insert(self, b: Broadcast, photo: bytes = b"") -> None:
        await self._c.insert_one(
            {"_id": b.id, "created_by": b.created_by, "text": b.text, "segment": b.segment,
             "segment_arg": b.segment_arg, "button_text": b.button_text,
             "button_url": b.button_url, "status": b.status.value, "queued": 0, "cursor": 0,
             "chat_id": 0, "message_id": 0, "created_at": b.created_at, "started_at": None,
             "finished_at": None, "photo": photo, "has_photo": bool(photo)}, session=self._s)

    async def get(self, broadcast_id: str) -> Broadcast | None:
        doc = await self._c.find_one({"_id": broadcast_id}, {"photo": 0}, session=self._s)
        return _doc_to_broadcast(doc) if doc else None

    async def photo(self, broadcast_id: str) -> bytes:
        doc = await self._c.find_one({"_id": broadcast_id}, {"photo": 1}, session=self._s)
        return bytes(doc.get("photo") or b"") if doc else b""

    async def save(self, b: Broadcast, expected: BroadcastStatus) -> bool:
        result = await self._c.update_one(
            {"_id": b.id, "status": expected.value},
            {"$set": {"status": b.status.value, "queued": b.queued, "cursor": b.cursor,
                      "chat_id": b.chat_id, "message_id": b.message_id,
                      "started_at": b.started_at, "finished_at": b.finished_at}},
            session=self._s)
        return result.matched_count == 1

    async def list(self, status: BroadcastStatus, limit: int = 20) -> list[Broadcast]:
        cursor = self._c.find({"status": status.value}, {"photo": 0}, session=self._s).sort(
            "created_at", -1).limit(limit)
        return [_doc_to_broadcast(d) async for d in cursor]

    async def _subscribers(self, query: dict[str, Any]) -> list[int]:
        return [int(u) for u in await self._db.subscriptions.distinct(
            "user_id", query, session=self._s)]

    async def audience(self, segment: str, arg: str, since: datetime, after: int,
                       limit: int) -> list[int]:
        query: dict[str, Any] = {"role": "customer", "blocked": {"$ne": True},
                                 "_id": {"$gt": after}}
        if segment == "language":
            query["language"] = arg
        elif segment == "active":
            query["_id"]["$in"] = await self._subscribers({"status": "active"})
        elif segment == "expired":
            active = set(await self._subscribers({"status": "active"}))
            ended = await self._subscribers({"status": "expired", "ends_at": {"$gte": since}})
            query["_id"]["$in"] = [u for u in ended if u not in active]
        elif segment == "never":
            query["_id"]["$nin"] = [int(u) for u in await self._db.orders.distinct(
                "user_id", {}, session=self._s)]
        cursor = self._db.users.find(query, {"_id": 1}, session=self._s).sort("_id", 1).limit(
            limit)
        return [int(d["_id"]) async for d in cursor]

    async def progress(self, broadcast_id: str) -> BroadcastProgress:
        low, high = f"broadcast:{broadcast_id}:", f"broadcast:{broadcast_id};"
        cursor = await self._db.outbox.aggregate([
            {"$match": {"key": {"$gte": low, "$lt": high}}},
            {"$group": {"_id": {"status": "$status",
                                "blocked": {"$eq": [{"$substrCP": [
                                    {"$ifNull": ["$last_error", ""]}, 0, 8]}, "blocked:"]}},
                        "n": {"$sum": 1}}}], session=self._s)
        counts = {"sent": 0, "blocked": 0, "failed": 0, "waiting": 0}
        async for d in cursor:
            status, n = d["_id"]["status"], int(d["n"])
            if status == "sent":
                counts["sent"] += n
            elif status == "dead":
                counts["blocked" if d["_id"]["blocked"] else "failed"] += n
            else:
                counts["waiting"] += n
        return BroadcastProgress(total=sum(counts.values()), **counts)

    async def cancel_pending(self, broadcast_id: str) -> int:
        low, high = f"broadcast:{broadcast_id}:", f"broadcast:{broadcast_id};"
        result = await self._db.outbox.update_many(
            {"key": {"$gte": low, "$lt": high}, "status": "pending"},
            {"$set": {"status": "dead", "last_error": "cancelled"}}, session=self._s)
        return result.modified_count


class MongoMutes:
    def __init__(self, bound: Bound) -> None:
        self._c = bound.db.staff_mutes
        self._s = bound.session

    async def set(self, user_id: int, kind: str, muted: bool) -> None:
        key = f"{user_id}:{kind}"
        if muted:
            await self._c.update_one({"_id": key}, {"$set": {"user_id": user_id, "kind": kind}},
                                     upsert=True, session=self._s)
        else:
            await self._c.delete_one({"_id": key}, session=self._s)

    async def muted(self, kind: str) -> set[int]:
        return {int(d["user_id"]) async for d in self._c.find({"kind": kind}, session=self._s)}

    async def of(self, user_id: int) -> set[str]:
        return {str(d["kind"]) async for d in self._c.find({"user_id": user_id},
                                                          session=self._s)}


class MongoTicketThreads:
    def __init__(self, bound: Bound) -> None:
        self._c = bound.db.ticket_messages
        self._tickets = bound.db.tickets
        self._s = bound.session

    async def add(self, m: TicketMessage) -> None:
        await self._c.insert_one({"_id": m.id, "ticket_id": m.ticket_id, "author": m.author,
                                  "staff_id": m.staff_id, "text": m.text, "at": m.at},
                                 session=self._s)

    async def messages(self, ticket_id: str, limit: int = 20) -> list[TicketMessage]:
        cursor = self._c.find({"ticket_id": ticket_id}, session=self._s).sort(
            [("at", -1), ("_id", -1)]).limit(limit)
        docs = [d async for d in cursor]
        return [TicketMessage(id=d["_id"], ticket_id=d["ticket_id"], author=d["author"],
                              text=d["text"], at=d["at"], staff_id=d.get("staff_id"))
                for d in reversed(docs)]

    async def set_status(self, ticket_id: str, status: str, expected: list[str]) -> bool:
        result = await self._tickets.update_one(
            {"_id": ticket_id, "status": {"$in": expected}}, {"$set": {"status": status}},
            session=self._s)
        return result.modified_count == 1


REPOSITORIES = {
    "broadcasts": MongoBroadcasts,
    "mutes": MongoMutes,
    "approvals": MongoApprovals,
    "manual_payments": MongoManualPayments,
    "directory": MongoDirectory,
    "ticket_threads": MongoTicketThreads,
    "ticket_links": MongoTicketLinks,
    "stats": MongoStats,
}
