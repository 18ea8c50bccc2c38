"""What every MongoDB repository is bound to: the database and the unit of work's session."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pymongo.asynchronous.client_session import AsyncClientSession
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.asynchronous.database import AsyncDatabase


@dataclass(frozen=True, slots=True)
class Bound:
    db: AsyncDatabase[dict[str, Any]]
    session: AsyncClientSession | None


async def newest_first(collection: AsyncCollection[dict[str, Any]],
                       session: AsyncClientSession | None, filters: Mapping[str, object],
                       limit: int, offset: int) -> list[dict[str, Any]]:
    """A page of the documents whose fields equal ``filters`` (see
    ``core.storage.common.given``), newest first by ``created_at`` then ``_id``."""
    cursor = collection.find(dict(filters), session=session).sort(
        [("created_at", -1), ("_id", -1)])
    return await cursor.skip(offset).limit(limit).to_list()
