"""Telegram Stars top-ups on every store: the core side of an XTR invoice."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from core.bootstrap import Services
from core.models import EventStatus, TopUpStatus
from core.services.payments import Outcome
from tests.api.gateway_side import USER, payment_settings


@pytest.fixture
def settings(tmp_path: Path):
    return payment_settings(tmp_path, stars_rate=250)  # ₹2.50 per star


@pytest.fixture
async def invoice(services: Services):
    await services.users.register(USER, first_name="Star")
    return (await services.payments.create_topup(USER, 10_000, "stars")).invoice


async def test_the_invoice_is_in_whole_stars_at_the_configured_rate(invoice):
    assert (invoice.currency, invoice.amount) == ("XTR", 40)
    assert invoice.params["amount"] == "₹100.00"


async def test_pre_checkout_accepts_the_invoice_as_issued(services: Services, invoice):
    assert await services.payments.validate_pre_checkout(invoice.payload, "XTR", 40) is None


@pytest.mark.parametrize("payload,currency,total,code", [
    ("top_nope", "XTR", 40, "topup-not-found"),
    (None, "XTR", 39, "topup-amount-mismatch"),
    (None, "USD", 40, "topup-amount-mismatch"),
])
async def test_pre_checkout_refuses_what_does_not_match(services: Services, invoice, payload,
                                                        currency, total, code):
    answer = await services.payments.validate_pre_checkout(payload or invoice.payload,
                                                           currency, total)
    assert answer == code


async def test_pre_checkout_refuses_a_paid_or_expired_invoice(services: Services, invoice,
                                                              clock):
    await services.payments.credit_stars_payment(invoice.payload, "chg_paid", 40)
    paid = await services.payments.validate_pre_checkout(invoice.payload, "XTR", 40)
    assert paid == "topup-not-payable"
    other = (await services.payments.create_topup(USER, 500, "stars")).invoice
    clock.advance(minutes=61)
    expired = await services.payments.validate_pre_checkout(other.payload, "XTR", other.amount)
    assert expired == "topup-expired"


async def test_a_successful_payment_credits_once_with_the_charge_id_as_key(
        services: Services, invoice):
    first = await services.payments.credit_stars_payment(invoice.payload, "stxAbC123", 40)
    again = await services.payments.credit_stars_payment(invoice.payload, "stxAbC123", 40)
    assert (first.outcome, again.outcome) == (Outcome.CREDITED, Outcome.DUPLICATE)
    assert first.topup.status is TopUpStatus.CREDITED
    assert await services.wallet.balance(USER) == 10_000
    (entry,) = (await services.wallet.statement(USER)).entries
    assert entry.key == "stars:stxAbC123"
    events = await services.store.read(lambda tx: tx.webhook_events.recent(5))
    assert [e.key for e in events] == ["stars:stxAbC123"]


async def test_a_payment_of_the_wrong_amount_is_parked_for_staff(services: Services, invoice):
    settled = await services.payments.credit_stars_payment(invoice.payload, "stxWrong", 4)
    assert settled.outcome is Outcome.PARKED
    assert await services.wallet.balance(USER) == 0
    alerts = [m for m in await services.outbox.recent(10) if m.template == "staff-topup-held"]
    assert len(alerts) == 1 and alerts[0].params["reason"] == "amount-mismatch"


async def test_a_payment_for_an_unknown_payload_is_unmatched_and_alerted(services: Services):
    settled = await services.payments.credit_stars_payment("top_unknown", "stxLost", 40)
    assert settled.outcome is Outcome.UNMATCHED
    (event,) = await services.store.read(lambda tx: tx.webhook_events.recent(5))
    assert event.status is EventStatus.UNMATCHED
    assert [m.template for m in await services.outbox.recent(5)] == ["staff-payment-unmatched"]


async def test_a_stale_invoice_paid_anyway_is_still_credited(services: Services, invoice,
                                                             clock):
    clock.advance(minutes=90)
    report = await services.payments.reconcile_pending(timedelta(minutes=15))
    assert report.failed == 1
    settled = await services.payments.credit_stars_payment(invoice.payload, "stxLate", 40)
    assert settled.outcome is Outcome.CREDITED
    assert await services.wallet.balance(USER) == 10_000
