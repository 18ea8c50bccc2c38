"""Auto-renew on every store: the exact current price, extending from the end; nothing for
subscriptions with it off; with too little balance a shortfall reminder and no charge; two
runs at once and a repeated run charge once per period."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from pathlib import Path

import pytest

from bot.outbox_render import render_message
from core.bootstrap import Services
from core.i18n import Translator
from core.models import OrderKind
from core.services.renewals import RenewalService
from tests.api.gateway_side import USER, RazorpayKit, payment_settings
from tests.contract.test_purchase_support import fund, make_product, stock

AHEAD = timedelta(hours=24)


@pytest.fixture
def settings(tmp_path: Path):
    return payment_settings(tmp_path)


def renewals(services: Services) -> RenewalService:
    return RenewalService(services.store, services.clock, services.ids, services.purchases,
                          ahead=AHEAD, currency="INR", min_topup=1_000)


async def bought(services: Services, user_id: int, product, *, auto: bool = True,
                 balance: int = 0):
    await fund(services, user_id, product.price + balance)
    sub = (await services.purchases.purchase(user_id, product.id,
                                             intent_id=f"buy-{user_id}")).subscription
    if auto:
        sub = await services.subscriptions.set_auto_renew(user_id, sub.id, True)
    return sub


async def renewal_orders(services: Services, user_id: int):
    return [o for o in await services.orders.list(user_id=user_id)
            if o.kind is OrderKind.RENEWAL]


async def test_renews_at_the_current_price_from_the_end_and_skips_those_with_it_off(
        services: Services, clock):
    product = await make_product(services, price=10_000, duration_days=30)
    await stock(services, product, 2)
    on = await bought(services, 1, product, balance=20_000)
    off = await bought(services, 2, product, auto=False, balance=20_000)
    await services.catalog.edit(product.id, actor="admin:1", price=12_500)
    job = renewals(services)
    clock.set(on.ends_at - timedelta(hours=25))
    assert (await job.run()).renewed == 0  # not yet within AUTORENEW_AHEAD
    clock.set(on.ends_at - timedelta(hours=23))
    report = await job.run()
    assert (report.renewed, report.short) == (1, 0)
    renewed = await services.subscriptions.get(on.id)
    assert renewed.ends_at == on.ends_at + timedelta(days=30)
    (order,) = await renewal_orders(services, 1)
    assert (order.price, order.amount) == (12_500, 12_500)
    assert await services.wallet.balance(1) == 20_000 - 12_500
    assert (await services.subscriptions.get(off.id)).ends_at == off.ends_at
    assert await services.wallet.balance(2) == 20_000
    assert await renewal_orders(services, 2) == []
    assert (await job.run()).renewed == 0  # the new period is not due


async def test_too_little_balance_sends_one_shortfall_reminder_and_charges_nothing(
        services: Services, clock):
    product = await make_product(services, price=10_000, duration_days=30)
    await stock(services, product, 1)
    sub = await bought(services, 1, product, balance=3_000)
    job = renewals(services)
    clock.set(sub.ends_at - timedelta(hours=20))
    assert (await job.run()).short == 1
    clock.advance(hours=5)
    assert (await job.run()).short == 1  # tried again on the next run
    assert await services.wallet.balance(1) == 3_000
    assert await renewal_orders(services, 1) == []
    short = [m for m in await services.outbox.recent(50) if m.template == "autorenew-shortfall"]
    assert len(short) == 1
    assert (short[0].params["shortfall"], short[0].params["balance"]) == ("₹70.00", "₹30.00")
    assert short[0].options["reply_markup"][0][1] == {"text_key": "btn-topup",
                                                      "callback_data": "ta:7000"}
    await fund(services, 1, 7_000)
    clock.advance(hours=1)
    assert (await job.run()).renewed == 1
    assert await services.wallet.balance(1) == 0
    assert (await services.subscriptions.get(sub.id)).ends_at == sub.ends_at + timedelta(days=30)


async def test_two_runs_at_once_and_a_rerun_charge_once_per_period(services: Services, clock):
    product = await make_product(services, price=5_000, duration_days=30)
    await stock(services, product, 3)
    subs = [await bought(services, u, product, balance=50_000) for u in (1, 2, 3)]
    clock.set(max(s.ends_at for s in subs) - timedelta(hours=2))
    first, second = renewals(services), renewals(services)
    reports = await asyncio.gather(first.run(), second.run(), first.run())
    assert sum(r.renewed for r in reports) == 3
    assert (await second.run()).renewed == 0
    for sub in subs:
        assert len(await renewal_orders(services, sub.user_id)) == 1
        assert await services.wallet.balance(sub.user_id) == 45_000
        assert (await services.subscriptions.get(sub.id)).ends_at == \
            sub.ends_at + timedelta(days=30)


async def test_a_renewal_for_a_period_already_renewed_by_hand_is_not_charged(
        services: Services, clock):
    product = await make_product(services, price=5_000, duration_days=30)
    await stock(services, product, 1)
    sub = await bought(services, 1, product, balance=50_000)
    # the job saw this period due, then the customer renewed by hand before it charged
    await services.purchases.renew(1, sub.id, intent_id="by-hand")
    assert await services.purchases.auto_renew(sub.id, period_end=sub.ends_at) is None
    assert await services.wallet.balance(1) == 45_000


async def test_a_wallet_in_debt_is_told_the_shortfall_and_not_charged(services: Services,
                                                                     clock):
    kit = RazorpayKit()
    product = await make_product(services, price=40_000, duration_days=30)
    await stock(services, product, 1)
    topup = await kit.topup(services, 50_000)
    body = kit.paid(topup, kit.payment_id(1))
    await services.payments.handle_webhook("razorpay", body, kit.sign(body, clock.now()))
    sub = (await services.purchases.purchase(USER, product.id, intent_id="b")).subscription
    await services.subscriptions.set_auto_renew(USER, sub.id, True)
    refund = kit.refunded(topup, kit.payment_id(1), "rfnd_Debt0001", 50_000, 50_000)
    await services.payments.handle_webhook("razorpay", refund, kit.sign(refund, clock.now()))
    assert await services.wallet.balance(USER) == -40_000  # the refunded money was spent
    clock.set(sub.ends_at - timedelta(hours=2))
    assert (await renewals(services).run()).short == 1
    assert await services.wallet.balance(USER) == -40_000
    (told,) = [m for m in await services.outbox.recent(50)
               if m.template == "autorenew-shortfall"]
    assert (told.params["balance"], told.params["shortfall"]) == ("-₹400.00", "₹800.00")


async def test_a_plan_taken_off_sale_is_not_renewed_and_the_customer_reads_why(
        services: Services, clock):
    product = await make_product(services, price=5_000, duration_days=30)
    await stock(services, product, 1)
    sub = await bought(services, 1, product, balance=50_000)
    await services.catalog.edit(product.id, actor="admin:1", active=False)
    clock.set(sub.ends_at - timedelta(hours=2))
    report = await renewals(services).run()
    assert (report.renewed, report.failed) == (0, 1)
    assert await services.wallet.balance(1) == 50_000
    assert await renewal_orders(services, 1) == []
    (told,) = [m for m in await services.outbox.recent(50) if m.template == "autorenew-failed"]
    assert told.params["reason_key"] == "error-product-inactive"
    assert (told.chat_id, told.params["plan"]) == (1, product.plan)
    ru = render_message(told, "ru", Translator()).parts[0]
    assert "Этот тариф сейчас не продаётся." in ru and "error-" not in ru
    assert "That plan is not on sale right now." in render_message(
        told, "en", Translator()).parts[0]
