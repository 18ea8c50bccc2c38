"""Credential stock on MongoDB. Secret fields hold sealed values only (``core.crypto``).

Claiming under contention: every buyer of a product racing for the same first document would turn
each purchase into a write conflict and a retry. A buyer instead picks at random among the first
``CLAIM_WINDOW`` available items and takes it with a conditional update; the transaction's
snapshot makes a lost race a write conflict, which the store retries.
"""

from __future__ import annotations

import random
from datetime import datetime
from typing import Any

from pymongo import ReturnDocument
from pymongo.errors import BulkWriteError, DuplicateKeyError

from core.errors import RetryableConflict
from core.models import StockItem, StockLevel, StockStatus
from core.storage.common import FINGERPRINT_KEY_ID, SEALED_FIELDS, live_fp, revoked_fp
from core.storage.mongo.session import Bound

INDEXES: list[tuple[str, list[tuple[str, int]], dict[str, Any]]] = [
    ("stock", [("product_id", 1), ("live_fp", 1)], {"name": "stock_live_fp", "unique": True}),
    ("stock", [("product_id", 1), ("status", 1), ("created_at", 1), ("_id", 1)],
     {"name": "stock_claim"}),
]
CLAIM_WINDOW = 64


def item_to_doc(i: StockItem) -> dict[str, Any]:
    return {"_id": i.id, "product_id": i.product_id, "login": i.login, "password": i.password,
            "notes": i.notes, "totp": i.totp, "fingerprint": i.fingerprint, "live_fp": live_fp(i),
            "slots_total": i.slots_total, "slots_used": i.slots_used, "status": i.status.value,
            "batch": i.batch, "revoked_reason": i.revoked_reason, "created_at": i.created_at,
            "updated_at": i.updated_at}


def doc_to_item(doc: dict[str, Any]) -> StockItem:
    return StockItem(
        id=doc["_id"], product_id=doc["product_id"], login=doc["login"],
        password=doc["password"], notes=doc.get("notes", ""), totp=doc.get("totp", ""),
        fingerprint=doc.get("fingerprint", ""), slots_total=doc["slots_total"],
        slots_used=doc["slots_used"], status=StockStatus(doc["status"]),
        created_at=doc["created_at"], updated_at=doc["updated_at"], batch=doc.get("batch", ""),
        revoked_reason=doc.get("revoked_reason", ""),
    )


class MongoStockKeys:
    """The sealed fingerprint key, as a SealedSource of its own for key rotation."""

    name = "stock_keys"

    def __init__(self, bound: Bound) -> None:
        self._c = bound.db.stock_keys
        self._s = bound.session

    async def sealed_page(self, after: str, limit: int) -> list[tuple[str, str, str]]:
        cursor = self._c.find({"_id": {"$gt": after}}, session=self._s).sort("_id", 1)
        return [(d["_id"], "key", d["sealed"]) for d in await cursor.limit(limit).to_list()]

    async def replace_sealed(self, record_id: str, field: str, old: str, new: str) -> bool:
        if field != "key":
            return False
        result = await self._c.update_one({"_id": record_id, "sealed": old},
                                          {"$set": {"sealed": new}}, session=self._s)
        return result.modified_count == 1


