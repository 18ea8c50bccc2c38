"""Client-side pacing: per-bot token buckets, per-chat spacing, pauses after a 429."""

from __future__ import annotations

import pytest

from bot.ratelimit import SendPacer, TokenBucket, TurnTooLate


class FakeTime:
    """A clock that only moves when someone sleeps on it."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.now += seconds


def test_a_bucket_allows_its_burst_then_spaces_sends_at_its_rate():
    bucket = TokenBucket(rate=10, burst=3)
    slots = [bucket.reserve(0.0) for _ in range(5)]
    assert slots[:3] == [0.0, 0.0, 0.0]
    assert slots[3:] == pytest.approx([0.1, 0.2])


def test_a_paused_bucket_books_nothing_before_the_pause_ends_and_restarts_without_a_burst():
    bucket = TokenBucket(rate=10, burst=5)
    bucket.pause_until(2.0)
    assert [bucket.reserve(0.5) for _ in range(3)] == pytest.approx([2.0, 2.1, 2.2])


async def test_sends_to_one_chat_are_spaced_by_the_chat_interval():
    time = FakeTime()
    pacer = SendPacer(30, 1.0, clock=time, sleep=time.sleep)
    starts = []
    for _ in range(3):
        await pacer.turn("customer", 1, deadline=1e9)
        starts.append(time.now)
        pacer.sent("customer", 1)
    assert starts == pytest.approx([100.0, 101.0, 102.0])


async def test_different_chats_wait_only_for_the_bot_rate():
    time = FakeTime()
    pacer = SendPacer(30, 1.0, clock=time, sleep=time.sleep)
    starts = []
    for chat in range(10):
        await pacer.turn("customer", chat, deadline=1e9)
        starts.append(time.now)
        pacer.sent("customer", chat)
    assert starts == pytest.approx([100.0 + i / 30 for i in range(10)])  # not 1 s apart


async def test_a_bot_burst_lets_that_many_chats_go_at_once():
    time = FakeTime()
    pacer = SendPacer(30, 1.0, bot_burst=10, clock=time, sleep=time.sleep)
    for chat in range(10):
        await pacer.turn("customer", chat, deadline=1e9)
    assert time.now == 100.0


async def test_a_pause_holds_every_chat_of_that_bot_only():
    time = FakeTime()
    pacer = SendPacer(30, 1.0, clock=time, sleep=time.sleep)
    pacer.pause("customer", 5)
    await pacer.turn("admin", 1, deadline=1e9)
    assert time.now == 100.0
    await pacer.turn("customer", 1, deadline=1e9)
    assert time.now == pytest.approx(105.0)


async def test_a_turn_past_the_deadline_is_refused_without_waiting_or_booking():
    time = FakeTime()
    pacer = SendPacer(30, 1.0, clock=time, sleep=time.sleep)
    pacer.sent("customer", 1)
    with pytest.raises(TurnTooLate):
        await pacer.turn("customer", 1, deadline=100.5)
    assert time.now == 100.0
    await pacer.turn("customer", 2, deadline=100.5)  # nothing was booked for the refused turn
    assert time.now == 100.0


def test_idle_chats_are_forgotten():
    time = FakeTime()
    pacer = SendPacer(30, 1.0, clock=time, sleep=time.sleep)
    pacer.sent("customer", 1)
    time.now += 2
    pacer.sent("customer", 2)
    assert pacer.forget_idle() == 1


async def test_many_waiting_sends_queue_for_the_bot_slot_instead_of_all_waking_each_time():
    import asyncio

    sleeps = 0

    async def counted_sleep(seconds: float) -> None:
        nonlocal sleeps
        sleeps += 1
        await asyncio.sleep(seconds)

    pacer = SendPacer(400, 1.0, sleep=counted_sleep)
    order: list[int] = []

    async def send(chat: int) -> None:
        await pacer.turn("customer", chat, deadline=1e12)
        order.append(chat)

    await asyncio.gather(*(send(chat) for chat in range(100)))
    assert order == list(range(100))  # slots go out in the order they were asked for
    assert sleeps < 2 * 100  # about one wake-up per slot (all-wake polling: ~5,000)


def test_a_paused_bot_says_how_long_it_must_still_wait():
    time = FakeTime()
    pacer = SendPacer(30, 1.0, clock=time, sleep=time.sleep)
    assert pacer.paused_for("customer") == 0.0
    pacer.pause("customer", 5)
    time.now += 2
    assert pacer.paused_for("customer") == pytest.approx(3.0)
    assert pacer.paused_for("admin") == 0.0
    time.now += 4
    assert pacer.paused_for("customer") == 0.0
