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
from core.money import EXPONENTS, format_amount
from core.services import notify
from core.services.payments.models import SETTLED, Outcome, Settlement, TopUp, TopUpStatus
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

    async def _queue(self, tx: Tx, key: str, template: str, params: dict[str, Any], *,
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
        await self.credited.publish(tx, TopUpCredited(
            topup_id=credited.id, user_id=credited.user_id, amount=credited.amount,
            currency=credited.currency, intent_id=credited.intent_id))
        await self._queue(tx, f"topup:{topup.id}:credited", "topup-credited",
                          {"amount": format_amount(topup.amount, topup.currency),
                           "balance": format_amount(entry.balance_after, topup.currency),
                           "topup_id": topup.id}, chat_id=topup.user_id)
        await self._queue(tx, f"topup:{topup.id}:credited:staff", "staff-topup-credited",
                          self._params(topup, payment_id=payment.payment_id))
        return Settlement(Outcome.CREDITED, credited)

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
        await self._queue(tx, f"topup:{topup.id}:held:{payment.payment_id or 'none'}",
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
        await self._queue(tx, f"topup:{topup.id}:failed", "topup-failed",
                          {"amount": format_amount(topup.amount, topup.currency),
                           "topup_id": topup.id}, chat_id=topup.user_id)
        await self._queue(tx, f"topup:{topup.id}:failed:staff", "staff-topup-failed",
                          self._params(topup, reason=reason))
        return Settlement(Outcome.FAILED, failed, reason)

    async def unmatched(self, tx: Tx, event_key: str, payment: Payment) -> None:
        await self._queue(tx, f"webhook:{event_key}:unmatched", "staff-payment-unmatched",
                          {"event": event_key, "gateway": payment.gateway,
                           "payment_id": payment.payment_id or "-",
                           "paid": _paid_text(payment)})


def _paid_text(payment: Payment) -> str:
    if payment.amount is None or payment.currency.upper() not in EXPONENTS:
        return "?"
    return format_amount(payment.amount, payment.currency.upper())
