"""The catalog on MongoDB."""

from __future__ import annotations

from typing import Any

from core.models import Delivery, Product, TotpPolicy
from core.storage.mongo.session import Bound

INDEXES: list[tuple[str, list[tuple[str, int]], dict[str, Any]]] = [
    ("products", [("active", 1), ("sort_order", 1)], {"name": "products_order"}),
]


def doc_to_product(doc: dict[str, Any]) -> Product:
    return Product(
        id=doc["_id"], platform=doc["platform"], plan=doc["plan"],
        description=doc.get("description", ""), price=doc["price"],
        duration_days=doc["duration_days"], active=bool(doc.get("active", True)),
        sort_order=doc.get("sort_order", 0), low_stock_threshold=doc.get("low_stock_threshold", 0),
        delivery=Delivery(doc["delivery"]), slots_per_item=doc["slots_per_item"],
        totp_policy=TotpPolicy(doc["totp_policy"]), qr_export_limit=doc.get("qr_export_limit", 0),
        created_at=doc.get("created_at"), updated_at=doc.get("updated_at"),
    )


def _fields(p: Product) -> dict[str, Any]:
    return {"platform": p.platform, "plan": p.plan, "description": p.description,
            "price": p.price, "duration_days": p.duration_days, "active": p.active,
            "sort_order": p.sort_order, "low_stock_threshold": p.low_stock_threshold,
            "delivery": p.delivery.value, "slots_per_item": p.slots_per_item,
            "totp_policy": p.totp_policy.value, "qr_export_limit": p.qr_export_limit,
            "updated_at": p.updated_at}


class MongoProducts:
    def __init__(self, bound: Bound) -> None:
        self._c = bound.db.products
        self._s = bound.session

    async def insert(self, product: Product) -> None:
        await self._c.insert_one(
            {"_id": product.id, "created_at": product.created_at, **_fields(product)},
            session=self._s)

    async def get(self, product_id: str) -> Product | None:
        doc = await self._c.find_one({"_id": product_id}, session=self._s)
        return doc_to_product(doc) if doc else None

    async def update(self, product: Product) -> bool:
        result = await self._c.update_one({"_id": product.id}, {"$set": _fields(product)},
                                          session=self._s)
        return result.matched_count == 1

    async def list(self, *, active_only: bool = False) -> list[Product]:
        query = {"active": True} if active_only else {}
        cursor = self._c.find(query, session=self._s).sort(
            [("sort_order", 1), ("platform", 1), ("plan", 1), ("_id", 1)])
        return [doc_to_product(d) for d in await cursor.to_list()]


REPOSITORIES = {"products": MongoProducts}
