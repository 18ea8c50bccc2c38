"""Users on MongoDB."""

from __future__ import annotations

from typing import Any

from pymongo import ReturnDocument

from core.models import Role, User
from core.storage.mongo.session import Bound

INDEXES: list[tuple[str, list[tuple[str, int]], dict[str, Any]]] = [
    ("users", [("role", 1)], {"name": "users_role"}),
]


def doc_to_user(doc: dict[str, Any]) -> User:
    return User(
        telegram_id=doc["_id"], first_name=doc.get("first_name", ""),
        last_name=doc.get("last_name", ""), username=doc.get("username", ""),
        language=doc.get("language", "en"), role=Role(doc.get("role", "customer")),
        blocked=bool(doc.get("blocked", False)), created_at=doc.get("created_at"),
        last_seen_at=doc.get("last_seen_at"),
    )


class MongoUsers:
    def __init__(self, bound: Bound) -> None:
        self._c = bound.db.users
        self._s = bound.session

    async def get(self, telegram_id: int) -> User | None:
        doc = await self._c.find_one({"_id": telegram_id}, session=self._s)
        return doc_to_user(doc) if doc else None

    async def upsert(self, user: User) -> User:
        doc = await self._c.find_one_and_update(
            {"_id": user.telegram_id},
            {
                "$set": {"first_name": user.first_name, "last_name": user.last_name,
                         "username": user.username, "last_seen_at": user.last_seen_at},
                "$setOnInsert": {"language": user.language, "role": user.role.value,
                                 "blocked": user.blocked, "created_at": user.created_at},
            },
            upsert=True, return_document=ReturnDocument.AFTER, session=self._s,
        )
        return doc_to_user(doc)

    async def _set(self, telegram_id: int, field: str, value: object) -> bool:
        result = await self._c.update_one(
            {"_id": telegram_id}, {"$set": {field: value}}, session=self._s
        )
        return result.matched_count == 1

    async def set_language(self, telegram_id: int, language: str) -> bool:
        return await self._set(telegram_id, "language", language)

    async def set_role(self, telegram_id: int, role: Role) -> bool:
        return await self._set(telegram_id, "role", role.value)

    async def set_blocked(self, telegram_id: int, blocked: bool) -> bool:
        return await self._set(telegram_id, "blocked", blocked)

    async def list_by_role(self, roles: list[Role], limit: int = 100) -> list[User]:
        cursor = self._c.find({"role": {"$in": [r.value for r in roles]}}, session=self._s)
        docs = await cursor.sort("_id", 1).limit(limit).to_list()
        return [doc_to_user(d) for d in docs]

    async def count(self) -> int:
        return await self._c.count_documents({}, session=self._s)


REPOSITORIES = {"users": MongoUsers}
