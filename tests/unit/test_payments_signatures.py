"""Callback signatures and payload parsing, without a store."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fluent.syntax import FluentParser, ast

from core.errors import BadPayload, InvalidSignature
from core.services.payments import PaymentsConfig
from core.services.payments.events import parse_razorpay, parse_stripe
from core.services.payments.models import Action
from core.services.payments.signatures import (
    verify_hmac_hex,
    verify_payment_link_return,
    verify_stripe,
)
from tests.api.gateway_side import (
    RAZORPAY_KEY_SECRET,
    RAZORPAY_WEBHOOK_SECRET,
    STRIPE_WEBHOOK_SECRET,
    payment_settings,
    razorpay_signature,
    stripe_signature,
)

NOW = datetime(2026, 1, 1, tzinfo=UTC)
BODY = b'{"event":"payment.captured","payload":{}}'
LOCALES = Path(__file__).resolve().parents[2] / "locales"


def test_a_razorpay_signature_verifies_with_any_configured_secret():
    verify_hmac_hex(BODY, razorpay_signature(BODY), [RAZORPAY_WEBHOOK_SECRET])
    verify_hmac_hex(BODY, razorpay_signature(BODY, "old"), ["new", "old"])


@pytest.mark.parametrize("signature", ["", None, "00" * 32, "é" * 64, "x" * 5000])
def test_a_wrong_or_malformed_razorpay_signature_is_refused(signature):
    with pytest.raises(InvalidSignature):
        verify_hmac_hex(BODY, signature, [RAZORPAY_WEBHOOK_SECRET])


def test_no_configured_secret_verifies_nothing():
    with pytest.raises(InvalidSignature):
        verify_hmac_hex(BODY, razorpay_signature(BODY, ""), [])


def test_a_stripe_header_with_several_v1_signatures_verifies_if_one_matches():
    ts = int(NOW.timestamp())
    good = stripe_signature(BODY, ts).split(",")[1]
    header = f"t={ts},v1={'ab' * 32},{good}"
    verify_stripe(BODY, header, [STRIPE_WEBHOOK_SECRET], NOW)


@pytest.mark.parametrize("header", [
    "", "t=abc,v1=00", "v1=00", f"t={int(NOW.timestamp())}", "garbage",
    f"t=١٢٣,v1={'0' * 64}",
])
def test_a_malformed_stripe_header_is_refused(header):
    with pytest.raises(InvalidSignature):
        verify_stripe(BODY, header, [STRIPE_WEBHOOK_SECRET], NOW)


@pytest.mark.parametrize("skew,ok", [(-301, False), (-300, True), (0, True), (300, True),
                                     (301, False)])
def test_the_stripe_tolerance_is_300_seconds_both_ways(skew, ok):
    header = stripe_signature(BODY, int(NOW.timestamp()) + skew)
    if ok:
        verify_stripe(BODY, header, [STRIPE_WEBHOOK_SECRET], NOW)
    else:
        with pytest.raises(InvalidSignature):
            verify_stripe(BODY, header, [STRIPE_WEBHOOK_SECRET], NOW)


def test_the_razorpay_return_redirect_signature_is_checked_with_the_key_secret():
    import hashlib
    import hmac

    params = {"razorpay_payment_id": "pay_1", "razorpay_payment_link_id": "plink_1",
              "razorpay_payment_link_reference_id": "top_1",
              "razorpay_payment_link_status": "paid"}
    message = b"plink_1|top_1|paid|pay_1"
    params["razorpay_signature"] = hmac.new(RAZORPAY_KEY_SECRET.encode(), message,
                                            hashlib.sha256).hexdigest()
    verify_payment_link_return(params, RAZORPAY_KEY_SECRET)
    with pytest.raises(InvalidSignature):
        verify_payment_link_return({**params, "razorpay_payment_link_status": "paid "},
                                   RAZORPAY_KEY_SECRET)
    with pytest.raises(InvalidSignature):
        verify_payment_link_return({**params, "razorpay_signature": ""}, RAZORPAY_KEY_SECRET)


def test_razorpay_notes_sent_as_an_empty_list_do_not_break_parsing():
    body = json.dumps({"event": "payment.captured", "payload": {"payment": {"entity": {
        "id": "pay_X", "amount": 100, "currency": "inr", "notes": [],
        "description": "#KBnb7I424Rc1R9"}}}}).encode()
    event = parse_razorpay(body, {"x-razorpay-event-id": "evt_1"})
    assert event.action is Action.PAID and event.currency == "INR"
    assert event.gateway_refs == ("plink_KBnb7I424Rc1R9",) and event.topup_ids == ()
    # Recorded by what it is about, so a replay under a new event id is the same record.
    assert event.event_id == "evt_1" and event.key == "razorpay:payment.captured:pay_X"


@pytest.mark.parametrize("amount", [1.5, "100", True, None])
def test_a_non_integer_amount_is_never_taken_as_money(amount):
    body = json.dumps({"event": "payment.captured", "payload": {"payment": {"entity": {
        "id": "pay_X", "amount": amount, "currency": "INR"}}}}).encode()
    assert parse_razorpay(body, {}).amount is None


@pytest.mark.parametrize("body", [b"", b"not json", b"[1,2]", b"\xff\xfe", b'"text"'])
def test_a_body_that_is_not_a_json_object_is_a_bad_payload(body):
    with pytest.raises(BadPayload):
        parse_razorpay(body, {})
    with pytest.raises(BadPayload):
        parse_stripe(body)


def test_a_stripe_event_without_an_id_is_a_bad_payload():
    with pytest.raises(BadPayload):
        parse_stripe(b'{"type": "checkout.session.completed"}')


def test_an_expanded_stripe_payment_intent_is_understood():
    body = json.dumps({"id": "evt_1", "type": "checkout.session.completed", "data": {
        "object": {"id": "cs_1", "payment_status": "paid", "amount_total": 500,
                   "currency": "inr", "payment_intent": {"id": "pi_1", "object": "x"},
                   "metadata": {"topup_id": "top_1"}}}}).encode()
    event = parse_stripe(body)
    assert (event.payment_id, event.topup_ids, event.gateway_refs) == ("pi_1", ("top_1",),
                                                                       ("cs_1",))


def test_hostile_ids_in_a_payload_are_dropped():
    body = json.dumps({"id": "evt_1", "type": "checkout.session.completed", "data": {
        "object": {"id": "cs_1'; DROP", "payment_status": "paid", "payment_intent": "pi\n1",
                   "client_reference_id": "x" * 500}}}).encode()
    event = parse_stripe(body)
    assert (event.payment_id, event.topup_ids, event.gateway_refs) == ("", (), ())


def test_secrets_never_appear_in_the_payments_config_repr(tmp_path):
    config = PaymentsConfig.from_settings(payment_settings(tmp_path))
    text = repr(config)
    for secret in (RAZORPAY_KEY_SECRET, RAZORPAY_WEBHOOK_SECRET, STRIPE_WEBHOOK_SECRET,
                   "sk_test_subvault"):
        assert secret not in text
    assert config.razorpay_webhook_secrets == ("rzp-webhook-secret-current",
                                               "rzp-webhook-secret-previous")


def _messages(path: Path) -> dict[str, set[str]]:
    """Message key -> the variables it uses."""
    resource = FluentParser().parse(path.read_text(encoding="utf-8"))
    assert not [e for e in resource.body if isinstance(e, ast.Junk)], f"{path} has errors"
    return {entry.id.name: {el.expression.id.name for el in entry.value.elements
                            if isinstance(el, ast.Placeable)
                            and isinstance(el.expression, ast.VariableReference)}
            for entry in resource.body if isinstance(entry, ast.Message)}


def test_every_language_has_every_payments_key_with_the_same_placeholders():
    english = _messages(LOCALES / "en" / "payments.ftl")
    for language in ("hi", "ru", "bg"):
        assert _messages(LOCALES / language / "payments.ftl") == english, language


def test_every_payments_error_code_has_a_message():
    from core import errors

    english = _messages(LOCALES / "en" / "payments.ftl")
    for name in ("PaymentError", "GatewayDisabled", "GatewayUnavailable", "GatewayRejected",
                 "TopupNotFound", "TopupNotRefundable", "InvalidSignature", "BadPayload"):
        assert f"error-{getattr(errors, name).code}" in english
