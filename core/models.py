"""Plain models the services return. Storage adapters map rows and documents to these."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any


class Role(StrEnum):
    CUSTOMER = "customer"
    SUPPORT = "support"
    ADMIN = "admin"

    @property
    def rank(self) -> int:
        return {"customer": 0, "support": 1, "admin": 2}[self.value]


@dataclass(slots=True)
class User:
    telegram_id: int
    first_name: str = ""
    last_name: str = ""
    username: str = ""
    language: str = "en"
    role: Role = Role.CUSTOMER
    blocked: bool = False
    created_at: datetime | None = None
    last_seen_at: datetime | None = None

    @property
    def display_name(self) -> str:
        name = " ".join(p for p in (self.first_name, self.last_name) if p)
        return name or (f"@{self.username}" if self.username else str(self.telegram_id))


@dataclass(frozen=True, slots=True)
class LedgerEntry:
    id: str
    user_id: int
    amount: int  # signed minor units: credit > 0, debit < 0
    currency: str
    key: str
    reason: str
    ref: str
    balance_after: int
    created_at: datetime


@dataclass(frozen=True, slots=True)
class AuditEntry:
    seq: int
    at: datetime
    actor: str
    action: str
    target: str
    details: dict[str, Any] = field(default_factory=dict)
    prev_hash: str = ""
    hash: str = ""


class OutboxStatus(StrEnum):
    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    DEAD = "dead"


@dataclass(slots=True)
class OutboxMessage:
    """A message waiting to reach Telegram. ``template`` is a locale key rendered at send time in
    the recipient's language; ``audience`` is ``user`` (``chat_id`` set) or ``staff`` (fanned out
    to every admin and support user by the sender)."""

    id: str
    key: str
    bot: str
    audience: str
    chat_id: int | None
    template: str
    params: dict[str, Any]
    options: dict[str, Any]
    status: OutboxStatus
    attempts: int
    next_attempt_at: datetime
    created_at: datetime
    sent_at: datetime | None = None
    last_error: str = ""
