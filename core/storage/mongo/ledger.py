"""The wallet ledger on MongoDB: a wallet document per user plus append-only entries."""

from __future__ import annotations

import dataclasses
from typing import Any

from pymongo import ReturnDocument
from pymongo.errors import DuplicateKeyError

from core.errors import RetryableConflict
from core.models import LedgerEntry
from core.storage.mongo.session import Bound

INDEXES: list[tuple[str, list[tuple[str, int]], dict[str, Any]]] = [
    ("ledger", [("key", 1)], {"name": "ledger_key", "unique": True}),
    ("ledger", [("user_id", 1), ("created_at", -1)], {"name": "ledger_user"}),
]


def doc_to_entry(doc: dict[str, Any]) -> LedgerEntry:
    return LedgerEntry(
        id=doc["_id"], user_id=doc["user_id"], amount=doc["amount"], currency=doc["currency"],
        key=doc["key"], reason=doc["reason"], ref=doc.get("ref", ""),
        balance_after=doc["balance_after"], created_at=doc["created_at"],
    )


class MongoLedger:
    def __init__(self, bound: Bound) -> None:
        self._wallets = bound.db.wallets
        self._ledger = bound.db.ledger
        self._s = bound.session

    async def find_by_key(self, key: str) -> LedgerEntry | None:
        doc = await self._ledger.find_one({"key": key}, session=self._s)
        return doc_to_entry(doc) if doc else None

    async def _move_balance(self, entry: LedgerEntry, allow_negative: bool
                            ) -> dict[str, Any] | None:
        if entry.amount > 0 or allow_negative:
            return await self._wallets.find_one_and_update(
                {"_id": entry.user_id},
                {"$inc": {"balance": entry.amount}, "$setOnInsert": {"currency": entry.currency}},
                upsert=True, return_document=ReturnDocument.AFTER, session=self._s,
            )
        return await self._wallets.find_one_and_update(
            {"_id": entry.user_id, "balance": {"$gte": -entry.amount}},
            {"$inc": {"balance": entry.amount}},
            return_document=ReturnDocument.AFTER, session=self._s,
        )

    async def apply(self, entry: LedgerEntry, *, allow_negative: bool = False
                    ) -> LedgerEntry | None:
        try:
            wallet = await self._move_balance(entry, allow_negative)
            if wallet is None:
                return None
            done = dataclasses.replace(entry, balance_after=int(wallet["balance"]))
            await self._ledger.insert_one(
                {"_id": done.id, "user_id": done.user_id, "amount": done.amount,
                 "currency": done.currency, "key": done.key, "reason": done.reason,
                 "ref": done.ref, "balance_after": done.balance_after,
                 "created_at": done.created_at},
                session=self._s,
            )
        except DuplicateKeyError:
            raise RetryableConflict("a concurrent writer used the same key") from None
        return done

    async def balance(self, user_id: int) -> int:
        doc = await self._wallets.find_one({"_id": user_id}, session=self._s)
        return int(doc["balance"]) if doc else 0

    async def entries(self, user_id: int, limit: int = 20, offset: int = 0) -> list[LedgerEntry]:
        cursor = self._ledger.find({"user_id": user_id}, session=self._s)
        docs = await cursor.sort([("created_at", -1), ("_id", -1)]).skip(offset).limit(limit)\
            .to_list()
        return [doc_to_entry(d) for d in docs]

    async def count_entries(self, user_id: int) -> int:
        return await self._ledger.count_documents({"user_id": user_id}, session=self._s)

    async def sum_entries(self, user_id: int) -> int:
        cursor = await self._ledger.aggregate(
            [{"$match": {"user_id": user_id}},
             {"$group": {"_id": None, "total": {"$sum": "$amount"}}}],
            session=self._s,
        )
        rows = await cursor.to_list()
        return int(rows[0]["total"]) if rows else 0

    async def wallet_user_ids(self) -> list[int]:
        docs = await self._wallets.find({}, {"_id": 1}, session=self._s).sort("_id", 1).to_list()
        return [int(d["_id"]) for d in docs]


REPOSITORIES = {"ledger": MongoLedger}
