"""A payment in a currency other than the top-up's is parked for staff and credits nothing —
over HTTP, with callbacks signed the way each gateway signs them."""

from __future__ import annotations

import httpx
import pytest

from core.bootstrap import Services
from core.models import TopUpStatus
from tests.api.gateway_side import USER, RazorpayKit, StripeKit


async def _post(client: httpx.AsyncClient, services: Services, kit, body: bytes):
    headers = kit.sign(body, services.clock.now())
    return await client.post(f"/webhooks/{kit.name}", content=body, headers=headers)


async def _nothing_credited(services: Services, topup_id: str, paid: str = "") -> None:
    assert await services.wallet.balance(USER) == 0
    assert (await services.wallet.statement(USER)).total_entries == 0
    held = await services.payments.get(topup_id)
    assert held.status is TopUpStatus.HELD and held.failure == "currency-mismatch"
    messages = await services.outbox.recent(20)
    assert "topup-credited" not in [m.template for m in messages]
    (alert,) = [m for m in messages if m.template == "staff-topup-held"]
    assert alert.params["reason"] == "currency-mismatch"
    if paid:
        assert alert.params["paid"] == paid  # staff see what was actually paid


async def test_a_stripe_session_paid_in_dollars_for_a_rupee_topup_is_parked(client,
                                                                            api_services):
    kit = StripeKit()
    topup = await kit.topup(api_services)
    assert topup.gateway_currency == "INR"
    body = kit.paid(topup, kit.payment_id(), currency="usd")  # same number, other currency
    answer = await _post(client, api_services, kit, body)
    assert answer.status_code == 200 and answer.json() == {"status": "parked"}
    await _nothing_credited(api_services, topup.id, paid="$500.00")


@pytest.mark.parametrize("kind", RazorpayKit.paid_kinds)
async def test_a_razorpay_payment_in_dollars_for_a_rupee_topup_is_parked(client, api_services,
                                                                         kind):
    kit = RazorpayKit()
    topup = await kit.topup(api_services)
    body = kit.paid(topup, kit.payment_id(), kind, currency="USD")
    answer = await _post(client, api_services, kit, body)
    assert answer.status_code == 200 and answer.json() == {"status": "parked"}
    await _nothing_credited(api_services, topup.id, paid="$500.00")


@pytest.mark.parametrize("kit", [RazorpayKit(), StripeKit()], ids=lambda kit: kit.name)
async def test_a_wrong_currency_callback_retried_by_the_gateway_still_credits_nothing(
        client, api_services, kit):
    topup = await kit.topup(api_services)
    body = kit.paid(topup, kit.payment_id(), currency="EUR")
    for _ in range(3):  # the gateway retries the same delivery
        answer = await _post(client, api_services, kit, body)
        assert answer.status_code == 200
    await _nothing_credited(api_services, topup.id)


@pytest.mark.parametrize("kit", [RazorpayKit(), StripeKit()], ids=lambda kit: kit.name)
async def test_a_right_payment_after_a_wrong_currency_one_stays_held_with_the_first_reason(
        client, api_services, kit):
    topup = await kit.topup(api_services)
    await _post(client, api_services, kit, kit.paid(topup, kit.payment_id(1), currency="USD"))
    answer = await _post(client, api_services, kit, kit.paid(topup, kit.payment_id(2)))
    assert answer.status_code == 200 and answer.json() == {"status": "parked"}
    assert await api_services.wallet.balance(USER) == 0
    alerts = [m for m in await api_services.outbox.recent(20)
              if m.template == "staff-topup-held"]
    assert sorted(a.params["reason"] for a in alerts) == ["currency-mismatch"] * 2
    assert (await api_services.payments.get(topup.id)).failure == "currency-mismatch"
