"""Refunding top-ups to their source on every store: debit first, audited, never half-written."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import parse_qs

import httpx
import pytest
import requests
import responses
import respx
from httpx import Response

from core.bootstrap import Services
from core.errors import GatewayRejected, GatewayUnavailable, TopupNotFound, TopupNotRefundable
from core.models import TopUp, TopUpStatus
from tests.api.gateway_side import (
    RAZORPAY_BASE,
    STRIPE_BASE,
    USER,
    RazorpayKit,
    StripeKit,
    payment_settings,
)


@pytest.fixture
def settings(tmp_path: Path):
    return payment_settings(tmp_path)


async def _credited(services: Services, kit, amount: int = 50_000) -> TopUp:
    topup = await kit.topup(services, amount)
    body = kit.paid(topup, kit.payment_id())
    await services.payments.handle_webhook(kit.name, body, kit.sign(body, services.clock.now()))
    return await services.payments.get(topup.id)


def _rzp_payment(payment_id: str, refunded: int = 0) -> dict:
    return {"id": payment_id, "entity": "payment", "amount": 50_000, "currency": "INR",
            "status": "captured", "amount_refunded": refunded,
            "refund_status": "full" if refunded else None, "captured": True}


def _rzp_refund(payment_id: str, refund_id: str = "rfnd_FP8QHiV938haTz") -> dict:
    return {"id": refund_id, "entity": "refund", "amount": 50_000, "currency": "INR",
            "payment_id": payment_id, "notes": {}, "receipt": None, "status": "processed",
            "speed_processed": "normal", "speed_requested": "normal", "created_at": 1767226000}


async def _audit_actions(services: Services) -> list[str]:
    return [e.action for e in await services.audit.latest(20, "topup.")]


async def test_a_razorpay_refund_debits_the_wallet_and_refunds_the_payment(services: Services):
    kit = RazorpayKit()
    topup = await _credited(services, kit)
    pay = topup.payment_id
    with responses.RequestsMock() as api:
        api.get(f"{RAZORPAY_BASE}/v1/payments/{pay}", json=_rzp_payment(pay))
        refund_call = api.post(f"{RAZORPAY_BASE}/v1/payments/{pay}/refund",
                               json=_rzp_refund(pay))
        refund = await services.payments.refund_topup(topup.id, actor="admin:1")
        sent = json.loads(refund_call.calls[0].request.body)
    assert sent["amount"] == 50_000 and sent["notes"]["topup_id"] == topup.id
    assert refund.topup.status is TopUpStatus.REFUNDED
    assert refund.result.ref == refund.topup.refund_ref == "rfnd_FP8QHiV938haTz"
    assert await services.wallet.balance(USER) == 0
    debit = (await services.wallet.statement(USER)).entries[0]
    assert (debit.key, debit.amount) == (f"refund:{topup.id}", -50_000)
    assert await _audit_actions(services) == ["topup.refund", "topup.refund.start"]
    templates = {m.template for m in await services.outbox.recent(20)}
    assert {"topup-refunded", "staff-topup-refunded"} <= templates


async def test_a_stripe_refund_goes_to_the_payment_intent(services: Services):
    kit = StripeKit()
    topup = await _credited(services, kit)
    with respx.mock(base_url=STRIPE_BASE) as api:
        route = api.post("/v1/refunds").mock(return_value=Response(200, json={
            "id": "re_3Q1", "object": "refund", "amount": 50_000, "currency": "inr",
            "payment_intent": topup.payment_id, "status": "succeeded"}))
        refund = await services.payments.refund_topup(topup.id, actor="admin:1")
    form = {k: v[0] for k, v in parse_qs(route.calls.last.request.content.decode()).items()}
    assert form["payment_intent"] == topup.payment_id
    assert route.calls.last.request.headers["Idempotency-Key"] == f"refund-{topup.id}-0"
    assert refund.topup.status is TopUpStatus.REFUNDED and refund.result.ref == "re_3Q1"
    assert await services.wallet.balance(USER) == 0


async def test_a_refund_the_balance_no_longer_covers_is_refused_and_changes_nothing(
        services: Services):
    kit = RazorpayKit()
    topup = await _credited(services, kit)
    await services.wallet.debit(USER, 20_000, key="order:1", reason="purchase")
    with responses.RequestsMock() as api:  # no gateway call is allowed
        with pytest.raises(TopupNotRefundable) as info:
            await services.payments.refund_topup(topup.id, actor="admin:1")
        assert len(api.calls) == 0
    assert info.value.params["reason"] == "balance"
    assert "₹300.00" in str(info.value) and "₹500.00" in str(info.value)
    assert await services.wallet.balance(USER) == 30_000
    assert (await services.payments.get(topup.id)).status is TopUpStatus.CREDITED
    assert await _audit_actions(services) == []


async def test_a_refund_the_gateway_refuses_is_credited_back_and_can_be_tried_again(
        services: Services):
    kit = StripeKit()
    topup = await _credited(services, kit)
    refused = {"error": {"type": "invalid_request_error", "code": "charge_disputed",
                         "message": "This charge is disputed."}}
    with respx.mock(base_url=STRIPE_BASE) as api:
        api.post("/v1/refunds").mock(return_value=Response(400, json=refused))
        with pytest.raises(GatewayRejected):
            await services.payments.refund_topup(topup.id, actor="admin:1")
    after = await services.payments.get(topup.id)
    assert after.status is TopUpStatus.CREDITED and after.refund_attempts == 1
    assert await services.wallet.balance(USER) == 50_000
    keys = [e.key for e in (await services.wallet.statement(USER)).entries]
    assert keys[:2] == [f"refund-reversal:{topup.id}:0", f"refund:{topup.id}"]
    with respx.mock(base_url=STRIPE_BASE) as api:
        route = api.post("/v1/refunds").mock(return_value=Response(200, json={
            "id": "re_2", "object": "refund", "status": "succeeded"}))
        refund = await services.payments.refund_topup(topup.id, actor="admin:1")
    assert route.calls.last.request.headers["Idempotency-Key"] == f"refund-{topup.id}-1"
    assert refund.topup.status is TopUpStatus.REFUNDED
    assert await services.wallet.balance(USER) == 0
    assert (await services.wallet.statement(USER)).entries[0].key == f"refund:{topup.id}:1"
    assert await services.wallet.find_mismatches() == []


async def test_a_refund_with_an_unknown_outcome_keeps_the_debit_and_is_confirmed_later(
        services: Services):
    kit = RazorpayKit()
    topup = await _credited(services, kit)
    pay = topup.payment_id
    with responses.RequestsMock() as api:
        api.get(f"{RAZORPAY_BASE}/v1/payments/{pay}", json=_rzp_payment(pay))
        api.post(f"{RAZORPAY_BASE}/v1/payments/{pay}/refund",
                 body=requests.ConnectionError("reset by peer"))
        with pytest.raises(GatewayUnavailable):
            await services.payments.refund_topup(topup.id, actor="admin:1")
    assert (await services.payments.get(topup.id)).status is TopUpStatus.REFUNDING
    assert await services.wallet.balance(USER) == 0
    staff = [m.template for m in await services.outbox.recent(5) if m.audience == "staff"]
    assert staff[0] == "staff-refund-unconfirmed"
    # The refund did go through at Razorpay: the retry finds it instead of refunding twice.
    with responses.RequestsMock() as api:
        api.get(f"{RAZORPAY_BASE}/v1/payments/{pay}", json=_rzp_payment(pay, refunded=50_000))
        api.get(f"{RAZORPAY_BASE}/v1/payments/{pay}/refunds", json={
            "entity": "collection", "count": 1, "items": [_rzp_refund(pay, "rfnd_Late")]})
        refund = await services.payments.refund_topup(topup.id, actor="admin:1")
    assert refund.topup.status is TopUpStatus.REFUNDED and refund.result.ref == "rfnd_Late"
    assert await services.wallet.balance(USER) == 0
    assert (await services.wallet.statement(USER)).total_entries == 2


async def test_stripe_unreachable_during_a_refund_leaves_it_refunding(services: Services):
    kit = StripeKit()
    topup = await _credited(services, kit)
    with respx.mock(base_url=STRIPE_BASE) as api:
        api.post("/v1/refunds").mock(side_effect=httpx.ConnectTimeout("timed out"))
        with pytest.raises(GatewayUnavailable):
            await services.payments.refund_topup(topup.id, actor="admin:1")
    assert (await services.payments.get(topup.id)).status is TopUpStatus.REFUNDING
    assert "topup.refund.unknown" in await _audit_actions(services)


async def test_a_stars_refund_returns_the_bot_call_and_can_be_reversed(services: Services):
    await services.users.register(USER, first_name="S")
    checkout = await services.payments.create_topup(USER, 5_000, "stars")
    await services.payments.credit_stars_payment(checkout.topup.id, "stxChargeA1", 50)
    refund = await services.payments.refund_topup(checkout.topup.id, actor="admin:1")
    call = refund.result.bot_call
    assert call.method == "refundStarPayment"
    assert call.params == {"user_id": USER, "telegram_payment_charge_id": "stxChargeA1"}
    assert await services.wallet.balance(USER) == 0
    reversed_ = await services.payments.reverse_refund(checkout.topup.id, actor="admin:1",
                                                       reason="bot call failed")
    assert reversed_.status is TopUpStatus.CREDITED
    assert await services.wallet.balance(USER) == 5_000
    with pytest.raises(TopupNotRefundable):
        await services.payments.reverse_refund(checkout.topup.id, actor="admin:1",
                                               reason="twice")
    assert await services.wallet.balance(USER) == 5_000


async def test_only_credited_topups_can_be_refunded(services: Services):
    await services.users.register(USER, first_name="S")
    pending = (await services.payments.create_topup(USER, 5_000, "stars")).topup
    with pytest.raises(TopupNotRefundable) as info:
        await services.payments.refund_topup(pending.id, actor="admin:1")
    assert info.value.params["reason"] == "not-credited"
    assert await services.wallet.balance(USER) == 0


async def test_a_reversal_is_audited_with_its_reason_cut_and_no_detail(services: Services):
    await services.users.register(USER, first_name="S")
    checkout = await services.payments.create_topup(USER, 5_000, "stars")
    await services.payments.credit_stars_payment(checkout.topup.id, "stxChargeB2", 50)
    await services.payments.refund_topup(checkout.topup.id, actor="admin:1")
    reason = "refundStarPayment failed: " + "CHARGE_NOT_FOUND " * 6
    await services.payments.reverse_refund(checkout.topup.id, actor="admin:7", reason=reason)
    entry = (await services.audit.latest(1, "topup.refund.reversed"))[0]
    assert (entry.actor, entry.target) == ("admin:7", checkout.topup.id)
    assert entry.details == {"reason": reason[:60], "detail": ""}


async def test_reversing_an_unknown_topup_names_it_cut_to_forty_characters(services: Services):
    long_id = "tp_" + "9" * 97
    with pytest.raises(TopupNotFound) as info:
        await services.payments.reverse_refund(long_id, actor="admin:1", reason="typo")
    assert info.value.params["topup_id"] == long_id[:40]
    assert str(info.value) == f"no top-up {long_id[:40]}"
    assert await services.audit.latest(5, "topup.") == []


async def test_a_refused_razorpay_refund_audits_the_gateway_words_cut_to_120(
        services: Services):
    kit = RazorpayKit()
    topup = await _credited(services, kit)
    pay = topup.payment_id
    words = ("The refund amount provided is greater than the amount captured "
             "for this payment, please check the amount and try again later.") * 2
    with responses.RequestsMock() as api:
        api.get(f"{RAZORPAY_BASE}/v1/payments/{pay}", json=_rzp_payment(pay))
        api.post(f"{RAZORPAY_BASE}/v1/payments/{pay}/refund", status=400, json={
            "error": {"code": "BAD_REQUEST_ERROR", "description": words,
                      "source": "business", "step": "payment_initiation",
                      "reason": "input_validation_failed", "metadata": {}}})
        with pytest.raises(GatewayRejected):
            await services.payments.refund_topup(topup.id, actor="admin:1")
    assert await services.wallet.balance(USER) == 50_000
    entry = (await services.audit.latest(1, "topup.refund.reversed"))[0]
    assert len(words) > 120 and entry.details["detail"] == words[:120]
