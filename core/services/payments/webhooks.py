"""Gateway callbacks: verify the signature on the raw bytes, record the event, then act.

1. The signature is checked before anything else (``InvalidSignature`` → HTTP 400, nothing
   stored). Both the current and the previous webhook secret are accepted.
2. The event is recorded under ``gateway:event_id`` with its raw body and committed before
   anything is acted on, so the record survives an act that fails; an event already settled is
   answered as a duplicate.
3. Acting (credit, fail or park the top-up, queue the messages, mark the event) is one more
   transaction. If it raises, the event is marked ``error`` and the exception propagates: the
   gateway gets a 5xx and retries, and the retry acts again (every write is idempotent).

On SQLite the store's own group commit shares one COMMIT (one fsync) among the transactions
that arrive together, so a burst of callbacks costs one fsync per step, not one per callback.

A store that is down raises ``StoreUnavailable`` (HTTP 503), so the gateway retries later.
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging
from collections.abc import Callable, Mapping

from core.clock import Clock
from core.errors import BadPayload, DomainError, GatewayDisabled, StoreUnavailable
from core.models import FINAL_EVENT_STATES, EventStatus, TopUp, WebhookEvent
from core.services.payments.events import body_text, parse_razorpay, parse_stripe
from core.services.payments.models import (
    REFUND_BEFORE_CAPTURE,
    Action,
    GatewayEvent,
    Outcome,
    Settlement,
)
from core.services.payments.settle import Payment, Settler
from core.services.payments.signatures import verify_hmac_hex, verify_stripe
from core.storage.base import Store, Tx

log = logging.getLogger(__name__)

Verifier = Callable[[bytes, "_Headers"], GatewayEvent]

_EVENT_STATUS = {
    Outcome.CREDITED: EventStatus.PROCESSED, Outcome.FAILED: EventStatus.PROCESSED,
    Outcome.DUPLICATE: EventStatus.PROCESSED, Outcome.IGNORED: EventStatus.IGNORED,
    Outcome.PARKED: EventStatus.PARKED, Outcome.UNMATCHED: EventStatus.UNMATCHED,
    Outcome.REFUNDED: EventStatus.PROCESSED, Outcome.DISPUTED: EventStatus.PROCESSED,
    Outcome.REFUSED: EventStatus.REFUSED,
}


class _Headers:
    """Case-insensitive reads from any mapping (Starlette's headers already are)."""

    __slots__ = ("_raw",)

    def __init__(self, raw: Mapping[str, str]) -> None:
        self._raw = raw

    def get(self, name: str) -> str | None:
        value = self._raw.get(name)
        if value is None:
            value = next((v for k, v in self._raw.items() if k.lower() == name), None)
        return value


class WebhookIntake:
    def __init__(self, store: Store, clock: Clock, settler: Settler, *,
                 razorpay_secrets: tuple[str, ...] = (), stripe_secrets: tuple[str, ...] = (),
                 sandbox_secret: str = "", razorpay_account: str = "",
                 stripe_live: bool = False) -> None:
        self._store = store
        self._clock = clock
        self._settler = settler
        self._razorpay_account = razorpay_account
        self._stripe_live = stripe_live
        self._verifiers: dict[str, Verifier] = {}
        if razorpay_secrets:
            self._verifiers["razorpay"] = self._hmac_verifier("razorpay", razorpay_secrets)
        if stripe_secrets:
            self._verifiers["stripe"] = self._stripe_verifier(stripe_secrets)
        if sandbox_secret:
            self._verifiers["sandbox"] = self._hmac_verifier("sandbox", (sandbox_secret,))

    @property
    def gateways(self) -> tuple[str, ...]:
        return tuple(self._verifiers)

    @staticmethod
    def _hmac_verifier(gateway: str, secrets: tuple[str, ...]) -> Verifier:
        def verify(body: bytes, headers: _Headers) -> GatewayEvent:
            verify_hmac_hex(body, headers.get("x-razorpay-signature"), secrets)
            return parse_razorpay(body, headers, gateway)

        return verify

    def _stripe_verifier(self, secrets: tuple[str, ...]) -> Verifier:
        def verify(body: bytes, headers: _Headers) -> GatewayEvent:
            verify_stripe(body, headers.get("stripe-signature"), secrets, self._clock.now())
            return parse_stripe(body)

        return verify

    async def handle(self, gateway: str, body: bytes, headers: Mapping[str, str]) -> Settlement:
        """Verify, record and act on one callback exactly as it arrived."""
        verifier = self._verifiers.get(gateway)
        if verifier is None:
            raise GatewayDisabled(f"no webhook secret for gateway {gateway[:20]!r}")
        try:
            event = verifier(body, _Headers(headers))
        except BadPayload as exc:
            # Signed by the gateway but not something we can read: kept, answered 400.
            await self._record_unreadable(gateway, body, exc)
            raise
        return await self.process(self._check_origin(event))

    def _check_origin(self, event: GatewayEvent) -> GatewayEvent:
        """Events of another Razorpay account (when RAZORPAY_ACCOUNT_ID is set) or of the other
        Stripe mode than the secret key's are recorded as refused and never acted on."""
        reason = ""
        if (event.gateway == "razorpay" and self._razorpay_account
                and event.account != self._razorpay_account):
            reason = "foreign-account"
        elif event.gateway == "stripe" and event.livemode is not self._stripe_live:
            reason = "live-event-for-test-key" if event.livemode else "test-event-for-live-key"
        if not reason:
            return event
        log.warning("webhook %s (%s) refused: %s", event.key, event.type, reason)
        return dataclasses.replace(event, action=Action.REFUSE, reason=reason)

    async def _record_unreadable(self, gateway: str, body: bytes, exc: BadPayload) -> None:
        digest = hashlib.sha256(body).hexdigest()[:40]
        now = self._clock.now()
        reason = str(exc.params.get("reason") or "bad-payload")
        draft = WebhookEvent(
            key=f"{gateway}:sha256-{digest}", gateway=gateway, event_id=f"sha256-{digest}",
            type="unreadable", status=EventStatus.IGNORED, body=body_text(body),
            received_at=now, outcome=f"bad-payload:{reason}", processed_at=now)
        log.warning("webhook from %s signed but unreadable (%s); recorded as %s", gateway,
                    reason, draft.key)
        await self._store.transaction(lambda tx: tx.webhook_events.record(draft))

    async def process(self, event: GatewayEvent) -> Settlement:
        """Record a verified event, then act on it once."""
        draft = WebhookEvent(
            key=event.key, gateway=event.gateway, event_id=event.event_id, type=event.type,
            status=EventStatus.RECEIVED, body=event.body, received_at=self._clock.now(),
        )
        if event.action in (Action.IGNORE, Action.REFUSE):
            status = EventStatus.IGNORED if event.action is Action.IGNORE else \
                EventStatus.REFUSED
            draft = dataclasses.replace(draft, status=status, outcome=event.reason,
                                        payment_id=event.payment_id,
                                        processed_at=draft.received_at)
        stored, new = await self._store.transaction(lambda tx: tx.webhook_events.record(draft))
        if not new and stored.status in FINAL_EVENT_STATES:
            return Settlement(Outcome.DUPLICATE, event_key=event.key)
        if event.action is Action.IGNORE:
            log.info("webhook %s (%s) ignored: %s", event.key, event.type, event.reason)
            return Settlement(Outcome.IGNORED, reason=event.reason, event_key=event.key)
        if event.action is Action.REFUSE:
            return Settlement(Outcome.REFUSED, reason=event.reason, event_key=event.key)
        try:
            acted = await self._store.transaction(lambda tx: self._act(tx, event, stored))
        except StoreUnavailable:
            raise
        except Exception as exc:
            await self._mark_error(stored, exc)
            raise
        log.info("webhook %s (%s) %s top-up=%s payment=%s", event.key, event.type,
                 acted.outcome.value, acted.topup.id if acted.topup else "-", event.payment_id)
        return dataclasses.replace(acted, event_key=event.key)

    async def _act(self, tx: Tx, event: GatewayEvent, stored: WebhookEvent) -> Settlement:
        acted = await self._settle(tx, event)
        await tx.webhook_events.save_outcome(dataclasses.replace(
            stored, status=_EVENT_STATUS[acted.outcome],
            outcome=acted.reason or acted.outcome.value,
            topup_id=acted.topup.id if acted.topup else "", payment_id=event.payment_id,
            error="", processed_at=self._clock.now()))
        return acted

    async def _settle(self, tx: Tx, event: GatewayEvent) -> Settlement:
        payment = Payment(event.gateway, event.payment_id, event.amount, event.currency)
        if event.action in (Action.REFUND, Action.REFUND_FAILED, Action.DISPUTE):
            return await self._settle_reversal(tx, event, payment)
        topup = await self._find_topup(tx, event)
        if topup is None:
            if event.payment_id and await tx.ledger.find_by_key(
                    self._settler.ledger_key(payment)):
                return Settlement(Outcome.DUPLICATE, None, "payment-already-credited")
            await self._settler.unmatched(tx, event.key, payment)
            log.warning("webhook %s (%s) matches no top-up", event.key, event.type)
            return Settlement(Outcome.UNMATCHED, None, "no-topup")
        if topup.gateway_ref and event.gateway_refs and topup.gateway_ref not in event.gateway_refs:
            # The payload names our top-up but another checkout than the one we opened for it.
            if event.action is Action.FAILED:
                return Settlement(Outcome.IGNORED, topup, "reference-mismatch")
            return await self._settler.hold(tx, topup, payment, "reference-mismatch")
        if event.action is Action.PAID:
            return await self._settler.paid(tx, topup, payment)
        return await self._settler.failed(tx, topup, event.reason)

    async def _settle_reversal(self, tx: Tx, event: GatewayEvent, payment: Payment) -> Settlement:
        """Refunds and disputes name a payment: the top-up it credited, else the top-up the
        payload names (a refund that overtook its capture waits for it)."""
        topup = None
        if event.payment_id:
            topup = await tx.topups.find_by_payment(event.gateway, event.payment_id)
        if topup is None:
            topup = await self._find_topup(tx, event)
        if event.action is Action.DISPUTE:
            await self._settler.disputed(tx, topup, event)
            return Settlement(Outcome.DISPUTED, topup, event.reason)
        if topup is None:
            if event.action is Action.REFUND_FAILED or not event.payment_id:
                await self._settler.unmatched(tx, event.key, payment)
                return Settlement(Outcome.UNMATCHED, None, "no-topup")
            return Settlement(Outcome.PARKED, None, REFUND_BEFORE_CAPTURE)
        if event.action is Action.REFUND_FAILED:
            return await self._settler.refund_failed(tx, topup, event)
        return await self._settler.refunded(tx, topup, event)

    @staticmethod
    async def _find_topup(tx: Tx, event: GatewayEvent) -> TopUp | None:
        for topup_id in event.topup_ids:
            found = await tx.topups.get(topup_id)
            if found is not None:
                return found
        for ref in event.gateway_refs:
            found = await tx.topups.find_by_ref(event.gateway, ref)
            if found is not None:
                return found
        return None

    async def _mark_error(self, stored: WebhookEvent, exc: Exception) -> None:
        code = exc.code if isinstance(exc, DomainError) else type(exc).__name__
        log.error("webhook %s failed to act (%s); the gateway will retry", stored.key, code,
                  exc_info=not isinstance(exc, DomainError))
        failed = dataclasses.replace(stored, status=EventStatus.ERROR, error=code,
                                     processed_at=self._clock.now())
        try:
            await self._store.transaction(lambda tx: tx.webhook_events.save_outcome(failed))
        except Exception:  # the original error matters more; this one is logged
            log.exception("could not mark webhook %s as failed", stored.key)
