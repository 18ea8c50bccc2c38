"""The garbage collector's pace for a process that serves a bot.

An update makes a few hundred short-lived objects (aiogram's and pydantic's models, the
request, the reply) and next to no cyclic garbage: reference counting frees them. With
CPython's default (a young-generation pass every 700 net allocations), a thousand updates in
flight keep enough objects alive across those passes that they are promoted, and the older
generations — the whole heap, with every module and model class — are scanned again and
again: about half of the customer bot's CPU with 1,000 customers at once, finding nothing to
free (gc callbacks around bench/journey.py). A young pass every 10,000 net allocations lets
an update's objects die before they are ever promoted.
"""

from __future__ import annotations

import gc

YOUNG_THRESHOLD = 10_000


def pace_for_serving(young: int = YOUNG_THRESHOLD) -> None:
    """Collect the young generation every ``young`` net allocations (never more often than
    the process already does); the older generations keep their own thresholds."""
    current, middle, old = gc.get_threshold()
    if current and current < young:
        gc.set_threshold(young, middle, old)
