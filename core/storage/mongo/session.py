"""What every MongoDB repository is bound to: the database and the unit of work's session."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pymongo.asynchronous.client_session import AsyncClientSession
from pymongo.asynchronous.database import AsyncDatabase


@dataclass(frozen=True, slots=True)
class Bound:
    db: AsyncDatabase[dict[str, Any]]
    session: AsyncClientSession | None
