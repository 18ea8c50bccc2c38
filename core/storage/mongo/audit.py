"""The hash-chained audit log on MongoDB: entries keyed by sequence number plus a head document."""

from __future__ import annotations

import re
from typing import Any

from pymongo.errors import DuplicateKeyError

from core.errors import RetryableConflict
from core.models import AuditEntry
from core.storage.mongo.session import Bound

INDEXES: list[tuple[str, list[tuple[str, int]], dict[str, Any]]] = [
    ("audit", [("action", 1)], {"name": "audit_action"}),
]


def doc_to_audit(doc: dict[str, Any]) -> AuditEntry:
    return AuditEntry(
        seq=doc["_id"], at=doc["at"], actor=doc["actor"], action=doc["action"],
        target=doc["target"], details=dict(doc.get("details", {})),
        prev_hash=doc["prev_hash"], hash=doc["hash"],
    )


class MongoAudit:
    def __init__(self, bound: Bound, chain_key: bytes | None = None) -> None:
        self.chain_key = chain_key  # HMAC key of the chain (None: plain SHA-256 entries)
        self._audit = bound.db.audit
        self._head = bound.db.audit_head
        self._s = bound.session

    async def head(self) -> tuple[int, str]:
        doc = await self._head.find_one({"_id": "head"}, session=self._s)
        return (int(doc["seq"]), str(doc["hash"])) if doc else (0, "")

    async def append(self, entry: AuditEntry) -> None:
        moved = await self._head.update_one(
            {"_id": "head", "seq": entry.seq - 1},
            {"$set": {"seq": entry.seq, "hash": entry.hash}},
            session=self._s,
        )
        if moved.matched_count == 0:
            raise RetryableConflict("audit head moved")
        try:
            await self._audit.insert_one(
                {"_id": entry.seq, "at": entry.at, "actor": entry.actor, "action": entry.action,
                 "target": entry.target, "details": entry.details,
                 "prev_hash": entry.prev_hash, "hash": entry.hash},
                session=self._s,
            )
        except DuplicateKeyError:
            raise RetryableConflict("audit sequence taken") from None

    async def page(self, after_seq: int, limit: int) -> list[AuditEntry]:
        cursor = self._audit.find({"_id": {"$gt": after_seq}}, session=self._s)
        return [doc_to_audit(d) for d in await cursor.sort("_id", 1).limit(limit).to_list()]

    async def latest(self, limit: int, action_prefix: str = "") -> list[AuditEntry]:
        query = {"action": {"$regex": "^" + re.escape(action_prefix)}} if action_prefix else {}
        cursor = self._audit.find(query, session=self._s)
        return [doc_to_audit(d) for d in await cursor.sort("_id", -1).limit(limit).to_list()]


REPOSITORIES = {"audit": MongoAudit}
