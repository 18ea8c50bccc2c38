"""Support tickets and scheduled message clean-ups on MongoDB."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pymongo.errors import DuplicateKeyError

from core.models import Cleanup, SupportTicket, TicketStatus
from core.storage.mongo.session import Bound

INDEXES: list[tuple[str, list[tuple[str, int]], dict[str, Any]]] = [
    ("tickets", [("status", 1), ("created_at", 1)], {"name": "tickets_status"}),
    ("cleanups", [("bot", 1), ("chat_id", 1), ("message_id", 1)],
     {"name": "cleanups_message", "unique": True}),
    ("cleanups", [("delete_at", 1)], {"name": "cleanups_due"}),
]


def _ticket(doc: dict[str, Any]) -> SupportTicket:
    return SupportTicket(
        id=doc["_id"], user_id=doc["user_id"], text=doc["text"],
        status=TicketStatus(doc["status"]), created_at=doc["created_at"],
        reply=doc.get("reply", ""), replied_by=doc.get("replied_by"),
        replied_at=doc.get("replied_at"),
    )


class MongoTickets:
    def __init__(self, bound: Bound) -> None:
        self._c = bound.db.tickets
        self._s = bound.session

    async def add(self, ticket: SupportTicket) -> None:
        t = ticket
        await self._c.insert_one({"_id": t.id, "user_id": t.user_id, "text": t.text,
                                  "status": t.status.value, "created_at": t.created_at,
                                  "reply": "", "replied_by": None, "replied_at": None},
                                 session=self._s)

    async def get(self, ticket_id: str) -> SupportTicket | None:
        doc = await self._c.find_one({"_id": ticket_id}, session=self._s)
        return _ticket(doc) if doc else None

    async def answer(self, ticket_id: str, reply: str, staff_id: int, at: datetime) -> bool:
        result = await self._c.update_one(
            {"_id": ticket_id, "status": "open"},
            {"$set": {"status": "answered", "reply": reply, "replied_by": staff_id,
                      "replied_at": at}}, session=self._s)
        return result.modified_count == 1

    async def list(self, status: str | None, limit: int) -> list[SupportTicket]:
        cursor = self._c.find({"status": status} if status else {}, session=self._s)
        docs = await cursor.sort([("created_at", 1), ("_id", 1)]).limit(limit).to_list()
        return [_ticket(d) for d in docs]


class MongoCleanups:
    def __init__(self, bound: Bound) -> None:
        self._c = bound.db.cleanups
        self._s = bound.session

    async def add(self, cleanup: Cleanup) -> None:
        c = cleanup
        if await self._c.find_one({"bot": c.bot, "chat_id": c.chat_id,
                                   "message_id": c.message_id}, {"_id": 1}, session=self._s):
            return
        try:
            await self._c.insert_one({"_id": c.id, "bot": c.bot, "chat_id": c.chat_id,
                                      "message_id": c.message_id, "sent_at": c.sent_at,
                                      "delete_at": c.delete_at}, session=self._s)
        except DuplicateKeyError:
            from core.errors import RetryableConflict

            raise RetryableConflict("clean-up scheduled concurrently") from None

    async def due(self, now: datetime, limit: int) -> list[Cleanup]:
        cursor = self._c.find({"delete_at": {"$lte": now}}, session=self._s)
        docs = await cursor.sort("delete_at", 1).limit(limit).to_list()
        return [Cleanup(id=d["_id"], bot=d["bot"], chat_id=d["chat_id"],
                        message_id=d["message_id"], sent_at=d["sent_at"],
                        delete_at=d["delete_at"]) for d in docs]

    async def remove(self, cleanup_id: str) -> None:
        await self._c.delete_one({"_id": cleanup_id}, session=self._s)


REPOSITORIES = {"tickets": MongoTickets, "cleanups": MongoCleanups}
