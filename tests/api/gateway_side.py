"""The gateways' side of the wire, for tests: payloads shaped like the real ones (from the
gateways' documented samples) and signed exactly as each gateway signs them. Written
independently of ``core.services.payments`` so tests never check the code against itself."""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

import responses
import respx
from httpx import Response

from core.bootstrap import Services, build_services
from core.clock import Clock
from core.config import Settings
from core.crypto import KeyRing
from core.ids import SequentialIds
from core.models import TopUp
from core.storage import Store

RAZORPAY_BASE = "https://razorpay.fake"
STRIPE_BASE = "https://stripe.fake"
PUBLIC = "https://shop.example"
RAZORPAY_KEY_ID = "rzp_test_subvault"
RAZORPAY_KEY_SECRET = "rzp-key-secret-for-tests"
RAZORPAY_WEBHOOK_SECRET = "rzp-webhook-secret-current"
RAZORPAY_WEBHOOK_SECRET_PREVIOUS = "rzp-webhook-secret-previous"
STRIPE_SECRET_KEY = "sk_test_subvault"
STRIPE_WEBHOOK_SECRET = "whsec_current_for_tests"
STRIPE_WEBHOOK_SECRET_PREVIOUS = "whsec_previous_for_tests"
SANDBOX_SECRET = "sandbox-secret-for-tests"
METRICS_TOKEN = "metrics-token-for-tests"
METRICS_AUTH = {"Authorization": f"Bearer {METRICS_TOKEN}"}
_seq = itertools.count(1)


def payment_settings(tmp_path: Path, **overrides: Any) -> Settings:
    values: dict[str, Any] = dict(
        _env_file=None, database_url=f"sqlite:///{tmp_path / 'unused.db'}", currency="INR",
        public_base_url=PUBLIC, customer_bot_username="subvault_test_bot",
        topup_min=100, topup_max=5_000_000, topup_expiry_minutes=60, stars_rate=100,
        razorpay_key_id=RAZORPAY_KEY_ID, razorpay_key_secret=RAZORPAY_KEY_SECRET,
        razorpay_webhook_secret=RAZORPAY_WEBHOOK_SECRET,
        razorpay_webhook_secret_previous=RAZORPAY_WEBHOOK_SECRET_PREVIOUS,
        razorpay_api_base=RAZORPAY_BASE, stripe_secret_key=STRIPE_SECRET_KEY,
        stripe_webhook_secret=STRIPE_WEBHOOK_SECRET,
        stripe_webhook_secret_previous=STRIPE_WEBHOOK_SECRET_PREVIOUS,
        stripe_api_base=STRIPE_BASE, stars_enabled=True, sandbox_gateway=True,
        sandbox_webhook_secret=SANDBOX_SECRET, metrics_token=METRICS_TOKEN,
    )
    values.update(overrides)
    return Settings(**values)


def payment_services(store: Store, tmp_path: Path, keyring: KeyRing, clock: Clock,
                     **overrides: Any) -> Services:
    return build_services(payment_settings(tmp_path, **overrides), store, keyring, clock=clock,
                          ids=SequentialIds())


def _uid(prefix: str) -> str:
    return f"{prefix}_T{next(_seq):010d}"


# --- Razorpay ------------------------------------------------------------------------------


def razorpay_signature(body: bytes, secret: str = RAZORPAY_WEBHOOK_SECRET) -> str:
    return hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def razorpay_headers(body: bytes, event_id: str | None = None,
                     secret: str = RAZORPAY_WEBHOOK_SECRET) -> dict[str, str]:
    return {"Content-Type": "application/json",
            "X-Razorpay-Event-Id": event_id or _uid("evt"),
            "X-Razorpay-Signature": razorpay_signature(body, secret)}


