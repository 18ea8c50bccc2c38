"""Auto-renew with real job processes: two at once, a ``kill -9`` inside the charging
transaction, and a ``kill -9`` right after it committed — each period is charged once."""

from __future__ import annotations

import os
import signal
from datetime import timedelta

from core.clock import to_iso
from tests.contract.test_jobs_renewals import bought, renewal_orders
from tests.contract.test_purchase_support import make_product, stock
from tests.jobs.conftest import db_of, finish, worker


async def _auto_renewing(shop, users: int):
    product = await make_product(shop, price=5_000, duration_days=30)
    await stock(shop, product, users)
    subs = [await bought(shop, u, product, balance=20_000) for u in range(1, users + 1)]
    return subs, to_iso(max(s.ends_at for s in subs) - timedelta(hours=3))


async def _charged_once(shop, subs) -> None:
    for sub in subs:
        assert len(await renewal_orders(shop, sub.user_id)) == 1
        assert await shop.wallet.balance(sub.user_id) == 15_000
        assert (await shop.subscriptions.get(sub.id)).ends_at == sub.ends_at + timedelta(days=30)


async def test_two_job_processes_renew_each_period_once(shop):
    subs, now = await _auto_renewing(shop, 12)
    procs = [worker(db_of(shop), now, "autorenew") for _ in range(2)]
    handled = [int(finish(p).split("done ")[1]) for p in procs]
    assert sum(handled) >= 12  # a replayed renewal counts as handled by neither
    await _charged_once(shop, subs)


async def test_kill_9_inside_the_charge_then_retry_charges_once(shop):
    subs, now = await _auto_renewing(shop, 3)
    # unit 1 records the run; unit 2 renews the first subscription; unit 3 hangs in its
    # open transaction after debiting the second one
    proc = worker(db_of(shop), now, "autorenew", "--stall-at", "3")
    assert proc.stdout.readline().strip() == "stalled"  # type: ignore[union-attr]
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(10)
    assert [len(await renewal_orders(shop, s.user_id)) for s in subs] == [1, 0, 0]
    assert finish(worker(db_of(shop), now, "autorenew")).strip() == "done 2"
    await _charged_once(shop, subs)


async def test_kill_9_after_the_charge_committed_then_retry_charges_once(shop):
    subs, now = await _auto_renewing(shop, 3)
    proc = worker(db_of(shop), now, "autorenew", "--die-after")
    out, _ = proc.communicate(timeout=60)
    assert proc.returncode == -signal.SIGKILL and "committed 3" in out
    runs = await shop.store.read(lambda tx: tx.jobs.recent_runs("autorenew", 5))
    assert runs[0].result.value == "running"  # it died before recording the end
    assert finish(worker(db_of(shop), now, "autorenew")).strip() == "done 0"
    await _charged_once(shop, subs)
