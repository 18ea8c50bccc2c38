"""Shared bot state on every store: dialog state, anti-flood buckets, folded staff alerts."""

from __future__ import annotations

import asyncio

from core.bootstrap import Services
from core.models import OutboxStatus
from core.services.notify import fold_alert
from core.storage.base import Store


async def test_dialog_state_and_data_are_kept_apart_and_default_to_empty(store: Store):
    assert await store.read(lambda tx: tx.fsm.get("bot:1:1")) == (None, {})
    await store.transaction(lambda tx: tx.fsm.set_state("bot:1:1", "Dialog:amount"))
    await store.transaction(lambda tx: tx.fsm.set_data("bot:1:1", {"plan": "p-1", "n": 2}))
    assert await store.read(lambda tx: tx.fsm.get("bot:1:1")) == (
        "Dialog:amount", {"plan": "p-1", "n": 2})
    await store.transaction(lambda tx: tx.fsm.set_state("bot:1:1", None))
    assert await store.read(lambda tx: tx.fsm.get("bot:1:1")) == (None, {"plan": "p-1", "n": 2})
    await store.transaction(lambda tx: tx.fsm.set_data("bot:1:1", {}))
    assert await store.read(lambda tx: tx.fsm.get("bot:1:1")) == (None, {})
    assert await store.read(lambda tx: tx.fsm.get("bot:1:2")) == (None, {})


async def test_a_bucket_allows_its_burst_then_refuses_and_warns_once(store: Store):
    async def take(now: float) -> tuple[bool, bool]:
        return await store.transaction(lambda tx: tx.throttle.take("u:1", now, 2.0, 3))

    assert [await take(100.0) for _ in range(3)] == [(True, False)] * 3
    assert await take(100.0) == (False, True)
    assert await take(100.1) == (False, False)
    assert await take(100.6) == (True, False)  # 0.6 s at 2/s refilled one token
    assert await take(100.6) == (False, True)
    assert await store.transaction(lambda tx: tx.throttle.take("u:2", 100.6, 2.0, 3)) == (
        True, False)


async def test_concurrent_takes_never_exceed_the_burst(store: Store):
    results = await asyncio.gather(*(
        store.transaction(lambda tx: tx.throttle.take("u:9", 50.0, 0.001, 5))
        for _ in range(12)))
    assert sum(allowed for allowed, _ in results) == 5
    assert sum(warn for _, warn in results) == 1


async def test_alerts_for_one_cause_fold_into_one_message_per_window(services: Services, clock):
    def alert(cause: str) -> object:
        return services.store.transaction(lambda tx: fold_alert(
            tx, services.clock, services.ids, cause=cause, template="staff-bot-errors",
            params={"bot": "customer", "update": 1, "user": 2, "error": "Boom"}))

    assert await alert("crash:customer:Boom") is True
    assert [await alert("crash:customer:Boom") for _ in range(4)] == [False] * 4
    assert await alert("crash:customer:Other") is True
    pending = await services.outbox.recent(10, "pending")
    counts = sorted((m.key.split(":")[3], m.params["count"]) for m in pending)
    assert counts == [("Boom", 5), ("Other", 1)]
    assert all(m.audience == "staff" and m.bot == "admin" for m in pending)
    assert await services.outbox.claim_due() == []  # held until the window ends
    clock.advance(seconds=61)
    claimed = await services.outbox.claim_due()
    assert len(claimed) == 2 and all(m.status is OutboxStatus.SENDING for m in claimed)
    assert await alert("crash:customer:Boom") is True  # a new window, a new alert


async def test_taking_several_tokens_at_once_takes_what_the_bucket_holds(store: Store):
    async def take(now: float, most: int) -> tuple[int, bool]:
        return await store.transaction(lambda tx: tx.throttle.take_up_to("u:3", now, 2.0, 5,
                                                                         most))

    assert await take(10.0, 2) == (2, False)
    assert await take(10.0, 2) == (2, False)
    assert await take(10.0, 2) == (1, False)  # one left of the burst of five
    assert await take(10.0, 2) == (0, True)
    assert await take(10.0, 1) == (0, False)  # warned once
    assert await take(11.0, 3) == (2, False)  # 1 s at 2/s refilled two
    # the single take sees the same bucket
    assert await store.transaction(lambda tx: tx.throttle.take("u:3", 11.0, 2.0, 5)) == (
        False, True)


async def test_concurrent_takes_of_several_never_exceed_the_burst(store: Store):
    results = await asyncio.gather(*(
        store.transaction(lambda tx: tx.throttle.take_up_to("u:8", 50.0, 0.001, 5, 2))
        for _ in range(8)))
    assert sum(taken for taken, _ in results) == 5
    assert sum(warn for _, warn in results) == 1