def rzp_link(topup: TopUp, status: str = "created", paid: int = 0) -> dict[str, Any]:
    return {
        "accept_partial": False, "amount": topup.gateway_amount, "amount_paid": paid,
        "callback_method": "get", "callback_url": f"{PUBLIC}/pay/return/razorpay",
        "cancelled_at": 0, "created_at": 1767225600, "currency": topup.gateway_currency,
        "customer": {}, "description": f"subvault {topup.id}", "expire_by": 1767229200,
        "expired_at": 0, "first_min_partial_amount": 0, "id": topup.gateway_ref,
        "notes": {"topup_id": topup.id, "user_id": str(topup.user_id)},
        "notify": {"email": False, "sms": False}, "payments": None,
        "reference_id": topup.id, "reminder_enable": False, "reminders": [],
        "short_url": f"https://rzp.io/i/{topup.gateway_ref[-8:]}", "status": status,
        "updated_at": 1767225600, "upi_link": False, "user_id": "",
    }


def rzp_payment(topup: TopUp, payment_id: str, *, amount: int | None = None,
                currency: str | None = None, status: str = "captured") -> dict[str, Any]:
    failed = status == "failed"
    return {
        "id": payment_id, "entity": "payment",
        "amount": topup.gateway_amount if amount is None else amount,
        "currency": currency or topup.gateway_currency, "status": status,
        "order_id": f"order_{topup.gateway_ref[6:]}", "invoice_id": None,
        "international": False, "method": "upi", "amount_refunded": 0, "refund_status": None,
        "captured": not failed, "description": f"#{topup.gateway_ref.removeprefix('plink_')}",
        "card_id": None, "bank": None, "wallet": None, "vpa": "gaurav.kumar@exampleupi",
        "email": "void@razorpay.com", "contact": "+919000090000", "notes": [],
        "fee": None if failed else 236, "tax": None if failed else 36,
        "error_code": "BAD_REQUEST_ERROR" if failed else None,
        "error_description": "Payment was declined by the bank" if failed else None,
        "error_source": "bank" if failed else None, "error_step": "payment_authorization"
        if failed else None, "error_reason": "payment_declined" if failed else None,
        "acquirer_data": {"rrn": "439218751911"}, "created_at": 1767225700,
    }


def rzp_order(topup: TopUp, paid: bool = True) -> dict[str, Any]:
    return {
        "id": f"order_{topup.gateway_ref[6:]}", "entity": "order",
        "amount": topup.gateway_amount, "amount_paid": topup.gateway_amount if paid else 0,
        "amount_due": 0 if paid else topup.gateway_amount, "currency": topup.gateway_currency,
        "receipt": topup.id, "offer_id": None, "status": "paid" if paid else "attempted",
        "attempts": 1, "notes": {"topup_id": topup.id, "user_id": str(topup.user_id)},
        "created_at": 1767225650,
    }


def rzp_event(event: str, payload: dict[str, Any]) -> bytes:
    body = {"entity": "event", "account_id": "acc_BFQ7uQEaa7j2z7", "event": event,
            "contains": sorted(payload), "payload": {k: {"entity": v} for k, v in
                                                     payload.items()},
            "created_at": 1767225720}
    return json.dumps(body).encode()


def rzp_payment_link_paid(topup: TopUp, payment_id: str, **kw: Any) -> bytes:
    payment = rzp_payment(topup, payment_id, **kw)
    return rzp_event("payment_link.paid", {
        "payment_link": rzp_link(topup, "paid", payment["amount"]),
        "order": rzp_order(topup), "payment": payment})


def rzp_payment_captured(topup: TopUp, payment_id: str, **kw: Any) -> bytes:
    return rzp_event("payment.captured", {"payment": rzp_payment(topup, payment_id, **kw)})


def rzp_order_paid(topup: TopUp, payment_id: str, **kw: Any) -> bytes:
    return rzp_event("order.paid", {"payment": rzp_payment(topup, payment_id, **kw),
                                    "order": rzp_order(topup)})


def rzp_payment_failed(topup: TopUp, payment_id: str) -> bytes:
    return rzp_event("payment.failed", {"payment": rzp_payment(topup, payment_id,
                                                               status="failed")})


def rzp_refund(payment_id: str, refund_id: str, amount: int, *, status: str = "processed",
               notes: dict[str, str] | None = None) -> dict[str, Any]:
    return {"id": refund_id, "entity": "refund", "amount": amount, "currency": "INR",
            "payment_id": payment_id, "notes": notes or [], "receipt": None,
            "acquirer_data": {"arn": None}, "created_at": 1767226000, "batch_id": None,
            "status": status, "speed_processed": "normal", "speed_requested": "normal"}


