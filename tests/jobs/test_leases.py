"""Store leases: of two processes wanting to pace one bot, one sends at a time; a released or
abandoned lease passes to the other; both delivering the same outbox, each message arrives once."""

from __future__ import annotations

import asyncio
import time
from datetime import timedelta

import pytest

from bot.runner import SENDER_LEASE, delivery_tasks
from core.clock import SystemClock
from core.services.leases import LeaseService
from core.services.notify import enqueue
from core.storage import open_store
from tests.bot.harness import BOT_ID, running_shop

TTL = timedelta(seconds=0.6)


async def _holder_log(leases: LeaseService, stop: asyncio.Event, log: list) -> None:
    async def body(inner: asyncio.Event) -> None:
        log.append((leases.owner, "start", time.monotonic()))
        await inner.wait()
        log.append((leases.owner, "end", time.monotonic()))

    await leases.run_while_held("pacer", stop, body, poll_seconds=0.05)


def _never_overlap(log: list) -> None:
    holding = None
    for owner, what, _ in sorted(log, key=lambda e: e[2]):
        if what == "start":
            assert holding is None, f"{owner} started while {holding} held the lease"
            holding = owner
        else:
            assert holding == owner
            holding = None


@pytest.fixture
async def store(tmp_path):
    """Timing-based tests on SQLite; the lease queries are contract-tested on both legs."""
    opened = await open_store(f"sqlite:///{tmp_path / 'leases.db'}")
    yield opened
    await opened.close()


async def test_one_holder_at_a_time_and_a_release_hands_over(store):
    real = SystemClock()
    a = LeaseService(store, real, owner="a", ttl=TTL)
    b = LeaseService(store, real, owner="b", ttl=TTL)
    stop_a, stop_b, log = asyncio.Event(), asyncio.Event(), []
    tasks = [asyncio.create_task(_holder_log(a, stop_a, log)),
             asyncio.create_task(_holder_log(b, stop_b, log))]
    await asyncio.sleep(1.5)  # several renewals
    assert [e[1] for e in log] == ["start"]
    first = log[0][0]
    (stop_a if first == "a" else stop_b).set()  # that process shuts down
    await asyncio.sleep(0.8)
    stop_a.set(), stop_b.set()
    await asyncio.gather(*tasks)
    _never_overlap(log)
    assert [e[0] for e in log if e[1] == "start"] == [first, "b" if first == "a" else "a"]


async def test_an_abandoned_lease_is_taken_over_after_it_runs_out(store):
    real = SystemClock()
    dead = LeaseService(store, real, owner="killed-process", ttl=TTL)
    assert await dead.acquire("pacer")  # then the process is killed: never renewed
    abandoned = await dead.holder("pacer")
    alive = LeaseService(store, real, owner="alive", ttl=TTL)
    stop, log = asyncio.Event(), []
    task = asyncio.create_task(_holder_log(alive, stop, log))
    while not log:
        await asyncio.sleep(0.02)
    taken_at = real.now()
    stop.set()
    await task
    assert abandoned.owner == "killed-process"
    assert taken_at >= abandoned.until  # not before the dead owner's lease ran out


async def test_two_processes_delivering_one_outbox_send_each_message_once(tmp_path, keyring):
    async with running_shop(tmp_path, keyring) as shop:
        services = shop.services
        customers = [shop.customer(7201 + n) for n in range(6)]
        for n, customer in enumerate(customers):
            shop.state.open_chat(BOT_ID, customer.id)
            await services.store.transaction(lambda tx, n=n: enqueue(
                tx, services.clock, services.ids, key=f"note:{n}", template="hold-released",
                params={"intent_id": f"i{n}", "amount": "₹1.00"}, chat_id=7201 + n))
        stop = asyncio.Event()
        first = delivery_tasks(services, {"customer": shop.bot}, shop.translator, stop,
                               leases=LeaseService(services.store, services.clock, owner="p1"))
        second = delivery_tasks(services, {"customer": shop.bot}, shop.translator, stop,
                                leases=LeaseService(services.store, services.clock,
                                                    owner="p2"))
        for _ in range(200):
            if (await services.outbox.counts()).get("sent", 0) >= 6:
                break
            await asyncio.sleep(0.1)
        holder = await LeaseService(services.store, services.clock).holder(SENDER_LEASE)
        stop.set()
        await asyncio.gather(*first, *second)
        for customer in customers:
            assert len([m for m in customer.bot_messages()
                        if "price held" in (m["text"] or "")]) == 1
        assert holder is not None and holder.owner in ("p1", "p2")
        assert shop.state.bots[BOT_ID].method_calls["sendMessage"] == 6
