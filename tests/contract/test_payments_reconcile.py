"""Reconciliation on every store: asking the gateways (faked at the transport) about top-ups
still pending, and settling what they answer."""

from __future__ import annotations

import dataclasses
from datetime import timedelta
from pathlib import Path

import pytest
import requests
import responses
import respx
from httpx import Response

from core.bootstrap import Services
from core.models import TopUpStatus
from tests.api.gateway_side import (
    RAZORPAY_BASE,
    STRIPE_BASE,
    USER,
    RazorpayKit,
    StripeKit,
    payment_settings,
    rzp_link,
    stripe_session,
)

OLDER_THAN = timedelta(minutes=15)


@pytest.fixture
def settings(tmp_path: Path):
    return payment_settings(tmp_path)


def _paid_link(topup, payment_id: str) -> dict:
    link = rzp_link(topup, "paid", topup.gateway_amount)
    link["order_id"] = "order_KBneAVhT2zbzsU"
    link["payments"] = [{"amount": topup.gateway_amount, "created_at": 1767225700,
                         "method": "upi", "payment_id": payment_id, "status": "captured"}]
    return link


async def test_pending_topups_are_settled_from_what_razorpay_says(services: Services, clock):
    kit = RazorpayKit()
    paid = await kit.topup(services, 10_000)
    expired = await kit.topup(services, 20_000)
    waiting = await kit.topup(services, 30_000)
    clock.advance(minutes=20)
    with responses.RequestsMock() as api:
        api.get(f"{RAZORPAY_BASE}/v1/payment_links/{paid.gateway_ref}",
                json=_paid_link(paid, "pay_Recon1"))
        api.get(f"{RAZORPAY_BASE}/v1/payment_links/{expired.gateway_ref}",
                json=rzp_link(expired, "expired"))
        api.get(f"{RAZORPAY_BASE}/v1/payment_links/{waiting.gateway_ref}",
                json=rzp_link(waiting, "created"))
        report = await services.payments.reconcile_pending(OLDER_THAN)
    assert (report.checked, report.credited, report.failed, report.still_pending) == (3, 1, 1, 1)
    assert (await services.payments.get(paid.id)).status is TopUpStatus.CREDITED
    assert (await services.payments.get(expired.id)).status is TopUpStatus.FAILED
    assert (await services.payments.get(waiting.id)).status is TopUpStatus.PENDING
    assert await services.wallet.balance(USER) == 10_000
    assert (await services.wallet.statement(USER)).entries[0].key == "razorpay:pay_Recon1"


async def test_a_paid_stripe_session_is_credited_and_young_topups_are_left_alone(
        services: Services, clock):
    kit = StripeKit()
    old = await kit.topup(services, 25_000)
    clock.advance(minutes=20)
    young = await kit.topup(services, 7_000)
    with respx.mock(base_url=STRIPE_BASE) as api:
        route = api.get(f"/v1/checkout/sessions/{old.gateway_ref}").mock(
            return_value=Response(200, json=stripe_session(old, payment_intent="pi_Recon")))
        report = await services.payments.reconcile_pending(OLDER_THAN)
    assert route.call_count == 1 and report.checked == 1 and report.credited == 1
    assert (await services.payments.get(old.id)).payment_id == "pi_Recon"
    assert (await services.payments.get(young.id)).status is TopUpStatus.PENDING


async def test_a_gateway_that_is_down_changes_nothing(services: Services, clock):
    kit = RazorpayKit()
    topup = await kit.topup(services)
    clock.advance(minutes=20)
    with responses.RequestsMock() as api:
        api.get(f"{RAZORPAY_BASE}/v1/payment_links/{topup.gateway_ref}",
                body=requests.ConnectionError("no route to host"))
        report = await services.payments.reconcile_pending(OLDER_THAN)
    assert (report.checked, report.errors) == (1, 1)
    assert (await services.payments.get(topup.id)).status is TopUpStatus.PENDING


async def test_a_topup_whose_checkout_was_never_created_is_failed(services: Services, clock):
    kit = StripeKit()
    topup = await kit.topup(services)
    # As if we had crashed between storing the top-up and hearing back from Stripe.
    orphan = dataclasses.replace(topup, id="top_orphan", gateway_ref="", pay_url="")
    await services.store.transaction(lambda tx: tx.topups.insert(orphan))
    clock.advance(minutes=20)
    with respx.mock(base_url=STRIPE_BASE) as api:
        api.get(f"/v1/checkout/sessions/{topup.gateway_ref}").mock(return_value=Response(
            200, json=stripe_session(topup, status="open", payment_status="unpaid")))
        report = await services.payments.reconcile_pending(OLDER_THAN)
    assert (report.failed, report.still_pending) == (1, 1)
    failed = await services.payments.get("top_orphan")
    assert failed.status is TopUpStatus.FAILED and failed.failure == "no-checkout"


async def test_a_session_still_open_long_after_expiry_is_failed(services: Services, clock):
    kit = StripeKit()
    topup = await kit.topup(services)
    clock.advance(minutes=75)
    with respx.mock(base_url=STRIPE_BASE) as api:
        api.get(f"/v1/checkout/sessions/{topup.gateway_ref}").mock(return_value=Response(
            200, json=stripe_session(topup, status="open", payment_status="unpaid")))
        report = await services.payments.reconcile_pending(OLDER_THAN)
    assert report.failed == 1
    assert (await services.payments.get(topup.id)).failure == "expired"
    assert any(m.template == "topup-failed" for m in await services.outbox.recent(10))