def rzp_refund_event(topup: TopUp, payment_id: str, refund_id: str, amount: int, *,
                     event: str = "refund.processed") -> bytes:
    """What Razorpay sends when a refund is made (e.g. in its dashboard): the refund and the
    payment it belongs to."""
    payment = rzp_payment(topup, payment_id)
    payment |= {"amount_refunded": amount,
                "refund_status": "full" if amount >= payment["amount"] else "partial"}
    status = {"refund.failed": "failed", "refund.created": "pending"}.get(event, "processed")
    return rzp_event(event, {"refund": rzp_refund(payment_id, refund_id, amount, status=status),
                             "payment": payment})


def rzp_dispute_event(topup: TopUp, payment_id: str, dispute_id: str, *,
                      event: str = "payment.dispute.created") -> bytes:
    dispute = {"id": dispute_id, "entity": "dispute", "payment_id": payment_id,
               "amount": topup.gateway_amount, "currency": "INR", "amount_deducted": 0,
               "reason_code": "chargeback", "respond_by": 1767830000, "status": "open",
               "phase": "chargeback", "created_at": 1767226000}
    return rzp_event(event, {"payment": rzp_payment(topup, payment_id), "dispute": dispute})


def rzp_return_params(topup: TopUp, payment_id: str, status: str = "paid",
                      secret: str = RAZORPAY_KEY_SECRET) -> dict[str, str]:
    message = f"{topup.gateway_ref}|{topup.id}|{status}|{payment_id}".encode()
    return {"razorpay_payment_id": payment_id, "razorpay_payment_link_id": topup.gateway_ref,
            "razorpay_payment_link_reference_id": topup.id,
            "razorpay_payment_link_status": status,
            "razorpay_signature": hmac.new(secret.encode(), message,
                                           hashlib.sha256).hexdigest()}


@contextmanager
def razorpay_api():
    """Razorpay's API at the requests transport; payment links get sequential ids."""
    with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:
        def create_link(request):
            data = json.loads(request.body)
            link_id = f"plink_{_uid('L')[2:].replace('_', '')}"
            answer = {**data, "id": link_id, "short_url": f"https://rzp.io/i/{link_id[-8:]}",
                      "status": "created", "amount_paid": 0, "payments": None,
                      "created_at": 1767225600, "user_id": ""}
            return 200, {"Content-Type": "application/json"}, json.dumps(answer)

        rsps.add_callback(responses.POST, f"{RAZORPAY_BASE}/v1/payment_links",
                          callback=create_link)
        yield rsps


# --- Stripe --------------------------------------------------------------------------------


def stripe_signature(body: bytes, timestamp: int, secret: str = STRIPE_WEBHOOK_SECRET) -> str:
    signed = f"{timestamp}.".encode() + body
    v1 = hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()
    v0 = "6ffbb59b2300aae63f272406069a9788598b792a944a07aba816edb039989a39"  # test-mode legacy
    return f"t={timestamp},v1={v1},v0={v0}"


def stripe_headers(body: bytes, now: datetime, *, skew: int = 0,
                   secret: str = STRIPE_WEBHOOK_SECRET) -> dict[str, str]:
    return {"Content-Type": "application/json; charset=utf-8",
            "Stripe-Signature": stripe_signature(body, int(now.timestamp()) + skew, secret),
            "User-Agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks)"}


