"""Plain models of the scheduled jobs: run records, leases and reminder windows."""

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
class ReminderWindow:
    """The reminders at one offset of every subscription ending in (``after``, ``upto``],
    claimed at once by one run. They are queued a page at a time in (end, id) order;
    ``position`` is the last (end, id) queued, and ``done`` is set by the last page. Each
    reminder's outbox key is ``reminder:<subscription id>:<end>:<offset>``, unique, so it is
    queued (and sent) once."""

    id: str  # "<offset>:<after>:<upto>"
    offset: str  # "3d", "1d", "0"
    after: datetime
    upto: datetime
    include_expired: bool
    claimed_at: datetime
    position: tuple[datetime, str] | None = None
    done: bool = False
