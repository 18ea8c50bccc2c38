"""Units of work that settle a top-up: credit it, fail it, or hold it for staff.

Each function runs inside the caller's transaction and only touches the store through ``tx``,
so a MongoDB retry repeats it safely. The ledger key ``<gateway>:<payment id>`` makes every path
that learns about one payment (webhooks of any type, the return page, reconciliation) credit it
once. Messages to the customer and alerts to staff are queued in the same transaction.
"""

from __future__ import annotations

import dataclasses
import logging
from dataclasses import dataclass, field
from typing import Any

from core.clock import Clock
from core.errors import IdempotencyConflict, RetryableConflict
from core.events import TopUpCredited, TopUpCreditedSubscribers
from core.ids import IdFactory
from core.models import SETTLED, EventStatus, TopUp, TopUpStatus
from core.money import EXPONENTS, format_amount
from core.services import notify
from core.services.payments.events import parse_stored
from core.services.payments.models import REFUND_BEFORE_CAPTURE, GatewayEvent, Outcome, Settlement
from core.services.wallet import Posting, post
from core.storage.base import Tx

log = logging.getLogger(__name__)

@dataclass(frozen=True, slots=True)
class Payment:
    """A payment a gateway reports for a top-up."""

    gateway: str
    payment_id: str
    amount: int | None
    currency: str