def stripe_session(topup: TopUp, *, payment_intent: str | None = None, status: str = "complete",
                   payment_status: str = "paid", amount: int | None = None,
                   currency: str | None = None) -> dict[str, Any]:
    total = topup.gateway_amount if amount is None else amount
    return {
        "id": topup.gateway_ref, "object": "checkout.session", "after_expiration": None,
        "allow_promotion_codes": None, "amount_subtotal": total, "amount_total": total,
        "automatic_tax": {"enabled": False, "liability": None, "status": None},
        "billing_address_collection": None,
        "cancel_url": f"{PUBLIC}/pay/return/stripe?topup={topup.id}&cancelled=1",
        "client_reference_id": topup.id, "client_secret": None, "consent": None,
        "created": 1767225600, "currency": (currency or topup.gateway_currency).lower(),
        "customer": None, "customer_creation": "if_required",
        "customer_details": {"email": "jenny.rosen@example.com", "name": "Jenny Rosen",
                             "phone": None, "tax_exempt": "none", "tax_ids": []},
        "customer_email": None, "expires_at": 1767229200, "invoice": None, "livemode": False,
        "locale": None, "metadata": {"topup_id": topup.id, "user_id": str(topup.user_id)},
        "mode": "payment", "payment_intent": payment_intent,
        "payment_method_types": ["card"], "payment_status": payment_status,
        "status": status,
        "success_url": f"{PUBLIC}/pay/return/stripe?topup={topup.id}"
                       "&session_id={CHECKOUT_SESSION_ID}",
        "total_details": {"amount_discount": 0, "amount_shipping": 0, "amount_tax": 0},
        "ui_mode": "hosted", "url": None,
    }


def stripe_event(event_type: str, session: dict[str, Any], event_id: str | None = None) -> bytes:
    body = {"id": event_id or _uid("evt"), "object": "event", "api_version": "2025-09-30.clover",
            "created": 1767225720, "data": {"object": session}, "livemode": False,
            "pending_webhooks": 1, "request": {"id": None, "idempotency_key": None},
            "type": event_type}
    return json.dumps(body).encode()


def stripe_charge(payment_intent: str, amount: int, *, refunded: int = 0,
                  currency: str = "inr", charge_id: str | None = None) -> dict[str, Any]:
    """A Charge as ``charge.refunded`` carries it (API 2022-11-15 and later: no refunds list;
    ``amount_refunded`` is the running total)."""
    return {"id": charge_id or f"ch_3Q{payment_intent[4:]}", "object": "charge",
            "amount": amount, "amount_captured": amount, "amount_refunded": refunded,
            "captured": True, "currency": currency, "livemode": False, "metadata": {},
            "paid": True, "payment_intent": payment_intent, "refunded": refunded >= amount,
            "status": "succeeded", "created": 1767225700}


def stripe_dispute(payment_intent: str, amount: int, *, dispute_id: str = "dp_1QTestDispute",
                   status: str = "needs_response") -> dict[str, Any]:
    return {"id": dispute_id, "object": "dispute", "amount": amount, "currency": "inr",
            "charge": f"ch_3Q{payment_intent[4:]}", "payment_intent": payment_intent,
            "reason": "fraudulent", "status": status, "livemode": False, "metadata": {},
            "created": 1767226000}


def stripe_object_event(event_type: str, obj: dict[str, Any], *, livemode: bool = False,
                        event_id: str | None = None) -> bytes:
    body = {"id": event_id or _uid("evt"), "object": "event", "api_version": "2025-09-30.clover",
            "created": 1767225720, "data": {"object": obj}, "livemode": livemode,
            "pending_webhooks": 1, "request": {"id": None, "idempotency_key": None},
            "type": event_type}
    return json.dumps(body).encode()


@contextmanager
def stripe_api():
    """Stripe's API at the httpx transport; Checkout Sessions get sequential ids."""
    with respx.mock(base_url=STRIPE_BASE, assert_all_called=False) as router:
        def create_session(request):
            form = dict(pair.split("=", 1) for pair in request.content.decode().split("&"))
            session_id = f"cs_test_{_uid('S')[2:].replace('_', '')}"
            return Response(200, json={
                "id": session_id, "object": "checkout.session", "mode": "payment",
                "status": "open", "payment_status": "unpaid", "payment_intent": None,
                "amount_total": int(form["line_items[0][price_data][unit_amount]"]),
                "currency": form["line_items[0][price_data][currency]"],
                "client_reference_id": form["client_reference_id"],
                "url": f"https://checkout.stripe.com/c/pay/{session_id}#fidkdWxOYHwnPyd1blpxYHZxWjA0"})

        router.post("/v1/checkout/sessions", name="create_session").mock(
            side_effect=create_session)
        yield router


# --- One interface over both card gateways, so a test can run against each ------------------

USER = 4242


