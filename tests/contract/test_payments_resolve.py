"""A held top-up has a way out, on every store: staff credit what the gateway actually received,
or refund that payment at the gateway; audited; a later correct payment is then handled."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import responses

from core.bootstrap import Services
from core.errors import GatewayUnavailable, TopupNotHeld
from core.models import TopUp, TopUpStatus
from core.services.payments import Outcome
from tests.api.gateway_side import (
    KITS,
    RAZORPAY_BASE,
    USER,
    RazorpayKit,
    payment_settings,
    rzp_refund,
)


@pytest.fixture
def settings(tmp_path: Path):
    return payment_settings(tmp_path)


@pytest.fixture(params=KITS, ids=lambda kit: kit.name)
def kit(request: pytest.FixtureRequest):
    return request.param


async def _send(services: Services, kit, body: bytes):
    return await services.payments.handle_webhook(kit.name, body,
                                                  kit.sign(body, services.clock.now()))


async def _held(services: Services, kit, paid: int = 30_000) -> TopUp:
    topup = await kit.topup(services, 50_000)
    settled = await _send(services, kit, kit.paid(topup, kit.payment_id(), amount=paid))
    assert settled.outcome is Outcome.PARKED
    held = await services.payments.get(topup.id)
    assert held.status is TopUpStatus.HELD
    return held


async def _audit(services: Services) -> list[tuple[str, dict]]:
    return [(e.action, e.details) for e in await services.audit.latest(20, "topup.")]


async def test_credit_credits_what_the_gateway_received_once_and_is_audited(
        services: Services, kit):
    held = await _held(services, kit, paid=30_000)
    topup, result = await services.payments.resolve_held(held.id, credit=True,
                                                         actor="cli:ops")
    assert result is None
    assert topup.status is TopUpStatus.CREDITED and topup.amount == 30_000
    assert await services.wallet.balance(USER) == 30_000
    entry = (await services.wallet.statement(USER)).entries[0]
    assert entry.key == f"{kit.name}:{held.payment_id}"
    ((action, details),) = await _audit(services)
    assert action == "topup.resolve.credit"
    assert details["received"] == 30_000 and details["requested"] == 50_000
    # The held payment delivered again credits nothing more; resolving again is refused.
    await _send(services, kit, kit.paid(held, held.payment_id, amount=30_000))
    assert await services.wallet.balance(USER) == 30_000
    with pytest.raises(TopupNotHeld):
        await services.payments.resolve_held(held.id, credit=True, actor="cli:ops")


async def test_refund_returns_the_payment_at_the_gateway_and_a_later_payment_credits(
        services: Services):
    kit = RazorpayKit()
    held = await _held(services, kit, paid=30_000)
    pay = held.payment_id
    with responses.RequestsMock() as api:
        api.get(f"{RAZORPAY_BASE}/v1/payments/{pay}",
                json={"id": pay, "entity": "payment", "amount": 30_000, "currency": "INR",
                      "status": "captured", "amount_refunded": 0})
        call = api.post(f"{RAZORPAY_BASE}/v1/payments/{pay}/refund",
                        json=rzp_refund(pay, "rfnd_Held00001", 30_000))
        topup, result = await services.payments.resolve_held(held.id, credit=False,
                                                             actor="cli:ops")
        sent = json.loads(call.calls[0].request.body)
    assert sent["amount"] == 30_000  # what was received, not what was asked
    assert result is not None and result.ref == "rfnd_Held00001"
    assert topup.status is TopUpStatus.FAILED and topup.refund_ref == "rfnd_Held00001"
    assert await services.wallet.balance(USER) == 0
    assert [a for a, _ in await _audit(services)] == ["topup.resolve.refund"]
    # Razorpay then reports that refund: nothing was credited, so nothing is taken.
    from tests.api.gateway_side import rzp_refund_event

    await _send(services, kit, rzp_refund_event(held, pay, "rfnd_Held00001", 30_000))
    assert await services.wallet.balance(USER) == 0
    # The customer pays the right amount again: credited as usual.
    settled = await _send(services, kit, kit.paid(held, kit.payment_id(2)))
    assert settled.outcome is Outcome.CREDITED
    assert await services.wallet.balance(USER) == 50_000


async def test_a_refund_the_gateway_cannot_confirm_leaves_it_held_and_can_run_again(
        services: Services):
    kit = RazorpayKit()
    held = await _held(services, kit)
    with responses.RequestsMock() as api:
        api.get(f"{RAZORPAY_BASE}/v1/payments/{held.payment_id}", status=503,
                json={"error": {"code": "SERVER_ERROR"}})
        with pytest.raises(GatewayUnavailable):
            await services.payments.resolve_held(held.id, credit=False, actor="cli:ops")
    assert (await services.payments.get(held.id)).status is TopUpStatus.HELD
    assert [a for a, _ in await _audit(services)] == ["topup.resolve.refund.failed"]


async def test_only_a_held_topup_can_be_resolved(services: Services, kit):
    topup = await kit.topup(services)
    with pytest.raises(TopupNotHeld):
        await services.payments.resolve_held(topup.id, credit=True, actor="cli:ops")