@dataclass(frozen=True, slots=True)
class Settler:
    clock: Clock
    ids: IdFactory
    credited: TopUpCreditedSubscribers = field(default_factory=TopUpCreditedSubscribers)

    def ledger_key(self, payment: Payment) -> str:
        return f"{payment.gateway}:{payment.payment_id}"

    async def _save(self, tx: Tx, topup: TopUp, expected: TopUpStatus, **changes: Any) -> TopUp:
        updated = dataclasses.replace(topup, updated_at=self.clock.now(), **changes)
        if not await tx.topups.update(updated, expected):
            raise RetryableConflict(f"top-up {topup.id} changed concurrently")
        return updated

    async def queue(self, tx: Tx, key: str, template: str, params: dict[str, Any], *,
                     chat_id: int | None = None) -> None:
        staff = chat_id is None
        await notify.enqueue(tx, self.clock, self.ids, key=key, template=template,
                             params=params, chat_id=chat_id,
                             audience="staff" if staff else "user",
                             bot="admin" if staff else "customer")

    def _params(self, topup: TopUp, **extra: Any) -> dict[str, Any]:
        return {"topup_id": topup.id, "user_id": topup.user_id, "gateway": topup.gateway,
                "amount": format_amount(topup.amount, topup.currency), **extra}

    async def paid(self, tx: Tx, topup: TopUp, payment: Payment) -> Settlement:
        """Credit ``topup`` for ``payment`` once, or park the payment when it does not fit."""
        if topup.status in SETTLED:
            if topup.payment_id == payment.payment_id:
                return Settlement(Outcome.DUPLICATE, topup)
            return await self.hold(tx, topup, payment, "second-payment")
        problem = self._mismatch(topup, payment)
        if problem:
            return await self.hold(tx, topup, payment, problem)
        posting = Posting(topup.user_id, topup.amount, self.ledger_key(payment), "topup",
                          ref=topup.id)
        try:
            entry = await post(tx, posting, currency=topup.currency, clock=self.clock,
                               ids=self.ids)
        except IdempotencyConflict:
            return await self.hold(tx, topup, payment, "payment-reused")
        credited = await self._save(tx, topup, topup.status, status=TopUpStatus.CREDITED,
                                    payment_id=payment.payment_id, failure="")
        await self.queue(tx, f"topup:{topup.id}:credited", "topup-credited",
                          {"amount": format_amount(topup.amount, topup.currency),
                           "balance": format_amount(entry.balance_after, topup.currency),
                           "topup_id": topup.id}, chat_id=topup.user_id)
        # A refund that overtook this capture is applied now, before anything spends the money.
        credited = await self.apply_waiting_refunds(tx, credited)
        await self.announce_credited(tx, credited)
        await self.queue(tx, f"topup:{topup.id}:credited:staff", "staff-topup-credited",
                          self._params(topup, payment_id=payment.payment_id))
        return Settlement(Outcome.CREDITED, credited)

    async def announce_credited(self, tx: Tx, topup: TopUp) -> None:
        """Publish ``TopUpCredited`` to the subscribers, inside the crediting transaction."""
        await self.credited.publish(tx, TopUpCredited(
            topup_id=topup.id, user_id=topup.user_id, amount=topup.amount,
            currency=topup.currency, intent_id=topup.intent_id))

    @staticmethod
    def _mismatch(topup: TopUp, payment: Payment) -> str:
        if not payment.payment_id:
            return "missing-payment-id"
        if payment.gateway != topup.gateway:
            return "gateway-mismatch"
        if payment.currency.upper() != topup.gateway_currency.upper():
            return "currency-mismatch"
        if payment.amount != topup.gateway_amount:
            return "amount-mismatch"
        if topup.status is TopUpStatus.HELD:
            return topup.failure or "held"
        return ""

    async def hold(self, tx: Tx, topup: TopUp, payment: Payment, reason: str) -> Settlement:
        """Credit nothing; mark a still-open top-up as held and alert staff."""
        held = topup
        if topup.status in (TopUpStatus.PENDING, TopUpStatus.FAILED):
            held = await self._save(tx, topup, topup.status, status=TopUpStatus.HELD,
                                    payment_id=payment.payment_id, failure=reason)
        await self.queue(tx, f"topup:{topup.id}:held:{payment.payment_id or 'none'}",
                          "staff-topup-held",
                          self._params(topup, reason=reason, payment_id=payment.payment_id or "-",
                                       paid=_paid_text(payment)))
        log.warning("top-up %s payment %s held: %s", topup.id, payment.payment_id, reason)
        return Settlement(Outcome.PARKED, held, reason)

    async def failed(self, tx: Tx, topup: TopUp, reason: str) -> Settlement:
        """Fail a pending top-up; anything already settled stays as it is (terminal wins)."""
        if topup.status is not TopUpStatus.PENDING:
            late = "late-failure" if topup.status in SETTLED else f"already-{topup.status.value}"
            return Settlement(Outcome.IGNORED, topup, late)
        failed = await self._save(tx, topup, TopUpStatus.PENDING, status=TopUpStatus.FAILED,
                                  failure=reason)
        await self.queue(tx, f"topup:{topup.id}:failed", "topup-failed",
                          {"amount": format_amount(topup.amount, topup.currency),
                           "topup_id": topup.id}, chat_id=topup.user_id)
        await self.queue(tx, f"topup:{topup.id}:failed:staff", "staff-topup-failed",
                          self._params(topup, reason=reason))
        return Settlement(Outcome.FAILED, failed, reason)

    # --- refunds and disputes made at the gateway ---------------------------------------

    def refund_key(self, topup: TopUp, event: GatewayEvent) -> str:
        if event.cumulative:
            return f"gateway-refund:{topup.gateway}:{topup.payment_id}:{event.amount}"
        return f"gateway-refund:{topup.gateway}:{event.refund_id}"

    async def refunded(self, tx: Tx, topup: TopUp, event: GatewayEvent) -> Settlement:
        """Money went back to the payer at the gateway (a dashboard refund): take it back from
        the wallet once per refund. What the wallet no longer holds leaves the balance below
        zero: a debt in the ledger that blocks purchases until a top-up pays it."""
        by_shop = (topup.status in (TopUpStatus.REFUNDING, TopUpStatus.REFUNDED)
                   and topup.refunded_amount == 0)
        held_refunded = topup.status is TopUpStatus.FAILED and bool(topup.refund_ref)
        if by_shop or held_refunded:
            return Settlement(Outcome.IGNORED, topup, "refund-by-shop")  # handled when asked
        if topup.status not in (TopUpStatus.CREDITED, TopUpStatus.REFUNDED):
            # Not credited (yet): the event waits under the payment id for its capture.
            return Settlement(Outcome.PARKED, topup, REFUND_BEFORE_CAPTURE)
        if topup.payment_id != event.payment_id:
            return Settlement(Outcome.PARKED, topup, "refund-of-another-payment")
        if event.amount is None or event.amount <= 0:
            return Settlement(Outcome.IGNORED, topup, "refund-without-amount")
        key = self.refund_key(topup, event)
        if event.cumulative:
            total = min(event.amount, topup.gateway_amount)
        else:
            if await tx.ledger.find_by_key(key) is not None:
                return Settlement(Outcome.DUPLICATE, topup, "refund-already-applied")
            total = min(topup.gateway_amount, topup.refunded_amount + event.amount)
        delta = total - topup.refunded_amount
        if delta <= 0:
            return Settlement(Outcome.DUPLICATE, topup, "refund-already-applied")
        taken = max(1, delta * topup.amount // topup.gateway_amount)
        entry = await post(tx, Posting(topup.user_id, -taken, key, "gateway-refund",
                                       ref=topup.id),
                           currency=topup.currency, clock=self.clock, ids=self.ids,
                           allow_negative=True)
        done = await self._save(tx, topup, topup.status, status=TopUpStatus.REFUNDED,
                                refund_ref=event.refund_id[:100], refunded_amount=total)
        amount = format_amount(taken, topup.currency)
        if entry.balance_after < 0:
            await self.queue(tx, f"{key}:customer", "topup-reversed-debt",
                              {"amount": amount, "topup_id": topup.id,
                               "debt": format_amount(-entry.balance_after, topup.currency)},
                              chat_id=topup.user_id)
        else:
            await self.queue(tx, f"{key}:customer", "topup-reversed",
                              {"amount": amount, "topup_id": topup.id,
                               "balance": format_amount(entry.balance_after, topup.currency)},
                              chat_id=topup.user_id)
        await self.queue(tx, f"{key}:staff", "staff-topup-reversed",
                          self._params(topup, refunded=amount, payment_id=topup.payment_id,
                                       balance=format_amount(entry.balance_after,
                                                             topup.currency)))
        log.warning("top-up %s: %s refunded %s at the gateway; balance now %s", topup.id,
                    topup.gateway, taken, entry.balance_after)
        return Settlement(Outcome.REFUNDED, done)

    async def refund_failed(self, tx: Tx, topup: TopUp, event: GatewayEvent) -> Settlement:
        """A refund reported before did not happen: give back what it took."""
        taken = await tx.ledger.find_by_key(self.refund_key(topup, event))
        if taken is None:
            return Settlement(Outcome.IGNORED, topup, "no-refund-taken")
        await post(tx, Posting(topup.user_id, -taken.amount,
                               f"gateway-refund-reversal:{topup.gateway}:{event.refund_id}",
                               "gateway-refund-reversal", ref=topup.id),
                   currency=topup.currency, clock=self.clock, ids=self.ids)
        back = min(topup.refunded_amount, -taken.amount * topup.gateway_amount // topup.amount)
        left = topup.refunded_amount - back
        done = await self._save(
            tx, topup, topup.status, refunded_amount=left,
            status=TopUpStatus.REFUNDED if left else TopUpStatus.CREDITED)
        return Settlement(Outcome.REFUNDED, done, "refund-failed")

    async def apply_waiting_refunds(self, tx: Tx, topup: TopUp) -> TopUp:
        """Refunds of this top-up's payment that arrived before it was credited."""
        if not topup.payment_id:
            return topup
        for stored in await tx.webhook_events.for_payment(topup.gateway, topup.payment_id):
            if stored.status is not EventStatus.PARKED or stored.outcome != REFUND_BEFORE_CAPTURE:
                continue
            event = parse_stored(stored.gateway, stored.body)
            if event is None:
                continue
            done = await self.refunded(tx, topup, event)
            topup = done.topup
            await tx.webhook_events.save_outcome(dataclasses.replace(
                stored, status=EventStatus.PROCESSED, outcome=f"applied-after-capture:"
                f"{done.reason or done.outcome.value}", topup_id=topup.id,
                processed_at=self.clock.now()))
        return topup

    async def disputed(self, tx: Tx, topup: TopUp | None, event: GatewayEvent) -> None:
        """A chargeback opened or changed: staff hear of it with what the customer bought
        since the disputed top-up."""
        orders = "-"
        if topup is not None:
            bought = [o for o in await tx.orders.list(user_id=topup.user_id, limit=50)
                      if o.created_at >= topup.created_at]
            if bought:
                orders = ", ".join(f"{o.id} {format_amount(o.amount, o.currency)} "
                                   f"({o.status.value})" for o in reversed(bought))
        payment = Payment(event.gateway, event.payment_id, event.amount, event.currency)
        await self.queue(tx, f"dispute:{event.gateway}:{event.refund_id or event.payment_id}:"
                          f"{event.type}:{event.reason}", "staff-payment-disputed",
                          {"gateway": event.gateway, "payment_id": event.payment_id or "-",
                           "dispute": event.refund_id or "-", "status": event.reason or "-",
                           "paid": _paid_text(payment),
                           "user_id": topup.user_id if topup else "-",
                           "topup_id": topup.id if topup else "-", "orders": orders})
        log.warning("%s dispute %s on payment %s (%s)", event.gateway, event.refund_id,
                    event.payment_id, event.reason)

    async def unmatched(self, tx: Tx, event_key: str, payment: Payment) -> None:
        await self.queue(tx, f"webhook:{event_key}:unmatched", "staff-payment-unmatched",
                          {"event": event_key, "gateway": payment.gateway,
                           "payment_id": payment.payment_id or "-",
                           "paid": _paid_text(payment)})


def _paid_text(payment: Payment) -> str:
    if payment.amount is None or payment.currency.upper() not in EXPONENTS:
        return "?"
    return format_amount(payment.amount, payment.currency.upper())