class RazorpayKit:
    name = "razorpay"
    paid_kinds = ("payment_link.paid", "payment.captured", "order.paid")
    secret, previous = RAZORPAY_WEBHOOK_SECRET, RAZORPAY_WEBHOOK_SECRET_PREVIOUS

    async def topup(self, services: Services, amount: int = 50_000, user_id: int = USER
                    ) -> TopUp:
        await services.users.register(user_id, first_name="Asha")
        with razorpay_api():
            return (await services.payments.create_topup(user_id, amount, self.name)).topup

    def payment_id(self, n: int = 1) -> str:
        return f"pay_Q{n:013d}"

    def paid(self, topup: TopUp, payment_id: str, kind: str = "payment_link.paid",
             **kw: Any) -> bytes:
        build = {"payment_link.paid": rzp_payment_link_paid,
                 "payment.captured": rzp_payment_captured, "order.paid": rzp_order_paid}[kind]
        return build(topup, payment_id, **kw)

    def failed(self, topup: TopUp, payment_id: str) -> bytes:
        return rzp_payment_failed(topup, payment_id)

    def unknown_type(self, topup: TopUp) -> bytes:
        return rzp_event("settlement.processed", {"settlement": {
            "id": "setl_DGlQ1Rj8os78Ec", "entity": "settlement", "amount": 9973635,
            "status": "processed", "fees": 471, "tax": 72, "utr": "1568176960vxp0rj",
            "created_at": 1567673607}})

    def refunded(self, topup: TopUp, payment_id: str, refund_id: str, amount: int,
                 total: int) -> bytes:
        """A refund made in the dashboard (``total``: refunded so far, this one included)."""
        return rzp_refund_event(topup, payment_id, refund_id, amount)

    def disputed(self, topup: TopUp, payment_id: str) -> bytes:
        return rzp_dispute_event(topup, payment_id, "disp_Q0000000000001")

    def sign(self, body: bytes, now: datetime, *, secret: str | None = None, skew: int = 0
             ) -> dict[str, str]:
        # Razorpay repeats the same event id when it retries the same delivery.
        event_id = "evt_" + hashlib.sha256(body).hexdigest()[:14]
        return razorpay_headers(body, event_id, secret or self.secret)


class StripeKit:
    name = "stripe"
    paid_kinds = ("checkout.session.completed", "checkout.session.async_payment_succeeded")
    secret, previous = STRIPE_WEBHOOK_SECRET, STRIPE_WEBHOOK_SECRET_PREVIOUS

    async def topup(self, services: Services, amount: int = 50_000, user_id: int = USER
                    ) -> TopUp:
        await services.users.register(user_id, first_name="Jenny")
        with stripe_api():
            return (await services.payments.create_topup(user_id, amount, self.name)).topup

    def payment_id(self, n: int = 1) -> str:
        return f"pi_3Q{n:022d}"

    def paid(self, topup: TopUp, payment_id: str, kind: str = "checkout.session.completed",
             **kw: Any) -> bytes:
        return stripe_event(kind, stripe_session(topup, payment_intent=payment_id, **kw))

    def failed(self, topup: TopUp, payment_id: str) -> bytes:
        return stripe_event("checkout.session.expired", stripe_session(
            topup, status="expired", payment_status="unpaid"))

    def unknown_type(self, topup: TopUp) -> bytes:
        return json.dumps({"id": _uid("evt"), "object": "event", "type": "customer.created",
                           "data": {"object": {"id": "cus_NffrFeUfNV2Hib",
                                               "object": "customer"}},
                           "livemode": False, "created": 1767225720}).encode()

    def refunded(self, topup: TopUp, payment_id: str, refund_id: str, amount: int,
                 total: int) -> bytes:
        return stripe_object_event("charge.refunded", stripe_charge(
            payment_id, topup.gateway_amount, refunded=total))

    def disputed(self, topup: TopUp, payment_id: str) -> bytes:
        return stripe_object_event("charge.dispute.created",
                                   stripe_dispute(payment_id, topup.gateway_amount))

    def sign(self, body: bytes, now: datetime, *, secret: str | None = None, skew: int = 0
             ) -> dict[str, str]:
        return stripe_headers(body, now, skew=skew, secret=secret or self.secret)


KITS = [RazorpayKit(), StripeKit()]
