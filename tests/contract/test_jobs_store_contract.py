"""What the scheduled jobs keep, on every store: marks, leases, run records, and the queries
that find their work (cursor paging over subscription ends, auto-renew, held intents, top-up
credits)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from core.bootstrap import Services
from core.jobmodels import JobRun, ReminderWindow, RunResult
from core.models import IntentStatus, PurchaseIntent, Subscription, SubscriptionStatus
from tests.api.gateway_side import payment_settings


@pytest.fixture
def settings(tmp_path: Path):
    return payment_settings(tmp_path)


def _sub(n: int, ends, *, status=SubscriptionStatus.ACTIVE, auto=False, start=None
         ) -> Subscription:
    return Subscription(id=f"sub_{n:04d}", user_id=1000 + n, product_id="prd_1",
                        stock_item_id="", status=status, starts_at=start or ends,
                        ends_at=ends, auto_renew=auto, qr_exports=0, order_id=f"ord_{n}",
                        created_at=start or ends, updated_at=start or ends)


async def test_marks_are_set_and_swapped_only_from_the_expected_value(services: Services,
                                                                      clock):
    now = clock.now()

    async def unit(tx):
        assert await tx.jobs.get_mark("m") is None
        assert await tx.jobs.swap_mark("m", None, "one", now) is True
        assert await tx.jobs.swap_mark("m", None, "two", now) is False
        assert await tx.jobs.swap_mark("m", "zero", "two", now) is False
        assert await tx.jobs.swap_mark("m", "one", "two", now) is True
        await tx.jobs.put_mark("m", "three", now)
        await tx.jobs.put_mark("n", "x", now)

    await services.store.transaction(unit)
    assert await services.store.read(lambda tx: tx.jobs.get_mark("m")) == "three"
    assert await services.store.read(lambda tx: tx.jobs.get_mark("n")) == "x"


async def test_a_lease_has_one_owner_until_it_ends_or_is_released(services: Services, clock):
    t0 = clock.now()
    until = t0 + timedelta(seconds=30)

    async def take(owner, now, end):
        return await services.store.transaction(
            lambda tx: tx.jobs.acquire_lease("sender", owner, now, end))

    assert await take("a", t0, until) is True
    assert await take("b", t0, until) is False
    assert await take("a", t0 + timedelta(seconds=10), until + timedelta(seconds=10)) is True
    lease = await services.store.read(lambda tx: tx.jobs.get_lease("sender"))
    assert (lease.owner, lease.until) == ("a", until + timedelta(seconds=10))
    # b takes over only once a's lease ran out
    assert await take("b", until + timedelta(seconds=9), until + timedelta(seconds=60)) is False
    assert await take("b", until + timedelta(seconds=10), until + timedelta(seconds=60)) is True
    assert await services.store.transaction(lambda tx: tx.jobs.release_lease("sender", "a")) \
        is False
    assert await services.store.transaction(lambda tx: tx.jobs.release_lease("sender", "b")) \
        is True
    assert await take("a", t0, until) is True


async def test_runs_are_recorded_listed_newest_first_and_pruned(services: Services, clock):
    t0 = clock.now()
    runs = [JobRun(id=f"run_{n}", job="reminders", owner="p1",
                   started_at=t0 + timedelta(minutes=n)) for n in range(3)]
    for run in runs:
        await services.store.transaction(lambda tx, r=run: tx.jobs.start_run(r))
    await services.store.transaction(lambda tx: tx.jobs.start_run(JobRun(
        id="run_x", job="expiry", owner="p1", started_at=t0)))
    done = await services.store.transaction(lambda tx: tx.jobs.finish_run(
        "run_0", t0 + timedelta(seconds=5), RunResult.OK, 7, ""))
    again = await services.store.transaction(lambda tx: tx.jobs.finish_run(
        "run_0", t0 + timedelta(seconds=6), RunResult.FAILED, 0, "late"))
    await services.store.transaction(lambda tx: tx.jobs.finish_run(
        "run_1", t0 + timedelta(minutes=1, seconds=1), RunResult.FAILED, 0, "Boom: x"))
    assert (done, again) == (True, False)
    recent = await services.store.read(lambda tx: tx.jobs.recent_runs("reminders", 10))
    assert [(r.id, r.result, r.items, r.error) for r in recent] == [
        ("run_2", RunResult.RUNNING, 0, ""), ("run_1", RunResult.FAILED, 0, "Boom: x"),
        ("run_0", RunResult.OK, 7, "")]
    assert recent[2].ended_at == t0 + timedelta(seconds=5)
    pruned = await services.store.transaction(
        lambda tx: tx.jobs.prune_runs(t0 + timedelta(minutes=5)))
    assert pruned == 2  # finished ones only: run_0 and run_1; running ones stay
    left = await services.store.read(lambda tx: tx.jobs.recent_runs("reminders", 10))
    assert [r.id for r in left] == ["run_2"]


async def test_reminder_windows_count_page_and_close_once(services: Services, clock):
    t0 = clock.now()
    ends = [t0 + timedelta(hours=h) for h in (5, 1, 3, 3, 9, 2)]
    subs = [_sub(n, end, auto=n == 2) for n, end in enumerate(ends)]
    subs.append(_sub(90, t0 + timedelta(hours=4), status=SubscriptionStatus.CANCELLED))
    subs.append(_sub(91, t0 + timedelta(hours=2), status=SubscriptionStatus.EXPIRED))
    for sub in subs:
        await services.store.transaction(lambda tx, s=sub: tx.subscriptions.insert(s))

    async def count(after, upto, expired=False):
        return await services.store.read(lambda tx: tx.jobs.count_ending(
            after, upto, expired))

    hour = timedelta(hours=1)
    assert await count(t0 + hour, t0 + 5 * hour) == 4  # ends 3, 3, 5 and 2 (after is open)
    assert await count(t0, t0 + 3 * hour, expired=True) == 5  # and the expired one
    assert await count(t0 + 9 * hour, t0 + 20 * hour) == 0

    window = ReminderWindow(id="1d:a:b", offset="1d", after=t0, upto=t0 + 6 * hour,
                            include_expired=False, claimed_at=t0)
    assert await services.store.transaction(lambda tx: tx.jobs.add_reminder_window(window))
    assert not await services.store.transaction(  # the same window twice: nothing changes
        lambda tx: tx.jobs.add_reminder_window(window))
    (opened,) = await services.store.read(lambda tx: tx.jobs.open_reminder_windows(10))
    assert opened == window

    first = await services.store.read(lambda tx: tx.jobs.ending_in(opened, 3))
    assert [s.id for s in first] == ["sub_0001", "sub_0005", "sub_0002"]  # by (end, id)
    assert (first[2].user_id, first[2].ends_at, first[2].auto_renew) == (1002, ends[2], True)
    moved = (first[-1].ends_at, first[-1].id)
    assert await services.store.transaction(
        lambda tx: tx.jobs.advance_reminder_window(opened, moved, False, t0))
    assert not await services.store.transaction(  # from a stale position: refused
        lambda tx: tx.jobs.advance_reminder_window(opened, moved, False, t0))
    (at,) = await services.store.read(lambda tx: tx.jobs.open_reminder_windows(10))
    assert at.position == moved and not at.done
    rest = await services.store.read(lambda tx: tx.jobs.ending_in(at, 3))
    assert [s.id for s in rest] == ["sub_0003", "sub_0000"]  # not cancelled 90 nor expired 91
    assert await services.store.transaction(lambda tx: tx.jobs.advance_reminder_window(
        at, (rest[-1].ends_at, rest[-1].id), True, t0))
    assert await services.store.read(lambda tx: tx.jobs.open_reminder_windows(10)) == []

    expired = ReminderWindow(id="0:a:b", offset="0", after=t0, upto=t0 + 3 * hour,
                             include_expired=True, claimed_at=t0 + hour)
    await services.store.transaction(lambda tx: tx.jobs.add_reminder_window(expired))
    page = await services.store.read(lambda tx: tx.jobs.ending_in(expired, 10))
    assert [s.id for s in page] == ["sub_0001", "sub_0005", "sub_0091", "sub_0002", "sub_0003"]
    # done windows may be forgotten once old; open ones are kept until done
    assert await services.store.transaction(
        lambda tx: tx.jobs.prune_reminder_windows(t0 + 2 * hour)) == 1
    assert [w.id for w in await services.store.read(
        lambda tx: tx.jobs.open_reminder_windows(10))] == ["0:a:b"]


async def test_auto_renew_due_held_intents_and_topup_credits(services: Services, clock):
    t0 = clock.now()
    for sub in (_sub(1, t0 + timedelta(hours=10), auto=True),
                _sub(2, t0 + timedelta(hours=30), auto=True),
                _sub(3, t0 + timedelta(hours=5), auto=False),
                _sub(4, t0 + timedelta(hours=2), auto=True,
                     status=SubscriptionStatus.CANCELLED),
                _sub(5, t0 + timedelta(hours=10), auto=True)):
        await services.store.transaction(lambda tx, s=sub: tx.subscriptions.insert(s))
    due = await services.store.read(
        lambda tx: tx.jobs.auto_renew_due((t0, ""), t0 + timedelta(hours=24), 10))
    assert [s.id for s in due] == ["sub_0001", "sub_0005"]
    after = await services.store.read(lambda tx: tx.jobs.auto_renew_due(
        (t0 + timedelta(hours=10), "sub_0001"), t0 + timedelta(hours=24), 10))
    assert [s.id for s in after] == ["sub_0005"]

    def intent(n, expires, status=IntentStatus.AWAITING_PAYMENT):
        return PurchaseIntent(id=f"int_{n}", user_id=1, product_id="prd_1", subscription_id="",
                              coupon_code="", price=100, discount=0, amount=100,
                              currency="INR", shortfall=50, status=status, order_id="",
                              failure="", created_at=t0, expires_at=expires, updated_at=t0)

    for i in (intent(1, t0 - timedelta(minutes=1)), intent(2, t0 + timedelta(minutes=5)),
              intent(3, t0 - timedelta(minutes=9), IntentStatus.COMPLETED),
              intent(4, t0 - timedelta(minutes=3))):
        await services.store.transaction(lambda tx, x=i: tx.intents.save(x))
    held = await services.store.read(lambda tx: tx.jobs.held_intents_expired(t0, 10))
    assert [i.id for i in held] == ["int_4", "int_1"]

    await services.users.register(7, first_name="Ravi")
    checkout = await services.payments.create_topup(7, 5_000, "sandbox")
    assert await services.store.read(lambda tx: tx.jobs.topup_credits("", 10)) == [
        (checkout.topup.id, "pending", 5_000, 0)]
    await services.wallet.credit(7, 5_000, key=f"test:{checkout.topup.id}", reason="topup",
                                 ref=checkout.topup.id)
    assert await services.store.read(lambda tx: tx.jobs.topup_credits("", 10)) == [
        (checkout.topup.id, "pending", 5_000, 1)]
    assert await services.store.read(
        lambda tx: tx.jobs.topup_credits(checkout.topup.id, 10)) == []
