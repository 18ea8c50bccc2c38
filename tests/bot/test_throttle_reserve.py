"""The anti-flood bucket shared by bot processes, taken several tokens at a time: a process keeps
the extra ones for the sender's next updates (which then write nothing), and the bucket's limit
holds for all processes together."""

from __future__ import annotations

import asyncio
from typing import Any

from bot.storage import StoreThrottleMiddleware
from core.storage.base import Store


class CountingStore:
    def __init__(self, store: Store) -> None:
        self.store = store
        self.writes = 0

    async def read(self, fn):
        return await self.store.read(fn)

    async def transaction(self, fn):
        self.writes += 1
        return await self.store.transaction(fn)


def _throttle(store: Any, now: list[float]) -> StoreThrottleMiddleware:
    return StoreThrottleMiddleware(store, rate=0.001, burst=8, clock=lambda: now[0])


async def test_kept_tokens_spare_writes_and_the_burst_still_holds(store: Store):
    counting, now = CountingStore(store), [1000.0]
    throttle = _throttle(counting, now)
    assert throttle.reserve == 4
    turns = [await throttle.take(42) for _ in range(10)]
    assert turns == [(True, False)] * 8 + [(False, True), (False, False)]
    assert counting.writes == 2 + 2  # two takes of four, then two refusals


async def test_two_processes_together_let_a_sender_through_at_most_the_burst(store: Store):
    now = [1000.0]
    first, second = _throttle(store, now), _throttle(store, now)
    allowed = 0
    for i in range(20):  # the sender's updates land on either process
        ok, _ = await (first if i % 3 else second).take(7)
        allowed += ok
    assert allowed <= 8
    assert allowed >= 8 - 2 * (first.reserve - 1)  # tokens kept unused, at most, by each


async def test_updates_handled_at_once_get_the_whole_burst_and_one_warning(store: Store):
    throttle = _throttle(store, [1000.0])
    turns = await asyncio.gather(*(throttle.take(9) for _ in range(12)))
    assert sum(ok for ok, _ in turns) == 8
    assert sum(warn for _, warn in turns) == 1


async def test_a_kept_token_expires(store: Store):
    now = [1000.0]
    counting = CountingStore(store)
    throttle = _throttle(counting, now)
    assert await throttle.take(5) == (True, False)
    now[0] += 11.0  # longer than a token is kept
    assert await throttle.take(5) == (True, False)
    assert counting.writes == 2
