"""The outbox on MongoDB."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pymongo import ReturnDocument
from pymongo.errors import DuplicateKeyError

from core.errors import RetryableConflict
from core.models import OutboxMessage, OutboxStatus
from core.storage.mongo.session import Bound

INDEXES: list[tuple[str, list[tuple[str, int]], dict[str, Any]]] = [
    ("outbox", [("key", 1)], {"name": "outbox_key", "unique": True}),
    ("outbox", [("status", 1), ("next_attempt_at", 1)], {"name": "outbox_due"}),
]


def doc_to_message(doc: dict[str, Any]) -> OutboxMessage:
    return OutboxMessage(
        id=doc["_id"], key=doc["key"], bot=doc["bot"], audience=doc["audience"],
        chat_id=doc.get("chat_id"), template=doc["template"], params=dict(doc["params"]),
        options=dict(doc.get("options", {})), status=OutboxStatus(doc["status"]),
        attempts=doc.get("attempts", 0), next_attempt_at=doc["next_attempt_at"],
        created_at=doc["created_at"], sent_at=doc.get("sent_at"),
        last_error=doc.get("last_error", ""),
    )


class MongoOutbox:
    def __init__(self, bound: Bound) -> None:
        self._c = bound.db.outbox
        self._s = bound.session

    async def add(self, message: OutboxMessage) -> bool:
        m = message
        if await self._c.find_one({"key": m.key}, {"_id": 1}, session=self._s):
            return False
        try:
            await self._c.insert_one(
                {"_id": m.id, "key": m.key, "bot": m.bot, "audience": m.audience,
                 "chat_id": m.chat_id, "template": m.template, "params": m.params,
                 "options": m.options, "status": m.status.value, "attempts": m.attempts,
                 "next_attempt_at": m.next_attempt_at, "created_at": m.created_at,
                 "sent_at": None, "last_error": ""},
                session=self._s,
            )
        except DuplicateKeyError:
            # Inside a transaction the error aborted it: let the runner retry the whole unit,
            # which then sees the other writer's message and returns False.
            raise RetryableConflict("outbox key queued concurrently") from None
        return True

    async def claim_due(self, now: datetime, limit: int, lease_until: datetime
                        ) -> list[OutboxMessage]:
        claimed = []
        for _ in range(limit):
            doc = await self._c.find_one_and_update(
                {"status": {"$in": ["pending", "sending"]}, "next_attempt_at": {"$lte": now}},
                {"$set": {"status": "sending", "next_attempt_at": lease_until}},
                sort=[("next_attempt_at", 1), ("_id", 1)],
                return_document=ReturnDocument.AFTER, session=self._s,
            )
            if doc is None:
                break
            claimed.append(doc_to_message(doc))
        return sorted(claimed, key=lambda m: (m.created_at, m.id))

    async def mark_sent(self, message_id: str, now: datetime) -> None:
        await self._c.update_one({"_id": message_id},
                                 {"$set": {"status": "sent", "sent_at": now},
                                  "$inc": {"attempts": 1}}, session=self._s)

    async def reschedule(self, message_id: str, next_attempt_at: datetime, error: str) -> None:
        await self._c.update_one(
            {"_id": message_id},
            {"$set": {"status": "pending", "next_attempt_at": next_attempt_at,
                      "last_error": error[:500]}, "$inc": {"attempts": 1}},
            session=self._s,
        )

    async def mark_dead(self, message_id: str, error: str) -> None:
        await self._c.update_one(
            {"_id": message_id},
            {"$set": {"status": "dead", "last_error": error[:500]}, "$inc": {"attempts": 1}},
            session=self._s,
        )

    async def record_parts_sent(self, message_id: str, parts_sent: int) -> None:
        await self._c.update_one({"_id": message_id},
                                 {"$set": {"options.parts_sent": parts_sent}}, session=self._s)

    async def get(self, message_id: str) -> OutboxMessage | None:
        doc = await self._c.find_one({"_id": message_id}, session=self._s)
        return doc_to_message(doc) if doc else None

    async def recent(self, limit: int, status: str | None = None) -> list[OutboxMessage]:
        query = {"status": status} if status else {}
        cursor = self._c.find(query, session=self._s).sort([("created_at", -1), ("_id", -1)])
        return [doc_to_message(d) for d in await cursor.limit(limit).to_list()]

    async def count_by_status(self) -> dict[str, int]:
        cursor = await self._c.aggregate(
            [{"$group": {"_id": "$status", "n": {"$sum": 1}}}], session=self._s)
        return {str(d["_id"]): int(d["n"]) for d in await cursor.to_list()}


REPOSITORIES = {"outbox": MongoOutbox}
