"""The reconcile job: a top-up whose webhook never came is credited exactly once (also when the
webhook arrives while the job is asking the gateway), and a Stars payment that Telegram lists in
``getStarTransactions`` (asked over HTTP through the Bot API stand-in) is credited, not failed."""

from __future__ import annotations

import asyncio
import json

import pytest
import responses

from bot.factory import make_bot
from bot.stars import BotStarTransactions
from core.clock import FixedClock
from core.models import TopUpStatus
from core.services.jobset import build_job_set
from core.storage import open_store
from standin import RateLimits, run_standin
from tests.api.gateway_side import RAZORPAY_BASE, USER, RazorpayKit, payment_services
from tests.contract.test_payments_reconcile import _paid_link

BOT_TOKEN = "700009:jobs-test-bot"
BOT_ID = 700009


@pytest.fixture
async def shop(tmp_path, keyring):
    store = await open_store(f"sqlite:///{tmp_path / 'shop.db'}")
    services = payment_services(store, tmp_path, keyring, FixedClock())
    yield services
    await services.close()


async def _credits(services, user_id: int) -> list:
    return [e for e in (await services.wallet.statement(user_id, limit=50)).entries
            if e.reason == "topup"]


async def test_a_topup_whose_webhook_never_came_is_credited_once(shop):
    kit = RazorpayKit()
    topup = await kit.topup(shop, 10_000)
    jobs = build_job_set(shop)
    shop.clock.advance(minutes=16)
    with responses.RequestsMock() as api:
        api.get(f"{RAZORPAY_BASE}/v1/payment_links/{topup.gateway_ref}",
                json=_paid_link(topup, "pay_Late1"))
        assert await jobs.run("reconcile") == 1
        assert await jobs.run("reconcile") == 0  # no longer pending: not asked again
    assert (await shop.payments.get(topup.id)).status is TopUpStatus.CREDITED
    # the webhook finally arrives: recorded, nothing credited twice
    body = kit.paid(topup, "pay_Late1")
    await shop.payments.handle_webhook("razorpay", body, kit.sign(body, shop.clock.now()))
    assert await shop.wallet.balance(USER) == 10_000
    assert len(await _credits(shop, USER)) == 1


async def test_the_webhook_arriving_during_the_run_still_credits_once(shop):
    kit = RazorpayKit()
    topup = await kit.topup(shop, 25_000)
    jobs = build_job_set(shop)
    shop.clock.advance(minutes=16)
    loop = asyncio.get_running_loop()
    body = kit.paid(topup, "pay_Race1")
    delivered = []

    def gateway_answers(request):
        # While the job waits for Razorpay's answer, the webhook is delivered and credited.
        future = asyncio.run_coroutine_threadsafe(shop.payments.handle_webhook(
            "razorpay", body, kit.sign(body, shop.clock.now())), loop)
        delivered.append(future.result(timeout=10))
        return 200, {}, json.dumps(_paid_link(topup, "pay_Race1"))

    with responses.RequestsMock() as api:
        api.add_callback(responses.GET, f"{RAZORPAY_BASE}/v1/payment_links/{topup.gateway_ref}",
                         callback=gateway_answers)
        await jobs.run("reconcile")
    assert len(delivered) == 1
    assert (await shop.payments.get(topup.id)).status is TopUpStatus.CREDITED
    assert await shop.wallet.balance(USER) == 25_000
    assert len(await _credits(shop, USER)) == 1


async def test_a_stars_payment_telegram_confirms_is_credited_not_failed(shop):
    await shop.users.register(USER, first_name="Asha")
    paid = (await shop.payments.create_topup(USER, 5_000, "stars")).topup
    unpaid = (await shop.payments.create_topup(USER, 3_000, "stars")).topup
    async with run_standin(port=0, rate_limits=RateLimits.disabled()) as standin:
        standin.state.ensure_user(USER, first_name="Asha")
        bot = make_bot(BOT_TOKEN, standin.base_url)
        try:
            await bot.get_me()
            # Telegram took the payment; the bot never got its successful_payment update
            charge = standin.state.record_star_payment(BOT_ID, USER, paid.id,
                                                       paid.gateway_amount)
            assert shop.payments.attach_star_transactions(BotStarTransactions(bot))
            jobs = build_job_set(shop)
            shop.clock.advance(minutes=90)  # both invoices expired long ago
            await jobs.run("reconcile")
            calls = standin.state.bots[BOT_ID].method_calls["getStarTransactions"]
        finally:
            await bot.session.close()
    assert calls >= 1
    credited = await shop.payments.get(paid.id)
    assert credited.status is TopUpStatus.CREDITED and credited.payment_id == charge.charge_id
    assert (await shop.payments.get(unpaid.id)).status is TopUpStatus.FAILED
    assert await shop.wallet.balance(USER) == 5_000
    # the lost update turns up after all: the same charge is not credited twice
    await shop.payments.credit_stars_payment(paid.id, charge.charge_id, paid.gateway_amount)
    assert await shop.wallet.balance(USER) == 5_000
    assert [e.key for e in await _credits(shop, USER)] == [f"stars:{charge.charge_id}"]


async def test_without_a_bot_to_ask_an_expired_stars_topup_is_failed(shop):
    await shop.users.register(USER, first_name="Asha")
    topup = (await shop.payments.create_topup(USER, 5_000, "stars")).topup
    shop.clock.advance(minutes=90)
    await build_job_set(shop).run("reconcile")
    assert (await shop.payments.get(topup.id)).status is TopUpStatus.FAILED
