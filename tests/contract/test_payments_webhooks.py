"""Gateway callbacks on every store: verified on the raw bytes, recorded, credited exactly once.

Payloads are shaped like Razorpay's and Stripe's real ones and signed exactly as each gateway
signs them (``tests/api/gateway_side.py``)."""

from __future__ import annotations

import asyncio
import dataclasses
from pathlib import Path

import pytest
import respx
from httpx import Response

from core.bootstrap import Services
from core.errors import InvalidSignature, StoreUnavailable
from core.events import TopUpCredited
from core.models import EventStatus, OutboxMessage, TopUpStatus, WebhookEvent
from core.services.payments import Outcome
from tests.api.gateway_side import (
    KITS,
    STRIPE_BASE,
    USER,
    RazorpayKit,
    StripeKit,
    payment_settings,
    rzp_event,
    rzp_return_params,
    stripe_session,
)


@pytest.fixture
def settings(tmp_path: Path):
    return payment_settings(tmp_path)


@pytest.fixture(params=KITS, ids=lambda kit: kit.name)
def kit(request: pytest.FixtureRequest):
    return request.param


async def _events(services: Services) -> list[WebhookEvent]:
    return await services.store.read(lambda tx: tx.webhook_events.recent(100))


async def _messages(services: Services, template: str) -> list[OutboxMessage]:
    return [m for m in await services.outbox.recent(100) if m.template == template]


async def _send(services: Services, kit, body: bytes, **sign):
    headers = kit.sign(body, services.clock.now(), **sign)
    return await services.payments.handle_webhook(kit.name, body, headers)


async def test_a_valid_payment_is_credited_and_the_customer_and_staff_are_told(
        services: Services, kit):
    topup = await kit.topup(services, 50_000)
    settled = await _send(services, kit, kit.paid(topup, kit.payment_id()))
    assert settled.outcome is Outcome.CREDITED
    assert settled.topup.status is TopUpStatus.CREDITED
    assert settled.topup.payment_id == kit.payment_id()
    assert await services.wallet.balance(USER) == 50_000
    entry = (await services.wallet.statement(USER)).entries[0]
    assert entry.key == f"{kit.name}:{kit.payment_id()}" and entry.ref == topup.id
    (to_customer,) = await _messages(services, "topup-credited")
    assert to_customer.chat_id == USER and to_customer.params["amount"] == "₹500.00"
    (to_staff,) = await _messages(services, "staff-topup-credited")
    assert to_staff.audience == "staff" and to_staff.params["topup_id"] == topup.id
    (event,) = await _events(services)
    assert event.status is EventStatus.PROCESSED and event.topup_id == topup.id
    assert event.body.startswith("{")  # the raw body is kept


async def test_the_same_event_ten_times_credits_once(services: Services, kit):
    topup = await kit.topup(services)
    body = kit.paid(topup, kit.payment_id())
    outcomes = [(await _send(services, kit, body)).outcome for _ in range(10)]
    assert outcomes == [Outcome.CREDITED] + [Outcome.DUPLICATE] * 9
    at_once = await asyncio.gather(*(_send(services, kit, body) for _ in range(10)))
    assert {s.outcome for s in at_once} == {Outcome.DUPLICATE}
    assert await services.wallet.balance(USER) == 50_000
    assert len(await _events(services)) == 1
    assert len(await _messages(services, "topup-credited")) == 1


async def test_ten_concurrent_first_deliveries_credit_once(services: Services, kit):
    topup = await kit.topup(services)
    body = kit.paid(topup, kit.payment_id())
    results = await asyncio.gather(*(_send(services, kit, body) for _ in range(10)))
    assert [s.outcome for s in results].count(Outcome.CREDITED) == 1
    assert await services.wallet.balance(USER) == 50_000
    assert (await services.wallet.statement(USER)).total_entries == 1


