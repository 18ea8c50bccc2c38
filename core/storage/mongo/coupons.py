"""Coupons and their redemptions on MongoDB."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pymongo.errors import DuplicateKeyError

from core.errors import RetryableConflict
from core.models import Coupon, CouponKind
from core.storage.mongo.session import Bound

INDEXES: list[tuple[str, list[tuple[str, int]], dict[str, Any]]] = [
    ("coupon_redemptions", [("code", 1), ("user_id", 1)], {"name": "coupon_redemptions_user"}),
]


def doc_to_coupon(doc: dict[str, Any]) -> Coupon:
    return Coupon(
        code=doc["_id"], kind=CouponKind(doc["kind"]), value=doc["value"],
        expires_at=doc.get("expires_at"), total_limit=doc.get("total_limit"),
        per_user_limit=doc.get("per_user_limit"), product_ids=list(doc.get("product_ids", [])),
        min_amount=doc.get("min_amount", 0), used=doc.get("used", 0),
        active=bool(doc.get("active", True)), created_at=doc.get("created_at"),
    )


class MongoCoupons:
    def __init__(self, bound: Bound) -> None:
        self._c = bound.db.coupons
        self._r = bound.db.coupon_redemptions
        self._s = bound.session

    async def insert(self, coupon: Coupon) -> bool:
        c = coupon
        if await self._c.find_one({"_id": c.code}, {"_id": 1}, session=self._s):
            return False
        try:
            await self._c.insert_one(
                {"_id": c.code, "kind": c.kind.value, "value": c.value, "expires_at": c.expires_at,
                 "total_limit": c.total_limit, "per_user_limit": c.per_user_limit,
                 "product_ids": list(c.product_ids), "min_amount": c.min_amount, "used": c.used,
                 "active": c.active, "created_at": c.created_at},
                session=self._s)
        except DuplicateKeyError:
            raise RetryableConflict("coupon code added concurrently") from None
        return True

    async def get(self, code: str) -> Coupon | None:
        doc = await self._c.find_one({"_id": code}, session=self._s)
        return doc_to_coupon(doc) if doc else None

    async def list(self) -> list[Coupon]:
        cursor = self._c.find({}, session=self._s).sort([("created_at", -1), ("_id", 1)])
        return [doc_to_coupon(d) for d in await cursor.to_list()]

    async def set_active(self, code: str, active: bool) -> bool:
        result = await self._c.update_one({"_id": code}, {"$set": {"active": active}},
                                          session=self._s)
        return result.matched_count == 1

    async def user_uses(self, code: str, user_id: int) -> int:
        return await self._r.count_documents({"code": code, "user_id": user_id}, session=self._s)

    async def redeem(self, code: str, expected_used: int, user_id: int, order_id: str,
                     now: datetime) -> bool:
        # The coupon document is written by every redemption, so two concurrent redemptions
        # conflict there; that also keeps the per-user count (other documents) consistent.
        result = await self._c.update_one({"_id": code, "used": expected_used},
                                          {"$inc": {"used": 1}}, session=self._s)
        if result.modified_count != 1:
            return False
        try:
            await self._r.insert_one({"_id": order_id, "code": code, "user_id": user_id,
                                      "at": now}, session=self._s)
        except DuplicateKeyError:
            raise RetryableConflict("redemption recorded concurrently") from None
        return True


REPOSITORIES = {"coupons": MongoCoupons}
