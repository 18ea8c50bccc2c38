"""Durations as people write them in settings: ``30s``, ``15m``, ``24h``, ``3d``, ``0``."""

from __future__ import annotations

import re
from datetime import timedelta

_DURATION = re.compile(r"^\s*(\d{1,7})\s*([smhd]?)\s*$")
_UNITS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_duration(text: str) -> timedelta:
    """``"3d"`` → 3 days; a bare number is seconds. Raises ValueError otherwise."""
    match = _DURATION.match(str(text).lower())
    if not match:
        raise ValueError("must be a duration such as 30s, 15m, 24h or 3d")
    return timedelta(seconds=int(match.group(1)) * _UNITS[match.group(2)])


def format_duration(delta: timedelta) -> str:
    """The shortest exact spelling: 259200 s → ``3d``; 0 → ``0``."""
    seconds = int(delta.total_seconds())
    if seconds == 0:
        return "0"
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds % size == 0:
            return f"{seconds // size}{unit}"
    return f"{seconds}s"