async def test_every_kind_of_paid_event_for_one_payment_credits_once(services: Services, kit):
    topup = await kit.topup(services)
    outcomes = [(await _send(services, kit, kit.paid(topup, kit.payment_id(), kind))).outcome
                for kind in kit.paid_kinds]
    assert outcomes[0] is Outcome.CREDITED
    assert set(outcomes[1:]) == {Outcome.DUPLICATE}
    assert await services.wallet.balance(USER) == 50_000
    assert len(await _events(services)) == len(kit.paid_kinds)


async def test_a_webhook_and_the_return_page_at_the_same_moment_credit_once(
        services: Services, kit):
    topup = await kit.topup(services)
    payment_id = kit.payment_id()
    body = kit.paid(topup, payment_id)
    if isinstance(kit, RazorpayKit):
        params = rzp_return_params(topup, payment_id)
        webhook, back = await asyncio.gather(
            _send(services, kit, body), services.payments.verify_return("razorpay", params))
    else:
        with respx.mock(base_url=STRIPE_BASE) as stripe:
            stripe.get(f"/v1/checkout/sessions/{topup.gateway_ref}").mock(return_value=Response(
                200, json=stripe_session(topup, payment_intent=payment_id)))
            params = {"topup": topup.id, "session_id": topup.gateway_ref}
            webhook, back = await asyncio.gather(
                _send(services, kit, body), services.payments.verify_return("stripe", params))
    assert back.topup.status is TopUpStatus.CREDITED
    outcomes = sorted([webhook.outcome.value, back.outcome.value])
    assert outcomes == ["credited", "duplicate"]  # exactly one of them credited
    assert await services.wallet.balance(USER) == 50_000
    assert (await services.wallet.statement(USER)).total_entries == 1
    assert len(await _messages(services, "topup-credited")) == 1


async def test_one_changed_byte_is_refused_and_nothing_is_stored(services: Services, kit):
    topup = await kit.topup(services)
    body = kit.paid(topup, kit.payment_id())
    headers = kit.sign(body, services.clock.now())
    spot = body.index(b'"amount')
    tampered = body[:spot + 3] + bytes([body[spot + 3] ^ 1]) + body[spot + 4:]
    with pytest.raises(InvalidSignature) as info:
        await services.payments.handle_webhook(kit.name, tampered, headers)
    assert kit.secret not in str(info.value) and "v1=" not in str(info.value)
    with pytest.raises(InvalidSignature):
        await services.payments.handle_webhook(kit.name, body, {})
    assert await _events(services) == []
    assert await services.wallet.balance(USER) == 0
    assert (await services.payments.get(topup.id)).status is TopUpStatus.PENDING


async def test_the_previous_secret_is_still_accepted_and_a_foreign_one_is_not(
        services: Services, kit):
    topup = await kit.topup(services)
    body = kit.paid(topup, kit.payment_id())
    settled = await _send(services, kit, body, secret=kit.previous)
    assert settled.outcome is Outcome.CREDITED
    other = kit.paid(topup, kit.payment_id(2), kit.paid_kinds[1])
    with pytest.raises(InvalidSignature):
        await _send(services, kit, other, secret="whsec_someone_else")


@pytest.mark.parametrize("change", [{"amount": 49_999}, {"currency": "USD"}],
                         ids=["amount", "currency"])
async def test_a_payment_that_does_not_match_is_parked_and_staff_alerted(
        services: Services, kit, change):
    topup = await kit.topup(services)
    settled = await _send(services, kit, kit.paid(topup, kit.payment_id(), **change))
    assert settled.outcome is Outcome.PARKED
    assert await services.wallet.balance(USER) == 0
    held = await services.payments.get(topup.id)
    assert held.status is TopUpStatus.HELD
    assert held.failure == f"{next(iter(change))}-mismatch"
    (alert,) = await _messages(services, "staff-topup-held")
    assert alert.audience == "staff" and alert.params["topup_id"] == topup.id
    assert await _messages(services, "topup-credited") == []
    (event,) = await _events(services)
    assert event.status is EventStatus.PARKED


