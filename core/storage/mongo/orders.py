"""Orders on MongoDB: one per purchase intent (unique index)."""

from __future__ import annotations

from typing import Any

from pymongo.errors import DuplicateKeyError

from core.errors import RetryableConflict
from core.models import Order, OrderKind, OrderStatus
from core.storage.common import given
from core.storage.mongo.session import Bound, newest_first

INDEXES: list[tuple[str, list[tuple[str, int]], dict[str, Any]]] = [
    ("orders", [("intent_id", 1)], {"name": "orders_intent", "unique": True}),
    ("orders", [("user_id", 1), ("created_at", -1)], {"name": "orders_user"}),
    ("orders", [("status", 1), ("created_at", -1)], {"name": "orders_status"}),
]


def doc_to_order(doc: dict[str, Any]) -> Order:
    return Order(
        id=doc["_id"], intent_id=doc["intent_id"], user_id=doc["user_id"],
        product_id=doc["product_id"], kind=OrderKind(doc["kind"]),
        status=OrderStatus(doc["status"]), price=doc["price"], discount=doc["discount"],
        amount=doc["amount"], currency=doc["currency"], coupon_code=doc.get("coupon_code", ""),
        stock_item_id=doc.get("stock_item_id", ""),
        subscription_id=doc.get("subscription_id", ""), created_at=doc["created_at"],
        updated_at=doc["updated_at"], refunded_by=doc.get("refunded_by", ""),
    )


class MongoOrders:
    def __init__(self, bound: Bound) -> None:
        self._c = bound.db.orders
        self._s = bound.session

    async def insert(self, order: Order) -> None:
        o = order
        try:
            await self._c.insert_one(
                {"_id": o.id, "intent_id": o.intent_id, "user_id": o.user_id,
                 "product_id": o.product_id, "kind": o.kind.value, "status": o.status.value,
                 "price": o.price, "discount": o.discount, "amount": o.amount,
                 "currency": o.currency, "coupon_code": o.coupon_code,
                 "stock_item_id": o.stock_item_id, "subscription_id": o.subscription_id,
                 "refunded_by": o.refunded_by, "created_at": o.created_at,
                 "updated_at": o.updated_at},
                session=self._s)
        except DuplicateKeyError:
            raise RetryableConflict("an order for this intent was created concurrently") from None

    async def get(self, order_id: str) -> Order | None:
        doc = await self._c.find_one({"_id": order_id}, session=self._s)
        return doc_to_order(doc) if doc else None

    async def by_intent(self, intent_id: str) -> Order | None:
        doc = await self._c.find_one({"intent_id": intent_id}, session=self._s)
        return doc_to_order(doc) if doc else None

    async def update(self, order: Order, expected: OrderStatus) -> bool:
        o = order
        result = await self._c.update_one(
            {"_id": o.id, "status": expected.value},
            {"$set": {"status": o.status.value, "stock_item_id": o.stock_item_id,
                      "subscription_id": o.subscription_id, "refunded_by": o.refunded_by,
                      "updated_at": o.updated_at}},
            session=self._s)
        return result.matched_count == 1

    async def list(self, *, status: OrderStatus | None = None, user_id: int | None = None,
                   limit: int = 50, offset: int = 0) -> list[Order]:
        docs = await newest_first(self._c, self._s, given(status=status, user_id=user_id),
                                  limit, offset)
        return [doc_to_order(d) for d in docs]


REPOSITORIES = {"orders": MongoOrders}
