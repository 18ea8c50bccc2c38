"""Reminders on every store: each offset once per subscription and period, in the outbox with
Renew and Top up buttons; two runs on the same tick queue each once; a renewal starts a new
period with its own reminders; stale ones are skipped."""

from __future__ import annotations

import asyncio
import random
from collections import Counter
from datetime import timedelta

from core.bootstrap import Services
from core.clock import to_iso
from core.models import Subscription, SubscriptionStatus
from core.services.reminders import ReminderService
from tests.contract.test_purchase_support import fund, make_product, stock

OFFSETS = (timedelta(days=3), timedelta(days=1), timedelta(0))
LABELS = {timedelta(days=3): "3d", timedelta(days=1): "1d", timedelta(0): "0"}


def reminders(services: Services, batch: int = 50) -> ReminderService:
    return ReminderService(services.store, services.clock, services.ids, offsets=OFFSETS,
                           currency="INR", batch=batch)


async def insert_subs(services: Services, product_id: str, ends: list, *, first: int = 0
                      ) -> list[Subscription]:
    now = services.clock.now()
    subs = [Subscription(id=f"sub_{first + n:06d}", user_id=5000 + (first + n) % 97,
                         product_id=product_id, stock_item_id="",
                         status=SubscriptionStatus.ACTIVE, starts_at=now, ends_at=end,
                         auto_renew=False, qr_exports=0, order_id=f"ord_{first + n}",
                         created_at=now, updated_at=now) for n, end in enumerate(ends)]

    async def unit(tx, chunk):
        for sub in chunk:
            await tx.subscriptions.insert(sub)

    for start in range(0, len(subs), 1000):
        await services.store.transaction(lambda tx, c=subs[start:start + 1000]: unit(tx, c))
    return subs


async def reminder_keys(services: Services) -> list[str]:
    messages = await services.outbox.recent(100_000)
    return [m.key for m in messages if m.template == "reminder-ending"]


def expected_keys(subs: list[Subscription]) -> set[str]:
    return {f"reminder:{s.id}:{to_iso(s.ends_at)}:{LABELS[o]}" for s in subs for o in OFFSETS}


async def move_clock(services: Services, clock, job: ReminderService, until, step) -> None:
    while clock.now() < until:
        clock.advance(seconds=step.total_seconds())
        await job.run()


async def test_a_clock_moved_across_mixed_ends_sends_each_offset_once(services: Services,
                                                                     clock):
    product = await make_product(services, price=29_900)
    start = clock.now()
    rng = random.Random(7)
    ends = [start + timedelta(days=4, minutes=rng.randrange(0, 10 * 24 * 60, 30))
            for _ in range(120)]
    ends += [start + timedelta(days=6)] * 30  # many ending at the same moment
    subs = await insert_subs(services, product.id, ends)
    job = reminders(services, batch=16)
    await job.run()  # first run: every subscription is more than 3 days out
    assert await reminder_keys(services) == []
    await move_clock(services, clock, job, start + timedelta(days=15), timedelta(hours=5))
    keys = await reminder_keys(services)
    assert len(keys) == len(set(keys)) == 150 * 3
    assert set(keys) == expected_keys(subs)


async def test_two_runs_on_the_same_tick_queue_each_reminder_once(services: Services, clock):
    product = await make_product(services, price=10_000)
    start = clock.now()
    subs = await insert_subs(services, product.id,
                             [start + timedelta(days=4, hours=n % 40) for n in range(90)])
    first, second = reminders(services, batch=7), reminders(services, batch=11)
    await first.run()
    while clock.now() < start + timedelta(days=7):
        clock.advance(hours=3)
        await asyncio.gather(first.run(), second.run())
    keys = await reminder_keys(services)
    assert Counter(keys).most_common(1)[0][1] == 1
    assert set(keys) == expected_keys(subs)


async def test_reminder_carries_price_language_free_params_and_buttons(services: Services,
                                                                       clock):
    product = await make_product(services, platform="Spotify", plan="Family", price=17_900)
    (sub,) = await insert_subs(services, product.id, [clock.now() + timedelta(days=3, hours=2)])
    job = reminders(services)
    await job.run()
    clock.advance(hours=3)
    assert await job.run() == 1
    (message,) = [m for m in await services.outbox.recent(10) if m.template == "reminder-ending"]
    assert message.chat_id == sub.user_id and message.audience == "user"
    assert message.params["price"] == "₹179.00" and message.params["days"] == 3
    assert (message.params["platform"], message.params["plan"]) == ("Spotify", "Family")
    assert message.options["reply_markup"] == [[
        {"text_key": "btn-renew", "callback_data": f"s:renew:{sub.id}"},
        {"text_key": "btn-topup", "callback_data": "m:topup"}]]


async def test_a_renewal_starts_a_new_period_with_its_own_reminders(services: Services, clock):
    product = await make_product(services, price=1_000, duration_days=30)
    await stock(services, product, 1)
    await fund(services, 1, 2_000)
    sub = (await services.purchases.purchase(1, product.id, intent_id="buy")).subscription
    first_end = sub.ends_at
    job = reminders(services)
    await job.run()
    clock.set(first_end - timedelta(days=2))  # 3d reminder due, 1d not yet
    assert await job.run() == 1
    renewed = (await services.purchases.renew(1, sub.id, intent_id="renew")).subscription
    assert renewed.ends_at == first_end + timedelta(days=30)
    clock.set(renewed.ends_at + timedelta(hours=1))
    # the jobs were down for a month: of the new period only the latest reminder applies
    assert await job.run() == 1
    keys = sorted(await reminder_keys(services))
    assert keys == sorted([f"reminder:{sub.id}:{to_iso(first_end)}:3d",
                           f"reminder:{sub.id}:{to_iso(renewed.ends_at)}:0"])


async def test_cancelled_subscriptions_get_no_reminder(services: Services, clock):
    product = await make_product(services, price=1_000)
    await stock(services, product, 1)
    await fund(services, 1, 1_000)
    sub = (await services.purchases.purchase(1, product.id, intent_id="buy")).subscription
    job = reminders(services)
    await job.run()
    await services.subscriptions.cancel(sub.id, actor="admin:1", reason="test")
    clock.set(sub.ends_at - timedelta(days=1))
    assert await job.run() == 0
    assert await reminder_keys(services) == []