async def test_an_unknown_event_type_is_recorded_and_ignored(services: Services, kit):
    topup = await kit.topup(services)
    settled = await _send(services, kit, kit.unknown_type(topup))
    assert settled.outcome is Outcome.IGNORED
    (event,) = await _events(services)
    assert event.status is EventStatus.IGNORED
    assert await services.outbox.recent(10) == []
    assert (await services.payments.get(topup.id)).status is TopUpStatus.PENDING


async def test_a_failed_payment_fails_the_topup_and_tells_the_customer(services: Services, kit):
    topup = await kit.topup(services)
    settled = await _send(services, kit, kit.failed(topup, kit.payment_id(9)))
    assert settled.outcome is Outcome.FAILED
    assert (await services.payments.get(topup.id)).status is TopUpStatus.FAILED
    (message,) = await _messages(services, "topup-failed")
    assert message.chat_id == USER
    assert len(await _messages(services, "staff-topup-failed")) == 1


async def test_a_late_failure_never_undoes_a_credit(services: Services, kit):
    topup = await kit.topup(services)
    await _send(services, kit, kit.paid(topup, kit.payment_id()))
    late = await _send(services, kit, kit.failed(topup, kit.payment_id(2)))
    assert late.outcome is Outcome.IGNORED
    assert (await services.payments.get(topup.id)).status is TopUpStatus.CREDITED
    assert await services.wallet.balance(USER) == 50_000
    assert await _messages(services, "topup-failed") == []


async def test_a_payment_after_a_failure_still_credits(services: Services, kit):
    topup = await kit.topup(services)
    await _send(services, kit, kit.failed(topup, kit.payment_id(8)))
    settled = await _send(services, kit, kit.paid(topup, kit.payment_id()))
    assert settled.outcome is Outcome.CREDITED
    assert await services.wallet.balance(USER) == 50_000


async def test_an_event_for_an_unknown_topup_is_kept_unmatched_and_alerted(
        services: Services, kit):
    real = await kit.topup(services)
    ghost = dataclasses.replace(real, id="top_ghost", gateway_ref=real.gateway_ref + "X")
    body = kit.paid(ghost, kit.payment_id(5))
    settled = await _send(services, kit, body)
    assert settled.outcome is Outcome.UNMATCHED
    (event,) = await _events(services)
    assert event.status is EventStatus.UNMATCHED and "top_ghost" in event.body
    (alert,) = await _messages(services, "staff-payment-unmatched")
    assert alert.audience == "staff" and alert.params["payment_id"] == kit.payment_id(5)
    assert await services.wallet.balance(USER) == 0
    again = await _send(services, kit, body)  # the gateway retries the same delivery
    assert again.outcome is Outcome.DUPLICATE
    assert len(await _messages(services, "staff-payment-unmatched")) == 1


async def test_a_store_that_is_down_raises_store_unavailable(services: Services, kit):
    topup = await kit.topup(services)
    body = kit.paid(topup, kit.payment_id())
    await services.store.close()
    with pytest.raises(StoreUnavailable):
        await _send(services, kit, body)


async def test_a_failed_act_keeps_the_record_and_the_retry_credits(services: Services, kit):
    topup = await kit.topup(services)
    calls = []

    async def flaky_hook(tx, credited: TopUpCredited) -> None:
        calls.append(credited.topup_id)
        if len(calls) == 1:
            raise RuntimeError("purchase side blew up")

    services.payments.credited.subscribe(flaky_hook)
    body = kit.paid(topup, kit.payment_id())
    with pytest.raises(RuntimeError):
        await _send(services, kit, body)
    (event,) = await _events(services)
    assert event.status is EventStatus.ERROR and event.error == "RuntimeError"
    assert await services.wallet.balance(USER) == 0
    retried = await _send(services, kit, body)
    assert retried.outcome is Outcome.CREDITED
    assert await services.wallet.balance(USER) == 50_000
    assert (await _events(services))[0].status is EventStatus.PROCESSED


