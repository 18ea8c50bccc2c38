"""Reminders under a moving clock, two real job processes, and a real ``kill -9`` mid-run:
every offset's reminder is queued exactly once — no duplicate, no miss."""

from __future__ import annotations

import os
import random
import signal
import time
from collections import Counter
from datetime import timedelta

from core.clock import to_iso
from tests.contract.test_jobs_reminders import (
    expected_keys,
    insert_subs,
    reminder_keys,
    reminders,
)
from tests.contract.test_purchase_support import make_product
from tests.jobs.conftest import db_of, finish, worker


async def test_ten_thousand_subscriptions_each_offset_exactly_once(shop):
    clock = shop.clock
    start = clock.now()
    product = await make_product(shop, price=29_900)
    rng = random.Random(11)
    ends = [start + timedelta(days=4, minutes=rng.randrange(0, 10 * 24 * 60))
            for _ in range(9_000)]
    ends += [start + timedelta(days=5 + n % 5) for n in range(1_000)]  # ties on the minute
    subs = await insert_subs(shop, product.id, ends)
    job = reminders(shop, batch=500)
    await job.run()
    while clock.now() < start + timedelta(days=15):
        clock.advance(hours=6)
        await job.run()
    keys = await reminder_keys(shop)
    assert len(keys) == 30_000
    assert Counter(keys).most_common(1)[0][1] == 1
    assert set(keys) == expected_keys(subs)


async def _due_at_one_tick(shop, count: int):
    """``count`` subscriptions whose 3-day reminder falls due between T0 and T1, and the
    reminder cursors already at T0 (a job ran then)."""
    t0 = shop.clock.now()
    product = await make_product(shop, price=10_000)
    subs = await insert_subs(shop, product.id, [
        t0 + timedelta(days=3, minutes=1 + n % 600) for n in range(count)])
    await reminders(shop).run()
    assert await reminder_keys(shop) == []
    return subs, to_iso(t0 + timedelta(hours=12))


async def test_two_job_processes_on_the_same_tick_queue_each_reminder_once(shop):
    subs, t1 = await _due_at_one_tick(shop, 2_000)
    procs = [worker(db_of(shop), t1, "reminders", "--batch", "40") for _ in range(2)]
    outs = [finish(p) for p in procs]
    handled = [int(o.split("done ")[1]) for o in outs]
    assert sum(handled) == 2_000  # however the pages fell between the two
    keys = await reminder_keys(shop)
    assert len(keys) == len(set(keys)) == 2_000
    assert set(keys) == {f"reminder:{s.id}:{to_iso(s.ends_at)}:3d" for s in subs}


async def test_kill_9_mid_run_then_restart_no_duplicate_no_miss(shop):
    subs, t1 = await _due_at_one_tick(shop, 2_000)
    # Unit 1 records the run's start; unit 2 claims at every offset; units 3-5 queue three
    # pages of 50; unit 6 hangs inside its open transaction, its messages written but not
    # committed.
    proc = worker(db_of(shop), t1, "reminders", "--batch", "50", "--stall-at", "6")
    deadline = time.monotonic() + 60
    line = ""
    while "stalled" not in line and time.monotonic() < deadline:
        line = proc.stdout.readline()  # type: ignore[union-attr]
        assert line or proc.poll() is None, proc.stderr.read()  # type: ignore[union-attr]
    assert "stalled" in line
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(10)
    assert proc.returncode == -signal.SIGKILL
    assert len(await reminder_keys(shop)) == 150  # the hanging page never committed
    (window,) = await shop.store.read(lambda tx: tx.jobs.open_reminder_windows(5))
    assert not window.done  # claimed, 150 queued, the rest waiting behind its position
    waiting = await shop.store.read(lambda tx: tx.jobs.ending_in(window, 5_000))
    assert len(waiting) == 1_850
    runs = await shop.store.read(lambda tx: tx.jobs.recent_runs("reminders", 5))
    assert runs[0].result.value == "running"  # the killed run is visible as never finished

    out = finish(worker(db_of(shop), t1, "reminders", "--batch", "50"))
    assert out.strip() == "done 1850"
    keys = await reminder_keys(shop)
    assert len(keys) == len(set(keys)) == 2_000
    assert set(keys) == {f"reminder:{s.id}:{to_iso(s.ends_at)}:3d" for s in subs}
