"""Subscriptions on MongoDB."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pymongo import ReturnDocument

from core.models import Subscription, SubscriptionStatus
from core.storage.mongo.session import Bound

INDEXES: list[tuple[str, list[tuple[str, int]], dict[str, Any]]] = [
    ("subscriptions", [("user_id", 1), ("created_at", -1)], {"name": "subscriptions_user"}),
    ("subscriptions", [("stock_item_id", 1)], {"name": "subscriptions_item"}),
    ("subscriptions", [("status", 1), ("ends_at", 1)], {"name": "subscriptions_end"}),
]


def doc_to_subscription(doc: dict[str, Any]) -> Subscription:
    return Subscription(
        id=doc["_id"], user_id=doc["user_id"], product_id=doc["product_id"],
        stock_item_id=doc.get("stock_item_id", ""), status=SubscriptionStatus(doc["status"]),
        starts_at=doc["starts_at"], ends_at=doc["ends_at"],
        auto_renew=bool(doc.get("auto_renew", False)), qr_exports=doc.get("qr_exports", 0),
        order_id=doc["order_id"], created_at=doc["created_at"], updated_at=doc["updated_at"],
    )


class MongoSubscriptions:
    def __init__(self, bound: Bound) -> None:
        self._c = bound.db.subscriptions
        self._s = bound.session

    async def insert(self, subscription: Subscription) -> None:
        s = subscription
        await self._c.insert_one(
            {"_id": s.id, "user_id": s.user_id, "product_id": s.product_id,
             "stock_item_id": s.stock_item_id, "status": s.status.value,
             "starts_at": s.starts_at, "ends_at": s.ends_at, "auto_renew": s.auto_renew,
             "qr_exports": s.qr_exports, "order_id": s.order_id, "created_at": s.created_at,
             "updated_at": s.updated_at},
            session=self._s)

    async def get(self, subscription_id: str) -> Subscription | None:
        doc = await self._c.find_one({"_id": subscription_id}, session=self._s)
        return doc_to_subscription(doc) if doc else None

    async def update(self, subscription: Subscription) -> None:
        s = subscription
        await self._c.update_one(
            {"_id": s.id},
            {"$set": {"status": s.status.value, "stock_item_id": s.stock_item_id,
                      "starts_at": s.starts_at, "ends_at": s.ends_at,
                      "auto_renew": s.auto_renew, "updated_at": s.updated_at}},
            session=self._s)

    async def for_user(self, user_id: int, limit: int = 50) -> list[Subscription]:
        cursor = self._c.find({"user_id": user_id}, session=self._s)
        docs = await cursor.sort([("created_at", -1), ("_id", -1)]).limit(limit).to_list()
        return [doc_to_subscription(d) for d in docs]

    async def on_item(self, item_id: str) -> list[Subscription]:
        cursor = self._c.find({"stock_item_id": item_id}, session=self._s)
        docs = await cursor.sort([("created_at", 1), ("_id", 1)]).to_list()
        return [doc_to_subscription(d) for d in docs]

    async def count_qr_export(self, subscription_id: str, limit: int) -> int | None:
        doc = await self._c.find_one_and_update(
            {"_id": subscription_id, "qr_exports": {"$lt": limit}}, {"$inc": {"qr_exports": 1}},
            return_document=ReturnDocument.AFTER, session=self._s)
        return int(doc["qr_exports"]) if doc else None

    async def ending_before(self, moment: datetime, limit: int = 100) -> list[Subscription]:
        cursor = self._c.find({"status": SubscriptionStatus.ACTIVE.value,
                               "ends_at": {"$lte": moment}}, session=self._s)
        docs = await cursor.sort([("ends_at", 1), ("_id", 1)]).limit(limit).to_list()
        return [doc_to_subscription(d) for d in docs]


REPOSITORIES = {"subscriptions": MongoSubscriptions}