class MongoStock:
    name = "stock"

    def __init__(self, bound: Bound) -> None:
        self._bound = bound
        self._c = bound.db.stock
        self._s = bound.session

    def key_source(self) -> MongoStockKeys:
        return MongoStockKeys(self._bound)

    async def insert_many(self, items: list[StockItem]) -> None:
        if not items:
            return
        try:
            await self._c.insert_many([item_to_doc(i) for i in items], session=self._s)
        except (DuplicateKeyError, BulkWriteError):
            raise RetryableConflict("a stock item with this login was added concurrently") \
                from None

    async def live_fingerprints(self, product_id: str, fingerprints: list[str]) -> set[str]:
        found: set[str] = set()
        for start in range(0, len(fingerprints), 500):
            chunk = fingerprints[start:start + 500]
            cursor = self._c.find({"product_id": product_id, "live_fp": {"$in": chunk}},
                                  {"live_fp": 1}, session=self._s)
            found.update(d["live_fp"] for d in await cursor.to_list())
        return found

    async def get(self, item_id: str) -> StockItem | None:
        doc = await self._c.find_one({"_id": item_id}, session=self._s)
        return doc_to_item(doc) if doc else None

    async def has_available(self, product_id: str) -> bool:
        doc = await self._c.find_one({"product_id": product_id, "status": "available"},
                                     {"_id": 1}, session=self._s)
        return doc is not None

    async def claim(self, product_id: str, now: datetime) -> StockItem | None:
        cursor = self._c.find({"product_id": product_id, "status": "available"},
                              {"_id": 1, "slots_used": 1, "slots_total": 1}, session=self._s)
        candidates = await cursor.sort([("created_at", 1), ("_id", 1)]).limit(CLAIM_WINDOW)\
            .to_list()
        if not candidates:
            return None
        pick = random.choice(candidates)
        used = int(pick["slots_used"]) + 1
        doc = await self._c.find_one_and_update(
            {"_id": pick["_id"], "status": "available", "slots_used": pick["slots_used"]},
            {"$set": {"slots_used": used, "updated_at": now,
                      "status": "sold" if used >= int(pick["slots_total"]) else "available"}},
            return_document=ReturnDocument.AFTER, session=self._s,
        )
        if doc is None:
            raise RetryableConflict("stock item taken concurrently")
        return doc_to_item(doc)

    async def release(self, item_id: str, now: datetime) -> bool:
        doc = await self._c.find_one({"_id": item_id}, session=self._s)
        if doc is None or int(doc["slots_used"]) <= 0:
            return False
        status = doc["status"] if doc["status"] == "revoked" else "available"
        result = await self._c.update_one(
            {"_id": item_id, "slots_used": doc["slots_used"]},
            {"$set": {"slots_used": int(doc["slots_used"]) - 1, "status": status,
                      "updated_at": now}},
            session=self._s)
        return result.modified_count == 1

    async def revoke(self, item_id: str, reason: str, now: datetime) -> bool:
        result = await self._c.update_one(
            {"_id": item_id, "status": {"$ne": "revoked"}},
            {"$set": {"status": "revoked", "live_fp": revoked_fp(item_id),
                      "revoked_reason": reason[:200], "updated_at": now}},
            session=self._s)
        return result.modified_count == 1

    async def list(self, product_id: str, status: StockStatus | None = None, limit: int = 100,
                   offset: int = 0) -> list[StockItem]:
        query: dict[str, Any] = {"product_id": product_id}
        if status is not None:
            query["status"] = status.value
        cursor = self._c.find(query, session=self._s).sort([("created_at", 1), ("_id", 1)])
        return [doc_to_item(d) for d in await cursor.skip(offset).limit(limit).to_list()]

    async def levels(self, product_ids: list[str] | None = None) -> list[StockLevel]:
        match: dict[str, Any] = {} if product_ids is None else {"product_id": {"$in": product_ids}}
        cursor = await self._c.aggregate(
            [{"$match": match},
             {"$group": {"_id": {"p": "$product_id", "s": "$status"}, "n": {"$sum": 1},
                         "free": {"$sum": {"$subtract": ["$slots_total", "$slots_used"]}}}}],
            session=self._s)
        counts: dict[str, dict[str, int]] = {}
        for row in await cursor.to_list():
            per = counts.setdefault(row["_id"]["p"], {})
            per[row["_id"]["s"]] = int(row["n"])
            if row["_id"]["s"] == "available":
                per["free"] = int(row["free"])
        return [StockLevel(pid, c.get("available", 0), c.get("free", 0), c.get("sold", 0),
                           c.get("revoked", 0)) for pid, c in sorted(counts.items())]

    async def fingerprint_key(self) -> str | None:
        doc = await self._bound.db.stock_keys.find_one({"_id": FINGERPRINT_KEY_ID},
                                                       session=self._s)
        return str(doc["sealed"]) if doc else None

    async def init_fingerprint_key(self, sealed: str) -> str:
        stored = await self.fingerprint_key()
        if stored is not None:
            return stored
        try:
            await self._bound.db.stock_keys.insert_one(
                {"_id": FINGERPRINT_KEY_ID, "sealed": sealed}, session=self._s)
        except DuplicateKeyError:
            raise RetryableConflict("fingerprint key created concurrently") from None
        return sealed

    async def sealed_value(self, name: str) -> str | None:
        doc = await self._bound.db.stock_keys.find_one({"_id": name}, session=self._s)
        return str(doc["sealed"]) if doc else None

    async def init_sealed_value(self, name: str, sealed: str) -> str:
        stored = await self.sealed_value(name)
        if stored is not None:
            return stored
        try:
            await self._bound.db.stock_keys.insert_one({"_id": name, "sealed": sealed},
                                                       session=self._s)
        except DuplicateKeyError:
            raise RetryableConflict("sealed value created concurrently") from None
        return sealed

    # --- SealedSource (key rotation) -----------------------------------------------------------

    async def sealed_page(self, after: str, limit: int) -> list[tuple[str, str, str]]:
        cursor = self._c.find({"_id": {"$gt": after}}, {name: 1 for name in SEALED_FIELDS},
                              session=self._s).sort("_id", 1).limit(limit)
        return [(d["_id"], name, d[name]) for d in await cursor.to_list()
                for name in SEALED_FIELDS if d.get(name)]

    async def replace_sealed(self, record_id: str, field: str, old: str, new: str) -> bool:
        if field not in SEALED_FIELDS:
            return False
        result = await self._c.update_one({"_id": record_id, field: old},
                                          {"$set": {field: new}}, session=self._s)
        return result.modified_count == 1


REPOSITORIES = {"stock": MongoStock}
