"""Injectable clock. Everything is UTC and truncated to milliseconds (what both stores keep)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Protocol


def truncate_ms(moment: datetime) -> datetime:
    return moment.replace(microsecond=moment.microsecond // 1000 * 1000)


class Clock(Protocol):
    def now(self) -> datetime: ...


class SystemClock:
    def now(self) -> datetime:
        return truncate_ms(datetime.now(UTC))


class FixedClock:
    """A clock for tests: stands still until told to move."""

    def __init__(self, start: datetime | None = None) -> None:
        self._now = truncate_ms(start or datetime(2026, 1, 1, tzinfo=UTC))

    def now(self) -> datetime:
        return self._now

    def advance(self, **delta: float) -> datetime:
        self._now = truncate_ms(self._now + timedelta(**delta))
        return self._now

    def set(self, moment: datetime) -> None:
        self._now = truncate_ms(moment)


def to_iso(moment: datetime) -> str:
    """Canonical text form used by SQLite and the audit hash: fixed width, UTC, milliseconds."""
    stamp = moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.")
    return f"{stamp}{moment.microsecond // 1000:03d}Z"


def from_iso(text: str) -> datetime:
    return datetime.fromisoformat(text)  # "…Z" parses as UTC on Python 3.11+
