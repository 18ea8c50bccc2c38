"""Settling on every store at the edges the main flows do not reach: refunds of one minor unit,
of nothing or beyond the payment, refunds the shop made itself, callbacks that name no payment
or no top-up, and the placeholders staff see for what a payload left out. Payloads are shaped
and signed as Razorpay and Stripe send them (``tests/api/gateway_side.py``)."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from datetime import timedelta
from pathlib import Path

import pytest

from core.bootstrap import Services
from core.errors import BadPayload, GatewayDisabled
from core.models import Delivery, EventStatus, OutboxMessage, TopUp, TopUpStatus, WebhookEvent
from core.services.payments import Outcome
from tests.api.gateway_side import (
    USER,
    RazorpayKit,
    StripeKit,
    payment_settings,
    razorpay_headers,
    rzp_dispute_event,
    rzp_event,
    rzp_refund,
    rzp_refund_event,
    stripe_charge,
    stripe_object_event,
)
from tests.contract.test_purchase_support import make_product

RZP = RazorpayKit()


@pytest.fixture
def settings(tmp_path: Path):
    return payment_settings(tmp_path)


async def _send(services: Services, body: bytes, kit=RZP):
    return await services.payments.handle_webhook(kit.name, body,
                                                  kit.sign(body, services.clock.now()))


async def _credited(services: Services, amount: int = 50_000, n: int = 1, kit=RZP) -> TopUp:
    topup = await kit.topup(services, amount)
    settled = await _send(services, kit.paid(topup, kit.payment_id(n)), kit)
    assert settled.outcome is Outcome.CREDITED
    return await services.payments.get(topup.id)


async def _messages(services: Services, template: str) -> list[OutboxMessage]:
    return [m for m in await services.outbox.recent(200) if m.template == template]


async def _event(services: Services, key: str) -> WebhookEvent:
    events = await services.store.read(lambda tx: tx.webhook_events.recent(100))
    (found,) = [e for e in events if e.key == key]
    return found


# --- refund amounts --------------------------------------------------------------------------


async def test_a_refund_of_one_minor_unit_takes_exactly_one(services: Services):
    topup = await _credited(services)
    settled = await _send(services, rzp_refund_event(topup, topup.payment_id, "rfnd_One00001", 1))
    assert settled.outcome is Outcome.REFUNDED
    assert await services.wallet.balance(USER) == 49_999
    assert (await services.payments.get(topup.id)).refunded_amount == 1
    (told,) = await _messages(services, "topup-reversed")
    assert (told.params["amount"], told.params["balance"]) == ("₹0.01", "₹499.99")


async def test_a_refund_of_nothing_or_of_no_stated_amount_is_ignored(services: Services):
    topup = await _credited(services)
    zero = await _send(services, rzp_refund_event(topup, topup.payment_id, "rfnd_Zero0001", 0))
    refund = rzp_refund(topup.payment_id, "rfnd_None0001", 1)
    del refund["amount"]
    unstated = await _send(services, rzp_event("refund.processed", {"refund": refund}))
    for settled in (zero, unstated):
        assert (settled.outcome, settled.reason) == (Outcome.IGNORED, "refund-without-amount")
        assert (await _event(services, settled.event_key)).status is EventStatus.IGNORED
    assert await services.wallet.balance(USER) == 50_000
    assert (await services.payments.get(topup.id)).status is TopUpStatus.CREDITED


async def test_a_full_refund_of_unspent_money_leaves_no_debt(services: Services):
    topup = await _credited(services)
    await _send(services, rzp_refund_event(topup, topup.payment_id, "rfnd_Full0001", 50_000))
    assert await services.wallet.balance(USER) == 0
    assert await _messages(services, "topup-reversed-debt") == []
    (told,) = await _messages(services, "topup-reversed")
    assert told.params["balance"] == "₹0.00"


async def test_refunds_beyond_the_payment_take_nothing_more(services: Services):
    topup = await _credited(services)
    await _send(services, rzp_refund_event(topup, topup.payment_id, "rfnd_Most0001", 45_000))
    capped = await _send(services, rzp_refund_event(topup, topup.payment_id, "rfnd_Rest0001",
                                                    9_000))
    assert capped.outcome is Outcome.REFUNDED
    assert await services.wallet.balance(USER) == 0  # 5 000 of the 9 000 were left to take
    beyond = await _send(services, rzp_refund_event(topup, topup.payment_id, "rfnd_More0001",
                                                    1_000))
    assert (beyond.outcome, beyond.reason) == (Outcome.DUPLICATE, "refund-already-applied")
    assert await services.wallet.balance(USER) == 0
    assert (await services.payments.get(topup.id)).refunded_amount == 50_000


async def test_a_stripe_total_delivered_again_under_a_new_event_id_takes_nothing(
        services: Services):
    kit = StripeKit()
    topup = await _credited(services, kit=kit)
    charge = stripe_charge(topup.payment_id, topup.gateway_amount, refunded=20_000)
    first = await _send(services, stripe_object_event("charge.refunded", charge), kit)
    again = await _send(services, stripe_object_event("charge.refunded", charge), kit)
    assert first.outcome is Outcome.REFUNDED
    assert (again.outcome, again.reason) == (Outcome.DUPLICATE, "refund-already-applied")
    assert await services.wallet.balance(USER) == 30_000


async def test_a_long_stripe_refund_reference_is_kept_to_100_characters(services: Services):
    kit = StripeKit()
    topup = await _credited(services, kit=kit)
    charge = stripe_charge(topup.payment_id, topup.gateway_amount, refunded=50_000,
                           charge_id="ch_" + "L" * 97)
    assert (await _send(services, stripe_object_event("charge.refunded", charge), kit)).outcome \
        is Outcome.REFUNDED
    stored = await services.payments.get(topup.id)
    assert stored.refund_ref == "ch_" + "L" * 97


async def test_the_gateways_report_of_a_refund_the_shop_finished_takes_nothing(
        services: Services):
    topup = await _credited(services)
    # The shop's own refund debited the wallet and finished: refunded, nothing taken at the
    # gateway's word (refunded_amount stays 0).
    await services.wallet.debit(USER, 50_000, key=f"refund:{topup.id}", reason="refund")
    await services.store.transaction(lambda tx: tx.topups.update(
        dataclasses.replace(topup, status=TopUpStatus.REFUNDED, refund_ref="rfnd_Shop0001"),
        TopUpStatus.CREDITED))
    settled = await _send(services, rzp_refund_event(topup, topup.payment_id, "rfnd_Shop0001",
                                                    50_000))
    assert (settled.outcome, settled.reason) == (Outcome.IGNORED, "refund-by-shop")
    assert await services.wallet.balance(USER) == 0


async def test_a_refund_that_waited_for_its_capture_records_how_it_was_applied(
        services: Services):
    topup = await RZP.topup(services)
    early = await _send(services, rzp_refund_event(topup, RZP.payment_id(), "rfnd_Wait0001",
                                                   20_000))
    assert early.outcome is Outcome.PARKED
    await _send(services, RZP.paid(topup, RZP.payment_id()))
    applied = await _event(services, early.event_key)
    assert applied.outcome == "applied-after-capture:refunded"
    assert await services.wallet.balance(USER) == 30_000


# --- refunds naming no top-up ----------------------------------------------------------------


async def test_refund_events_that_match_no_topup(services: Services):
    refund = rzp_refund("pay_QUnknown00001", "rfnd_Lost0001", 1_000)
    failed = rzp_refund("pay_QUnknown00001", "rfnd_Lost0002", 1_000, status="failed")
    nameless = {**rzp_refund("", "rfnd_Lost0003", 1_000), "payment_id": None}
    waits = await _send(services, rzp_event("refund.processed", {"refund": refund}))
    lost = await _send(services, rzp_event("refund.failed", {"refund": failed}))
    unnamed = await _send(services, rzp_event("refund.processed", {"refund": nameless}))
    assert waits.outcome is Outcome.PARKED  # its capture may still come
    assert (lost.outcome, unnamed.outcome) == (Outcome.UNMATCHED, Outcome.UNMATCHED)
    alerts = await _messages(services, "staff-payment-unmatched")
    assert sorted(a.params["payment_id"] for a in alerts) == ["-", "pay_QUnknown00001"]
    assert sorted(a.params["paid"] for a in alerts) == ["₹10.00", "₹10.00"]


# --- what staff are shown --------------------------------------------------------------------


async def test_a_payment_naming_nothing_is_alerted_with_placeholders(services: Services):
    body = rzp_event("payment.captured", {"payment": {"entity": "payment", "status": "captured",
                                                      "currency": "INR", "notes": []}})
    assert (await _send(services, body)).outcome is Outcome.UNMATCHED
    odd = rzp_event("payment.captured", {"payment": {"id": "pay_QOddCurrency1",
                                                     "amount": 500, "currency": "ZZZ"}})
    assert (await _send(services, odd)).outcome is Outcome.UNMATCHED
    alerts = {a.params["payment_id"]: a.params["paid"]
              for a in await _messages(services, "staff-payment-unmatched")}
    assert alerts == {"-": "?", "pay_QOddCurrency1": "?"}


async def test_a_dispute_naming_nothing_is_alerted_with_placeholders(services: Services):
    body = rzp_event("payment.dispute.", {"dispute": {"entity": "dispute", "amount": 2_500,
                                                      "currency": "INR"}})
    settled = await _send(services, body)
    assert settled.outcome is Outcome.DISPUTED and settled.topup is None
    (alert,) = await _messages(services, "staff-payment-disputed")
    assert {k: alert.params[k] for k in ("payment_id", "dispute", "status", "user_id",
                                         "topup_id", "orders", "paid")} == \
        {"payment_id": "-", "dispute": "-", "status": "-", "user_id": "-", "topup_id": "-",
         "orders": "-", "paid": "₹25.00"}


async def test_two_disputes_of_one_payment_are_two_alerts(services: Services):
    topup = await _credited(services)
    for dispute_id in ("disp_QFirst000001", "disp_QSecond00001"):
        assert (await _send(services, rzp_dispute_event(topup, topup.payment_id, dispute_id))
                ).outcome is Outcome.DISPUTED
    alerts = await _messages(services, "staff-payment-disputed")
    assert sorted(a.params["dispute"] for a in alerts) == ["disp_QFirst000001",
                                                           "disp_QSecond00001"]


async def test_every_extra_payment_of_a_settled_topup_is_its_own_alert(services: Services):
    topup = await _credited(services)
    for n in (2, 3):
        settled = await _send(services, RZP.paid(topup, RZP.payment_id(n)))
        assert (settled.outcome, settled.reason) == (Outcome.PARKED, "second-payment")
    held = await _messages(services, "staff-topup-held")
    assert sorted(a.params["payment_id"] for a in held) == [RZP.payment_id(2),
                                                            RZP.payment_id(3)]
    assert await services.wallet.balance(USER) == 50_000


async def test_a_held_topup_keeps_its_first_reason_and_a_nameless_payment_is_held(
        services: Services):
    topup = await RZP.topup(services)
    wrong = await _send(services, RZP.paid(topup, RZP.payment_id(1), amount=1_000))
    assert (wrong.outcome, wrong.reason) == (Outcome.PARKED, "amount-mismatch")
    right = await _send(services, RZP.paid(topup, RZP.payment_id(2)))
    assert (right.outcome, right.reason) == (Outcome.PARKED, "amount-mismatch")
    assert (await services.payments.get(topup.id)).status is TopUpStatus.HELD

    other = await RZP.topup(services)
    payment = json.loads(RZP.paid(other, RZP.payment_id(3)))
    del payment["payload"]["payment"]["entity"]["id"]
    body = json.dumps(payment).encode()
    nameless = await services.payments.handle_webhook("razorpay", body,
                                                      razorpay_headers(body, "evt_QNameless01"))
    assert (nameless.outcome, nameless.reason) == (Outcome.PARKED, "missing-payment-id")
    alert = next(a for a in await _messages(services, "staff-topup-held")
                 if a.params["topup_id"] == other.id)
    assert alert.params["payment_id"] == "-" and alert.params["reason"] == "missing-payment-id"
    assert await services.wallet.balance(USER) == 0


# --- failures, staff credits, long histories -------------------------------------------------


async def test_a_failure_after_a_credit_or_after_a_failure_is_ignored_with_its_reason(
        services: Services):
    credited = await _credited(services)
    late = await _send(services, RZP.failed(credited, RZP.payment_id(2)))
    assert (late.outcome, late.reason) == (Outcome.IGNORED, "late-failure")
    failed = await RZP.topup(services)
    first = await _send(services, RZP.failed(failed, RZP.payment_id(3)))
    again = await _send(services, RZP.failed(failed, RZP.payment_id(4)))
    assert first.outcome is Outcome.FAILED
    assert (again.outcome, again.reason) == (Outcome.IGNORED, "already-failed")
    assert await services.wallet.balance(USER) == 50_000


async def test_a_held_payment_credited_by_staff_is_not_taken_back_as_a_refund(
        services: Services):
    topup = await RZP.topup(services)
    held = await _send(services, RZP.paid(topup, RZP.payment_id(1), amount=30_000))
    assert (held.outcome, held.reason) == (Outcome.PARKED, "amount-mismatch")
    credited, _ = await services.payments.resolve_held(topup.id, credit=True, actor="staff:1")
    assert credited.status is TopUpStatus.CREDITED and credited.amount == 30_000
    assert await services.wallet.balance(USER) == 30_000
    assert (await _event(services, held.event_key)).status is EventStatus.PARKED


async def test_a_dispute_alert_lists_at_most_the_fifty_newest_orders(services: Services):
    topup = await _credited(services)
    product = await make_product(services, price=100, delivery=Delivery.MANUAL)
    first = (await services.purchases.purchase(USER, product.id, intent_id="o-0")).order
    later = [dataclasses.replace(first, id=f"ord_Q{n:04d}", intent_id=f"o-{n}",
                                 created_at=first.created_at + timedelta(seconds=n),
                                 updated_at=first.created_at + timedelta(seconds=n))
             for n in range(1, 51)]

    async def insert(tx) -> None:
        for order in later:
            await tx.orders.insert(order)

    await services.store.transaction(insert)
    await _send(services, RZP.disputed(topup, topup.payment_id))
    (alert,) = await _messages(services, "staff-payment-disputed")
    listed = [part.split(" ")[0] for part in alert.params["orders"].split(", ")]
    assert listed == [o.id for o in later]  # the oldest, 51st, is left out


# --- the intake's own records and errors -----------------------------------------------------


async def test_an_unknown_gateway_is_named_to_twenty_characters(services: Services):
    with pytest.raises(GatewayDisabled) as info:
        await services.payments.handle_webhook("g" * 30, b"{}", {})
    assert str(info.value) == f"no webhook secret for gateway {'g' * 20!r}"


async def test_a_signed_unreadable_body_is_kept_under_its_digest(services: Services):
    body = b"not json at all"
    with pytest.raises(BadPayload):
        await _send(services, body)
    events = await services.store.read(lambda tx: tx.webhook_events.recent(10))
    digest = hashlib.sha256(body).hexdigest()[:40]
    assert [(e.key, e.event_id) for e in events] == [(f"razorpay:sha256-{digest}",
                                                      f"sha256-{digest}")]
