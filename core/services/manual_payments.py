"""Bank transfers: the customer reports one with the amount and a screenshot; staff approve
(the wallet is credited exactly once) or reject it; the customer is told either way."""

from __future__ import annotations

import logging

from core.clock import Clock
from core.errors import AmountOutOfRange, ApprovalDecided, NotFound, ValidationError, found
from core.ids import IdFactory
from core.models import Decision, ManualPayment
from core.money import format_amount, require_positive
from core.services import audit
from core.services.notify import enqueue
from core.services.staff import actor_of
from core.services.wallet import Posting, post
from core.storage.base import Store, Tx

log = logging.getLogger(__name__)
MAX_SCREENSHOT_BYTES = 5 * 1024 * 1024
# The admin bot's buttons on the staff alert, packed like its callback data.
MANUAL_CALLBACK = "amp:{action}:{id}"


class ManualPaymentService:
    def __init__(self, store: Store, clock: Clock, ids: IdFactory, *, currency: str,
                 minimum: int, maximum: int, instructions: str) -> None:
        self._store = store
        self._clock = clock
        self._ids = ids
        self._currency = currency
        self._min, self._max = minimum, maximum
        self.instructions = instructions.strip()

    @property
    def enabled(self) -> bool:
        return bool(self.instructions)

    async def submit(self, user_id: int, amount: int, screenshot: bytes) -> ManualPayment:
        """Store the report and alert staff with View / Approve / Reject buttons."""
        if not self.enabled:
            raise ValidationError("bank transfers are not offered", reason="disabled")
        if not self._min <= require_positive(amount) <= self._max:
            raise AmountOutOfRange("amount out of range", amount=amount, min=self._min,
                                   max=self._max)
        if not screenshot or len(screenshot) > MAX_SCREENSHOT_BYTES:
            raise ValidationError("a screenshot of at most 5 MB is needed", field="screenshot")
        payment = ManualPayment(id=self._ids.new("man"), user_id=user_id, amount=amount,
                                currency=self._currency, status=Decision.PENDING,
                                created_at=self._clock.now(), screenshot=screenshot)
        buttons = [[{"text_key": "admin-btn-view-screenshot",
                     "callback_data": MANUAL_CALLBACK.format(action="view", id=payment.id)}],
                   [{"text_key": "admin-btn-approve",
                     "callback_data": MANUAL_CALLBACK.format(action="yes", id=payment.id)},
                    {"text_key": "admin-btn-reject",
                     "callback_data": MANUAL_CALLBACK.format(action="no", id=payment.id)}]]

        async def unit(tx: Tx) -> ManualPayment:
            await tx.manual_payments.insert(payment)
            await enqueue(tx, self._clock, self._ids, key=f"manual:{payment.id}:staff",
                          template="staff-manual-payment", audience="staff", bot="admin",
                          params={"id": payment.id, "user": str(user_id),
                                  "amount": format_amount(amount, self._currency)},
                          options={"reply_markup": buttons})
            return payment

        saved = await self._store.transaction(unit)
        log.info("manual payment %s of %d reported by user=%s", saved.id, amount, user_id)
        return saved

    async def get(self, payment_id: str) -> ManualPayment:
        return found(await self._store.read(lambda tx: tx.manual_payments.get(payment_id)),
                     NotFound(f"no manual payment {payment_id}"))

    async def pending(self, limit: int = 20) -> list[ManualPayment]:
        return await self._store.read(lambda tx: tx.manual_payments.list(Decision.PENDING, limit))

    async def approve(self, payment_id: str, *, staff_id: int) -> ManualPayment:
        """Credit the wallet once: the decision, the ledger entry (key ``manual:<id>``), the
        audit entry and the customer's message are one unit of work, and only a pending
        payment can be decided, so a second approval at the same moment changes nothing."""
        return await self._decide(payment_id, Decision.APPROVED, staff_id, "")

    async def reject(self, payment_id: str, *, staff_id: int, reason: str = "") -> ManualPayment:
        return await self._decide(payment_id, Decision.REJECTED, staff_id, reason.strip()[:200])

    async def _decide(self, payment_id: str, status: Decision, staff_id: int,
                      reason: str) -> ManualPayment:
        now = self._clock.now()

        async def unit(tx: Tx) -> ManualPayment:
            payment = await tx.manual_payments.get(payment_id)
            if payment is None:
                raise NotFound(f"no manual payment {payment_id}")
            if not await tx.manual_payments.decide(payment_id, status, staff_id, now, reason):
                raise ApprovalDecided(f"manual payment {payment_id} was decided already")
            amount = format_amount(payment.amount, payment.currency)
            if status is Decision.APPROVED:
                await post(tx, Posting(payment.user_id, payment.amount, f"manual:{payment.id}",
                                       "topup", ref=payment.id),
                           currency=payment.currency, clock=self._clock, ids=self._ids)
            await audit.append(tx, self._clock, actor=actor_of(staff_id),
                               action=f"manual_payment.{status.value}", target=payment.id,
                               details={"user_id": payment.user_id, "amount": payment.amount,
                                        "reason": reason})
            await enqueue(tx, self._clock, self._ids, key=f"manual:{payment.id}:decided",
                          template=f"manual-payment-{status.value}", chat_id=payment.user_id,
                          params={"amount": amount, "reason": reason or "—"})
            return await tx.manual_payments.get(payment_id)  # type: ignore[return-value]

        decided = await self._store.transaction(unit)
        log.info("manual payment %s %s by staff=%s", payment_id, status.value, staff_id)
        return decided
