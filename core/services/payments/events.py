"""Verified callback bodies reduced to a ``GatewayEvent``: what happened, to which payment, for
which of our top-ups. Shapes follow the gateways' real payloads; anything unexpected becomes
an ignored event or an empty field (which then parks the event), never a crash."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from typing import Any, Protocol

from core.errors import BadPayload
from core.services.payments.models import Action, GatewayEvent

RAZORPAY_EVENT_HEADER = "x-razorpay-event-id"
_SAFE_ID = re.compile(r"^[A-Za-z0-9_.:-]{1,100}$")

RAZORPAY_PAID = frozenset({"payment_link.paid", "payment.captured", "order.paid"})
RAZORPAY_FAILED = {"payment.failed": "payment-failed", "payment_link.expired": "expired",
                   "payment_link.cancelled": "cancelled"}
STRIPE_PAID = frozenset({"checkout.session.completed",
                         "checkout.session.async_payment_succeeded"})
STRIPE_FAILED = {"checkout.session.async_payment_failed": "payment-failed",
                 "checkout.session.expired": "expired"}
RAZORPAY_REFUNDED = frozenset({"refund.created", "refund.processed"})
RAZORPAY_REFUND_FAILED = "refund.failed"
RAZORPAY_DISPUTE_PREFIX = "payment.dispute."
STRIPE_REFUNDED = "charge.refunded"
STRIPE_DISPUTE_PREFIX = "charge.dispute."


def _json_object(body: bytes) -> dict[str, Any]:
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        raise BadPayload("body is not JSON", reason="not-json") from None
    except RecursionError:
        raise BadPayload("body is nested too deeply", reason="too-deep") from None
    if not isinstance(data, dict):
        raise BadPayload("body is not a JSON object", reason="not-an-object")
    return data


def _dict(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


def _int(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _safe_id(value: object) -> str:
    text = _text(value)
    return text if _SAFE_ID.match(text) else ""


def _note(entity: dict[str, Any], name: str) -> str:
    # Razorpay sends empty notes as [] and filled ones as {}.
    return _safe_id(_dict(entity.get("notes")).get(name))


def body_text(body: bytes) -> str:
    return body.decode("utf-8", "replace")


def _unique(values: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(v for v in values if v))


class HeaderSource(Protocol):
    def get(self, name: str, /) -> str | None: ...


def parse_razorpay(body: bytes, headers: HeaderSource | Mapping[str, str],
                   gateway: str = "razorpay") -> GatewayEvent:
    """``payment_link.paid``, ``payment.captured``, ``order.paid`` → paid; ``payment.failed``,
    ``payment_link.expired|cancelled`` → failed; anything else is ignored. The event id comes
    from the ``X-Razorpay-Event-Id`` header (read as ``x-razorpay-event-id``; the body's hash if
    it is missing)."""
    data = _json_object(body)
    event_id = _safe_id(headers.get(RAZORPAY_EVENT_HEADER)) or \
        "sha256-" + hashlib.sha256(body).hexdigest()[:40]
    event_type = _text(data.get("event"))[:64] or "unknown"
    payload = _dict(data.get("payload"))
    payment, order, link, refund, dispute = (
        _dict(_dict(payload.get(name)).get("entity"))
        for name in ("payment", "order", "payment_link", "refund", "dispute"))
    # A Payment Link's payments describe themselves as "#<link id without plink_>".
    description = _text(payment.get("description"))
    link_from_payment = f"plink_{description[1:]}" if description.startswith("#") else ""
    payment_id = (_safe_id(payment.get("id")) or _safe_id(refund.get("payment_id"))
                  or _safe_id(dispute.get("payment_id")))
    common = dict(
        gateway=gateway, event_id=event_id, type=event_type, body=body_text(body),
        payment_id=payment_id, account=_text(data.get("account_id"))[:64],
        topup_ids=_unique([_safe_id(link.get("reference_id")), _note(link, "topup_id"),
                           _note(order, "topup_id"), _note(payment, "topup_id"),
                           _note(refund, "topup_id")]),
        gateway_refs=_unique([_safe_id(link.get("id")), _safe_id(link_from_payment)]),
    )
    # Razorpay may deliver one event again under a new event id: what it is about dedupes it.
    about = payment_id or _safe_id(link.get("id"))
    if event_type in RAZORPAY_PAID:
        return GatewayEvent(action=Action.PAID, amount=_int(payment.get("amount")),
                            currency=_text(payment.get("currency")).upper(), subject=about,
                            **common)
    if event_type in RAZORPAY_FAILED:
        return GatewayEvent(action=Action.FAILED, reason=RAZORPAY_FAILED[event_type],
                            subject=about, **common)
    if event_type in RAZORPAY_REFUNDED or event_type == RAZORPAY_REFUND_FAILED:
        refund_id = _safe_id(refund.get("id"))
        if not refund_id:
            return GatewayEvent(action=Action.IGNORE, reason="refund-without-id", **common)
        action = Action.REFUND if event_type in RAZORPAY_REFUNDED else Action.REFUND_FAILED
        return GatewayEvent(action=action, amount=_int(refund.get("amount")),
                            currency=_text(refund.get("currency")).upper(), refund_id=refund_id,
                            subject=refund_id, **common)
    if event_type.startswith(RAZORPAY_DISPUTE_PREFIX):
        dispute_id = _safe_id(dispute.get("id"))
        return GatewayEvent(action=Action.DISPUTE, amount=_int(dispute.get("amount")),
                            currency=_text(dispute.get("currency")).upper(),
                            reason=event_type.removeprefix(RAZORPAY_DISPUTE_PREFIX),
                            refund_id=dispute_id, subject=dispute_id, **common)
    return GatewayEvent(action=Action.IGNORE, reason="unhandled-type", **common)


def parse_stripe(body: bytes) -> GatewayEvent:
    """Checkout Session events: ``checkout.session.completed`` with ``payment_status: paid``
    and ``…async_payment_succeeded`` → paid; ``…async_payment_failed`` and ``…expired`` →
    failed; a completed but unpaid session (a delayed method) waits; anything else is ignored."""
    data = _json_object(body)
    event_id = _safe_id(data.get("id"))
    if not event_id:
        raise BadPayload("event without an id")
    event_type = _text(data.get("type"))[:64] or "unknown"
    session = _dict(_dict(data.get("data")).get("object"))
    intent = session.get("payment_intent")
    payment_id = _safe_id(_dict(intent).get("id") if isinstance(intent, dict) else intent)
    livemode = data.get("livemode")
    common = dict(
        gateway="stripe", event_id=event_id, type=event_type, body=body_text(body),
        payment_id=payment_id, livemode=livemode if isinstance(livemode, bool) else None,
        topup_ids=_unique([_safe_id(_dict(session.get("metadata")).get("topup_id")),
                           _safe_id(session.get("client_reference_id"))]),
        gateway_refs=_unique([_safe_id(session.get("id"))]),
    )
    if event_type in STRIPE_PAID:
        if session.get("payment_status") != "paid":
            return GatewayEvent(action=Action.IGNORE, reason="not-paid-yet", **common)
        return GatewayEvent(action=Action.PAID, amount=_int(session.get("amount_total")),
                            currency=_text(session.get("currency")).upper(), **common)
    if event_type in STRIPE_FAILED:
        return GatewayEvent(action=Action.FAILED, reason=STRIPE_FAILED[event_type], **common)
    if event_type == STRIPE_REFUNDED:
        # A Charge: ``amount_refunded`` is the running total of every refund of the payment.
        charge_id = _safe_id(session.get("id"))
        if not (payment_id or charge_id):
            return GatewayEvent(action=Action.IGNORE, reason="refund-without-payment", **common)
        total = _int(session.get("amount_refunded"))
        return GatewayEvent(**{**common, "payment_id": payment_id or charge_id},
                            action=Action.REFUND, amount=total, cumulative=True,
                            currency=_text(session.get("currency")).upper(),
                            refund_id=f"{charge_id or payment_id}@{total}")
    if event_type.startswith(STRIPE_DISPUTE_PREFIX):
        # A Dispute: ``charge`` and ``payment_intent`` name the payment.
        charge_id = _safe_id(session.get("charge"))
        return GatewayEvent(**{**common, "payment_id": payment_id or charge_id},
                            action=Action.DISPUTE, amount=_int(session.get("amount")),
                            currency=_text(session.get("currency")).upper(),
                            reason=_text(session.get("status"))[:40] or
                            event_type.removeprefix(STRIPE_DISPUTE_PREFIX),
                            refund_id=_safe_id(session.get("id")))
    return GatewayEvent(action=Action.IGNORE, reason="unhandled-type", **common)


def parse_stored(gateway: str, body: str) -> GatewayEvent | None:
    """A recorded event read again from its kept body (None once the body is purged)."""
    raw = body.encode()
    try:
        if gateway == "stars":  # recorded by the bot: charge id, amount and payload
            data = _json_object(raw)
            charge = _text(data.get("telegram_payment_charge_id"))
            return GatewayEvent(gateway="stars", event_id=charge, type="successful_payment",
                                action=Action.PAID, body=body, payment_id=charge,
                                amount=_int(data.get("total_amount")),
                                currency=_text(data.get("currency")).upper())
        return parse_stripe(raw) if gateway == "stripe" else parse_razorpay(raw, {}, gateway)
    except BadPayload:
        return None
