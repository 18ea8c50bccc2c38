"""Injectable id factory: time-ordered, URL-safe, 64-bit-callback-data friendly ids."""

from __future__ import annotations

import itertools
import os
import time
from typing import Protocol

_ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz"


def _base36(number: int, width: int) -> str:
    out = []
    for _ in range(width):
        number, rem = divmod(number, 36)
        out.append(_ALPHABET[rem])
    return "".join(reversed(out))


class IdFactory(Protocol):
    def new(self, prefix: str) -> str: ...


class RandomIds:
    """``prefix_`` + 9 chars of milliseconds + 10 random chars: sortable and unguessable."""

    def new(self, prefix: str) -> str:
        millis = int(time.time() * 1000)
        rand = int.from_bytes(os.urandom(7), "big")
        return f"{prefix}_{_base36(millis, 9)}{_base36(rand, 10)}"


class SequentialIds:
    """Deterministic ids for tests: ``usr_000001``, ``usr_000002``…"""

    def __init__(self) -> None:
        self._counter = itertools.count(1)

    def new(self, prefix: str) -> str:
        return f"{prefix}_{next(self._counter):06d}"
