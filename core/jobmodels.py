"""Plain models of the scheduled jobs: run records and leases."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class RunResult(StrEnum):
    RUNNING = "running"
    OK = "ok"
    FAILED = "failed"


@dataclass(slots=True)
class JobRun:
    """One run of one job: who ran it, when, how it ended and how many items it handled."""

    id: str
    job: str
    owner: str
    started_at: datetime
    result: RunResult = RunResult.RUNNING
    ended_at: datetime | None = None
    items: int = 0
    error: str = ""


@dataclass(frozen=True, slots=True)
class Lease:
    """Exclusive right to a piece of work (say, pacing one bot's sends) until ``until``."""

    name: str
    owner: str
    until: datetime


@dataclass(frozen=True, slots=True)
class ReminderClaim:
    """A reminder claimed for one subscription, period and offset; ``key`` is
    ``<subscription id>:<end>:<offset>``, unique, so it is claimed (and sent) once."""

    key: str
    subscription_id: str
    user_id: int
    product_id: str
    ends_at: datetime
    auto_renew: bool
    offset: str  # "3d", "1d", "0"
    claimed_at: datetime
