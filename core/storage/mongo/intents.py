"""Purchase intents on MongoDB: a price held while the shortfall is topped up."""

from __future__ import annotations

from typing import Any

from pymongo.errors import DuplicateKeyError

from core.errors import RetryableConflict
from core.models import IntentStatus, PurchaseIntent
from core.storage.mongo.session import Bound

INDEXES: list[tuple[str, list[tuple[str, int]], dict[str, Any]]] = [
    ("purchase_intents", [("user_id", 1), ("created_at", -1)], {"name": "purchase_intents_user"}),
]


def doc_to_intent(doc: dict[str, Any]) -> PurchaseIntent:
    return PurchaseIntent(
        id=doc["_id"], user_id=doc["user_id"], product_id=doc["product_id"],
        subscription_id=doc.get("subscription_id", ""), coupon_code=doc.get("coupon_code", ""),
        price=doc["price"], discount=doc["discount"], amount=doc["amount"],
        currency=doc["currency"], shortfall=doc["shortfall"],
        status=IntentStatus(doc["status"]), order_id=doc.get("order_id", ""),
        failure=doc.get("failure", ""), created_at=doc["created_at"],
        expires_at=doc["expires_at"], updated_at=doc["updated_at"],
    )


class MongoIntents:
    def __init__(self, bound: Bound) -> None:
        self._c = bound.db.purchase_intents
        self._s = bound.session

    async def get(self, intent_id: str) -> PurchaseIntent | None:
        doc = await self._c.find_one({"_id": intent_id}, session=self._s)
        return doc_to_intent(doc) if doc else None

    async def save(self, intent: PurchaseIntent) -> None:
        i = intent
        doc = {"user_id": i.user_id, "product_id": i.product_id,
               "subscription_id": i.subscription_id, "coupon_code": i.coupon_code,
               "price": i.price, "discount": i.discount, "amount": i.amount,
               "currency": i.currency, "shortfall": i.shortfall, "status": i.status.value,
               "order_id": i.order_id, "failure": i.failure, "created_at": i.created_at,
               "expires_at": i.expires_at, "updated_at": i.updated_at}
        try:
            await self._c.replace_one({"_id": i.id}, doc, upsert=True, session=self._s)
        except DuplicateKeyError:
            raise RetryableConflict("intent saved concurrently") from None


REPOSITORIES = {"intents": MongoIntents}
