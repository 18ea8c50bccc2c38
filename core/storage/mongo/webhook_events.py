"""Verified gateway callbacks on MongoDB: ``_id`` is ``gateway:event_id``; the raw body kept."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pymongo.errors import DuplicateKeyError

from core.errors import RetryableConflict
from core.models import PURGED_BODY, EventStatus, WebhookEvent
from core.storage.mongo.session import Bound

INDEXES: list[tuple[str, list[tuple[str, int]], dict[str, Any]]] = [
    ("webhook_events", [("status", 1), ("received_at", -1)], {"name": "webhook_events_status"}),
]
# Migration 2 (gateway refunds: the events of one payment; body retention).
INDEXES_GATEWAY_REFUNDS: list[tuple[str, list[tuple[str, int]], dict[str, Any]]] = [
    ("webhook_events", [("gateway", 1), ("payment_id", 1)], {"name": "webhook_events_payment"}),
    ("webhook_events", [("received_at", 1)], {"name": "webhook_events_received"}),
]


def doc_to_event(doc: dict[str, Any]) -> WebhookEvent:
    return WebhookEvent(
        key=doc["_id"], gateway=doc["gateway"], event_id=doc["event_id"], type=doc["type"],
        status=EventStatus(doc["status"]), body=doc["body"], received_at=doc["received_at"],
        outcome=doc.get("outcome", ""), topup_id=doc.get("topup_id", ""),
        payment_id=doc.get("payment_id", ""), error=doc.get("error", ""),
        processed_at=doc.get("processed_at"),
    )


def _outcome(e: WebhookEvent) -> dict[str, Any]:
    return {"status": e.status.value, "outcome": e.outcome, "topup_id": e.topup_id,
            "payment_id": e.payment_id, "error": e.error[:200], "processed_at": e.processed_at}


class MongoWebhookEvents:
    def __init__(self, bound: Bound) -> None:
        self._c = bound.db.webhook_events
        self._s = bound.session

    async def record(self, event: WebhookEvent) -> tuple[WebhookEvent, bool]:
        stored = await self._c.find_one({"_id": event.key}, session=self._s)
        if stored is not None:
            return doc_to_event(stored), False
        e = event
        try:
            await self._c.insert_one(
                {"_id": e.key, "gateway": e.gateway, "event_id": e.event_id, "type": e.type,
                 "body": e.body, "received_at": e.received_at, **_outcome(e)},
                session=self._s,
            )
        except DuplicateKeyError:
            # The error aborted the transaction: the runner retries and then finds the event.
            raise RetryableConflict("webhook event recorded concurrently") from None
        return event, True

    async def get(self, key: str) -> WebhookEvent | None:
        doc = await self._c.find_one({"_id": key}, session=self._s)
        return doc_to_event(doc) if doc else None

    async def save_outcome(self, event: WebhookEvent) -> None:
        await self._c.update_one({"_id": event.key}, {"$set": _outcome(event)}, session=self._s)

    async def recent(self, limit: int = 50, status: str | None = None) -> list[WebhookEvent]:
        query = {"status": status} if status else {}
        cursor = self._c.find(query, session=self._s).sort([("received_at", -1), ("_id", -1)])
        return [doc_to_event(d) for d in await cursor.limit(limit).to_list()]

    async def for_payment(self, gateway: str, payment_id: str, limit: int = 50
                          ) -> list[WebhookEvent]:
        if not payment_id:
            return []
        cursor = self._c.find({"gateway": gateway, "payment_id": payment_id},
                              session=self._s).sort([("received_at", 1), ("_id", 1)])
        return [doc_to_event(d) for d in await cursor.limit(limit).to_list()]

    async def purge_bodies(self, before: datetime, limit: int = 1000) -> int:
        cursor = self._c.find({"received_at": {"$lt": before}, "body": {"$ne": PURGED_BODY}},
                              {"_id": 1}, session=self._s).sort("received_at", 1)
        keys = [d["_id"] for d in await cursor.limit(limit).to_list()]
        if not keys:
            return 0
        result = await self._c.update_many({"_id": {"$in": keys}},
                                           {"$set": {"body": PURGED_BODY}}, session=self._s)
        return result.modified_count


REPOSITORIES = {"webhook_events": MongoWebhookEvents}