async def test_topup_credited_subscribers_run_in_the_crediting_transaction(services: Services,
                                                                            kit):
    topup = await kit.topup(services)
    seen = []

    async def subscriber(tx, credited: TopUpCredited) -> None:
        stored = await tx.topups.get(credited.topup_id)
        seen.append((credited, stored.status, await tx.ledger.balance(credited.user_id)))

    services.payments.credited.subscribe(subscriber)
    await _send(services, kit, kit.paid(topup, kit.payment_id()))
    await _send(services, kit, kit.paid(topup, kit.payment_id(), kit.paid_kinds[1]))
    assert seen == [(TopUpCredited(topup.id, USER, 50_000, "INR", None), TopUpStatus.CREDITED,
                     50_000)]


# --- gateway specifics -----------------------------------------------------------------------


@pytest.mark.parametrize("skew", [-301, 301])
async def test_a_stripe_timestamp_301_seconds_off_either_way_is_refused(services: Services,
                                                                          skew: int):
    kit = StripeKit()
    topup = await kit.topup(services)
    body = kit.paid(topup, kit.payment_id())
    with pytest.raises(InvalidSignature):
        await _send(services, kit, body, skew=skew)
    assert await _events(services) == []
    settled = await _send(services, kit, body, skew=300 if skew > 0 else -300)
    assert settled.outcome is Outcome.CREDITED


async def test_a_completed_but_unpaid_stripe_session_waits_for_async_success(
        services: Services):
    kit = StripeKit()
    topup = await kit.topup(services)
    waiting = await _send(services, kit, kit.paid(topup, kit.payment_id(),
                                                  payment_status="unpaid"))
    assert waiting.outcome is Outcome.IGNORED
    assert (await services.payments.get(topup.id)).status is TopUpStatus.PENDING
    paid = await _send(services, kit, kit.paid(
        topup, kit.payment_id(), "checkout.session.async_payment_succeeded"))
    assert paid.outcome is Outcome.CREDITED


async def test_a_razorpay_delivery_without_event_id_is_deduplicated_by_its_body(
        services: Services):
    kit = RazorpayKit()
    topup = await kit.topup(services)
    body = kit.paid(topup, kit.payment_id())
    headers = {k: v for k, v in kit.sign(body, services.clock.now()).items()
               if k != "X-Razorpay-Event-Id"}
    first = await services.payments.handle_webhook("razorpay", body, headers)
    second = await services.payments.handle_webhook("razorpay", body, headers)
    assert (first.outcome, second.outcome) == (Outcome.CREDITED, Outcome.DUPLICATE)


async def test_a_razorpay_payment_reported_for_another_gateways_topup_is_parked(
        services: Services):
    stripe_topup = await StripeKit().topup(services)
    kit = RazorpayKit()
    body = rzp_event("order.paid", {
        "payment": {"id": "pay_Cross", "entity": "payment", "amount": stripe_topup.amount,
                    "currency": "INR", "status": "captured", "notes": []},
        "order": {"id": "order_Cross", "entity": "order", "amount": stripe_topup.amount,
                  "status": "paid", "notes": {"topup_id": stripe_topup.id}}})
    settled = await _send(services, kit, body)
    assert settled.outcome is Outcome.PARKED
    assert await services.wallet.balance(USER) == 0


async def test_a_payment_naming_our_topup_but_another_checkout_is_parked(services: Services):
    kit = StripeKit()
    ours = await kit.topup(services)
    other = await kit.topup(services, 1_000)
    forged = dataclasses.replace(ours, gateway_ref=other.gateway_ref)  # metadata says "ours"
    settled = await _send(services, kit, kit.paid(forged, kit.payment_id()))
    assert settled.outcome is Outcome.PARKED
    assert (await services.payments.get(ours.id)).failure == "reference-mismatch"
    assert await services.wallet.balance(USER) == 0
