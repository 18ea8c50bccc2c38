"""Staff resolve a held top-up: credit what the gateway actually received, or refund that
payment at the gateway. Either way the top-up leaves ``held`` and the act is audited.

``credit``: the amount comes from the recorded payment (the callback kept with the top-up's
payment id), converted to the wallet currency at the top-up's own rate; the ledger key is the
payment's (``<gateway>:<payment id>``), so the payment is never credited twice. The top-up is then
``credited`` with the received amount.

``refund``: the gateway refunds the received amount (outside any transaction; nothing was
credited, so the wallet is untouched). The top-up becomes ``failed`` with the refund recorded, so
a later correct payment for it is credited as usual. A gateway that refuses or cannot be reached
leaves it ``held`` and running the command again is safe (the adapters repeat the same request).
"""

from __future__ import annotations

import dataclasses
import logging

from core.clock import Clock
from core.errors import (
    PaymentError,
    RetryableConflict,
    TopupNotFound,
    TopupNotHeld,
    ValidationError,
    found,
)
from core.ids import IdFactory
from core.models import TopUp, TopUpStatus
from core.money import format_amount
from core.services import audit
from core.services.payments.adapters.base import GatewayAdapter
from core.services.payments.events import parse_stored
from core.services.payments.models import Action, RefundResult
from core.services.payments.settle import Payment, Settler
from core.services.wallet import Posting, post
from core.storage.base import Store, Tx

log = logging.getLogger(__name__)


class HeldResolver:
    def __init__(self, store: Store, clock: Clock, ids: IdFactory, settler: Settler) -> None:
        self._store = store
        self._clock = clock
        self._ids = ids
        self._settler = settler

    async def _held(self, tx: Tx, topup_id: str) -> TopUp:
        topup = found(await tx.topups.get(topup_id),
                      TopupNotFound(f"no top-up {topup_id[:40]}", topup_id=topup_id[:40]))
        if topup.status is not TopUpStatus.HELD:
            raise TopupNotHeld(f"top-up {topup.id} is {topup.status.value}, not held",
                               status=topup.status.value)
        if not topup.payment_id:
            raise ValidationError(f"top-up {topup.id} has no payment on record",
                                  reason="no-payment")
        return topup

    async def _received(self, tx: Tx, topup: TopUp) -> Payment:
        """The amount and currency the held payment actually brought, from its callback."""
        for stored in reversed(await tx.webhook_events.for_payment(topup.gateway,
                                                                   topup.payment_id)):
            event = parse_stored(stored.gateway, stored.body)
            if event is not None and event.action is Action.PAID and event.amount:
                return Payment(topup.gateway, topup.payment_id, event.amount,
                               event.currency.upper())
        raise ValidationError(f"the payment of top-up {topup.id} is not on record",
                              reason="no-record")

    async def credit(self, topup_id: str, *, actor: str) -> TopUp:
        return await self._store.transaction(lambda tx: self._credit(tx, topup_id, actor))

    async def _credit(self, tx: Tx, topup_id: str, actor: str) -> TopUp:
        topup = await self._held(tx, topup_id)
        payment = await self._received(tx, topup)
        if payment.currency != topup.gateway_currency.upper():
            raise ValidationError(f"the payment came in {payment.currency}, not "
                                  f"{topup.gateway_currency}: refund it instead",
                                  reason="currency")
        assert payment.amount is not None
        amount = payment.amount * topup.amount // topup.gateway_amount
        if amount <= 0:
            raise ValidationError("the received amount is too small to credit", reason="amount")
        entry = await post(tx, Posting(topup.user_id, amount, self._settler.ledger_key(payment),
                                       "topup", ref=topup.id),
                           currency=topup.currency, clock=self._clock, ids=self._ids)
        updated = dataclasses.replace(topup, status=TopUpStatus.CREDITED, amount=amount,
                                      gateway_amount=payment.amount, failure="",
                                      updated_at=self._clock.now())
        if not await tx.topups.update(updated, TopUpStatus.HELD):
            raise RetryableConflict(f"top-up {topup.id} changed concurrently")
        await audit.append(tx, self._clock, actor=actor, action="topup.resolve.credit",
                           target=topup.id,
                           details={"payment_id": topup.payment_id, "received": payment.amount,
                                    "requested": topup.amount, "credited": amount,
                                    "held_for": topup.failure})
        await self._settler.queue(tx, f"topup:{topup.id}:credited", "topup-credited",
                                  {"amount": format_amount(amount, topup.currency),
                                   "balance": format_amount(entry.balance_after,
                                                            topup.currency),
                                   "topup_id": topup.id}, chat_id=topup.user_id)
        updated = await self._settler.apply_waiting_refunds(tx, updated)
        await self._settler.announce_credited(tx, updated)
        log.info("held top-up %s credited %s by %s", topup.id, amount, actor)
        return updated

    async def refund(self, topup_id: str, adapter: GatewayAdapter, *, actor: str
                     ) -> tuple[TopUp, RefundResult]:
        async def start(tx: Tx) -> tuple[TopUp, Payment]:
            topup = await self._held(tx, topup_id)
            return topup, await self._received(tx, topup)

        topup, payment = await self._store.transaction(start)
        assert payment.amount is not None
        # The adapter refunds ``payment_id`` for ``gateway_amount``: what was received.
        asked = dataclasses.replace(topup, gateway_amount=payment.amount)
        try:
            result = await adapter.refund(asked)
        except PaymentError as exc:
            code = exc.code
            await self._store.transaction(lambda tx: audit.append(
                tx, self._clock, actor=actor, action="topup.resolve.refund.failed",
                target=topup.id, details={"payment_id": topup.payment_id, "error": code}))
            raise

        async def finish(tx: Tx) -> TopUp:
            current = await self._held(tx, topup_id)
            done = dataclasses.replace(
                current, status=TopUpStatus.FAILED, failure="held-payment-refunded",
                refund_ref=result.ref, refund_attempts=current.refund_attempts + 1,
                updated_at=self._clock.now())
            if not await tx.topups.update(done, TopUpStatus.HELD):
                raise RetryableConflict(f"top-up {topup.id} changed concurrently")
            await audit.append(tx, self._clock, actor=actor, action="topup.resolve.refund",
                               target=topup.id,
                               details={"payment_id": topup.payment_id,
                                        "refunded": payment.amount,
                                        "currency": payment.currency, "ref": result.ref,
                                        "held_for": topup.failure})
            return done

        done = await self._store.transaction(finish)
        log.info("held top-up %s: payment %s refunded at %s by %s", topup.id, topup.payment_id,
                 topup.gateway, actor)
        return done, result
