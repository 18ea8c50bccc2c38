"""Expiry, held purchases, low stock, the ledger check and the watchdog, on every store."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from core.bootstrap import Services, build_services
from core.clock import FixedClock
from core.crypto import KeyRing
from core.errors import SubscriptionNotActive
from core.ids import SequentialIds
from core.models import IntentStatus, SubscriptionStatus
from core.services.alerts import LedgerCheck, LowStockAlerts
from core.services.holds import HoldService
from core.services.jobruns import JobRunService, JobSpec
from core.services.watchdog import Watchdog
from core.storage import Store
from tests.api.gateway_side import payment_settings
from tests.contract.test_purchase_support import fund, make_product, stock, tamper_balance


@pytest.fixture
def settings(tmp_path: Path):
    return payment_settings(tmp_path)


async def staff(services: Services, template: str):
    return [m for m in await services.outbox.recent(500)
            if m.template == template and m.audience == "staff"]


async def test_expiry_frees_a_shared_seat_hides_the_credential_and_tells_once(
        services: Services, clock):
    shared = await make_product(services, price=1_000, slots_per_item=3)
    single = await make_product(services, plan="Solo", price=1_000)
    await stock(services, shared, 1)
    await stock(services, single, 1, prefix="solo")
    for user, product in ((1, shared), (2, single)):
        await fund(services, user, 1_000)
        await services.purchases.purchase(user, product.id, intent_id=f"b{user}")
    assert (await services.stock.levels([shared.id]))[0].free_slots == 2
    clock.advance(days=31)
    assert await services.subscriptions.expire_all_due() == 2
    assert await services.subscriptions.expire_all_due() == 0
    (mine,) = await services.subscriptions.list_for_user(1)
    assert mine.subscription.status is SubscriptionStatus.EXPIRED
    assert mine.subscription.stock_item_id == ""  # the seat went back to stock
    assert (await services.stock.levels([shared.id]))[0].free_slots == 3
    (solo,) = await services.subscriptions.list_for_user(2)
    assert solo.subscription.stock_item_id != ""  # a whole account is kept for a renewal
    with pytest.raises(SubscriptionNotActive):
        await services.credentials.view(1, mine.subscription.id)
    notices = [m for m in await services.outbox.recent(50)
               if m.template == "subscription-expired"]
    assert sorted(m.chat_id for m in notices) == [1, 2]
    assert notices[0].options["reply_markup"][0][0]["text_key"] == "btn-renew"
    # renewing the expired shared one takes a seat again
    await services.wallet.credit(1, 1_000, key="again", reason="topup")
    renewed = (await services.purchases.renew(1, mine.subscription.id, intent_id="r1")
               ).subscription
    assert renewed.status is SubscriptionStatus.ACTIVE and renewed.stock_item_id
    assert (await services.stock.levels([shared.id]))[0].free_slots == 2


async def test_a_hold_whose_topup_never_came_is_released_once(store: Store, settings,
                                                              keyring: KeyRing,
                                                              clock: FixedClock):
    shop = build_services(settings.model_copy(update={"intent_hold_minutes": 15}), store,
                          keyring, clock=clock, ids=SequentialIds())
    await shop.users.register(42, first_name="Asha")
    product = await make_product(shop, price=20_000)
    await stock(shop, product, 1)
    await fund(shop, 42, 5_000)
    pending = await shop.purchases.pay_difference(42, intent_id="hold-1", gateway="sandbox",
                                                  product_id=product.id)
    holds = HoldService(shop.store, shop.clock, shop.ids)
    clock.advance(minutes=14)
    assert await holds.release_expired() == 0
    clock.advance(minutes=2)
    assert await holds.release_expired() == 1
    assert await holds.release_expired() == 0
    intent = await shop.purchases.intent(42, "hold-1")
    assert (intent.status, intent.failure) == (IntentStatus.FAILED, "intent-expired")
    # the top-up arrives after all: the money stays in the wallet, nothing is bought
    callback = await shop.payments.sandbox_callback(pending.checkout.topup.id, paid=True)
    await shop.payments.handle_webhook("sandbox", *callback)
    assert await shop.orders.for_user(42) == []
    assert await shop.wallet.balance(42) == 5_000 + pending.checkout.topup.amount
    told = [m for m in await shop.outbox.recent(50) if m.template == "hold-released"]
    assert len(told) == 1 and told[0].chat_id == 42


async def test_low_stock_is_told_once_per_crossing(services: Services):
    product = await make_product(services, price=1_000, low_stock_threshold=2)
    other = await make_product(services, plan="Big", price=1_000, low_stock_threshold=1)
    await stock(services, product, 3)
    await stock(services, other, 5, prefix="big")
    alerts = LowStockAlerts(services.store, services.clock, services.ids)
    assert await alerts.run() == 0
    await fund(services, 1, 1_000)
    await services.purchases.purchase(1, product.id, intent_id="a")
    assert await alerts.run() == 1  # 2 free: at the threshold
    await fund(services, 2, 1_000)
    await services.purchases.purchase(2, product.id, intent_id="b")
    assert await alerts.run() == 0  # still low: no second alert
    await stock(services, product, 4, prefix="re")  # restocked above the threshold
    assert await alerts.run() == 0
    for user in (3, 4, 5, 6):
        await fund(services, user, 1_000)
        await services.purchases.purchase(user, product.id, intent_id=f"c{user}")
    assert await alerts.run() == 1  # crossed again
    told = await staff(services, "staff-low-stock")
    assert [m.params["product_id"] for m in told] == [product.id, product.id]
    assert told[0].bot == "admin"


async def test_ledger_check_reports_and_alerts_on_each_difference(services: Services):
    await services.users.register(7, first_name="Ravi")
    await fund(services, 1, 5_000)
    paid = await services.payments.create_topup(7, 5_000, "sandbox")
    callback = await services.payments.sandbox_callback(paid.topup.id, paid=True)
    await services.payments.handle_webhook("sandbox", *callback)
    check = LedgerCheck(services.store, services.clock, services.ids, currency="INR", page=1)
    clean = await check.run()
    assert clean.clean and (clean.wallets, clean.topups) == (2, 1)
    assert await staff(services, "staff-ledger-alert") == []
    (report,) = await staff(services, "staff-ledger-report")
    assert report.params == {"wallets": 2, "topups": 1, "problems": 0}

    pending = await services.payments.create_topup(7, 3_000, "sandbox")
    await services.wallet.credit(7, 3_000, key="stray", reason="topup", ref=pending.topup.id)
    await tamper_balance(services.store, 1)
    services.clock.advance(days=1)  # type: ignore[attr-defined]
    found = await check.run()
    assert found.wallet_mismatches == [(1, 5_001, 5_000)]
    assert found.topup_problems == [(pending.topup.id, "pending", 1)]
    (alert,) = await staff(services, "staff-ledger-alert")
    assert alert.params["problems"] == 2
    assert "user 1" in alert.params["details"] and pending.topup.id in alert.params["details"]


async def test_watchdog_alerts_once_for_a_stalled_job_and_for_three_failures(
        services: Services, clock):
    specs = [JobSpec("reminders", timedelta(minutes=1)), JobSpec("expiry", timedelta(minutes=1))]
    runs = JobRunService(services.store, clock, services.ids)
    dog = Watchdog(services.store, clock, services.ids, specs)
    await dog.scheduler_started()

    async def ok() -> int:
        return 1

    async def boom() -> int:
        raise RuntimeError("database is away")

    await runs.record("reminders", ok)
    await runs.record("expiry", ok)
    assert await dog.check() == 0
    for _ in range(3):  # expiry keeps running; reminders was stopped
        clock.advance(minutes=1)
        await runs.record("expiry", ok)
    assert await dog.check() == 1
    assert await dog.check() == 0  # told once per incident
    (stale,) = await staff(services, "staff-job-stale")
    assert stale.params["job"] == "reminders" and stale.params["minutes"] == 3
    for _ in range(3):
        with pytest.raises(RuntimeError):
            await runs.record("expiry", boom)
    assert await dog.check() == 1
    (failing,) = await staff(services, "staff-job-failing")
    assert failing.params["job"] == "expiry" and "database is away" in failing.params["error"]
    statuses = {s.name: s for s in await runs.status(specs)}
    assert statuses["reminders"].overdue and statuses["expiry"].failures_in_a_row == 3
    await runs.record("reminders", ok)
    assert not (await runs.status(specs))[0].overdue
