"""Wallet top-ups on MongoDB."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pymongo.errors import DuplicateKeyError

from core.errors import RetryableConflict
from core.models import TopUp, TopUpStatus
from core.storage.common import given
from core.storage.mongo.session import Bound, newest_first

INDEXES: list[tuple[str, list[tuple[str, int]], dict[str, Any]]] = [
    ("topups", [("status", 1), ("created_at", 1)], {"name": "topups_status"}),
    ("topups", [("user_id", 1), ("created_at", -1)], {"name": "topups_user"}),
    ("topups", [("gateway", 1), ("gateway_ref", 1)], {"name": "topups_ref"}),
]
# Migration 2 (gateway refunds: top-ups found by payment id).
INDEXES_GATEWAY_REFUNDS: list[tuple[str, list[tuple[str, int]], dict[str, Any]]] = [
    ("topups", [("gateway", 1), ("payment_id", 1)], {"name": "topups_payment"}),
]


def doc_to_topup(doc: dict[str, Any]) -> TopUp:
    return TopUp(
        id=doc["_id"], user_id=doc["user_id"], amount=doc["amount"], currency=doc["currency"],
        gateway=doc["gateway"], status=TopUpStatus(doc["status"]),
        intent_id=doc.get("intent_id"), gateway_ref=doc.get("gateway_ref", ""),
        created_at=doc["created_at"], updated_at=doc["updated_at"],
        gateway_amount=doc["gateway_amount"], gateway_currency=doc["gateway_currency"],
        expires_at=doc.get("expires_at"), pay_url=doc.get("pay_url", ""),
        payment_id=doc.get("payment_id", ""), failure=doc.get("failure", ""),
        refund_ref=doc.get("refund_ref", ""), refund_attempts=doc.get("refund_attempts", 0),
        refunded_amount=doc.get("refunded_amount", 0),
    )


def _mutable(t: TopUp) -> dict[str, Any]:
    return {"status": t.status.value, "gateway_ref": t.gateway_ref, "pay_url": t.pay_url,
            "payment_id": t.payment_id, "failure": t.failure, "refund_ref": t.refund_ref,
            "refund_attempts": t.refund_attempts, "refunded_amount": t.refunded_amount,
            "amount": t.amount, "gateway_amount": t.gateway_amount, "updated_at": t.updated_at}


class MongoTopups:
    def __init__(self, bound: Bound) -> None:
        self._c = bound.db.topups
        self._s = bound.session

    async def insert(self, topup: TopUp) -> None:
        t = topup
        doc = {"_id": t.id, "user_id": t.user_id, "currency": t.currency,
               "gateway": t.gateway, "intent_id": t.intent_id,
               "gateway_currency": t.gateway_currency,
               "expires_at": t.expires_at, "created_at": t.created_at, **_mutable(t)}
        try:
            await self._c.insert_one(doc, session=self._s)
        except DuplicateKeyError:
            raise RetryableConflict("top-up inserted concurrently") from None

    async def get(self, topup_id: str) -> TopUp | None:
        doc = await self._c.find_one({"_id": topup_id}, session=self._s)
        return doc_to_topup(doc) if doc else None

    async def find_by_ref(self, gateway: str, gateway_ref: str) -> TopUp | None:
        if not gateway_ref:
            return None
        doc = await self._c.find_one({"gateway": gateway, "gateway_ref": gateway_ref},
                                     sort=[("_id", 1)], session=self._s)
        return doc_to_topup(doc) if doc else None

    async def find_by_payment(self, gateway: str, payment_id: str) -> TopUp | None:
        if not payment_id:
            return None
        doc = await self._c.find_one({"gateway": gateway, "payment_id": payment_id},
                                     sort=[("_id", 1)], session=self._s)
        return doc_to_topup(doc) if doc else None

    async def update(self, topup: TopUp, expected: TopUpStatus) -> bool:
        result = await self._c.update_one({"_id": topup.id, "status": expected.value},
                                          {"$set": _mutable(topup)}, session=self._s)
        return result.matched_count == 1

    async def list(self, *, status: TopUpStatus | None = None, user_id: int | None = None,
                   limit: int = 50, offset: int = 0) -> list[TopUp]:
        docs = await newest_first(self._c, self._s, given(status=status, user_id=user_id),
                                  limit, offset)
        return [doc_to_topup(d) for d in docs]

    async def pending_before(self, moment: datetime, limit: int = 100) -> list[TopUp]:
        cursor = self._c.find({"status": "pending", "created_at": {"$lte": moment}},
                              session=self._s).sort([("created_at", 1), ("_id", 1)])
        return [doc_to_topup(d) for d in await cursor.limit(limit).to_list()]


REPOSITORIES = {"topups": MongoTopups}
