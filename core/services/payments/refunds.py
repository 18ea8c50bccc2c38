"""Refunding a top-up to where it came from (a staff action, audited).

Order of writes, chosen so nothing is ever half-written in a way that loses money:

1. One transaction debits the wallet (key ``refund:<topup id>``, or ``refund:<id>:<attempt>``
   after an earlier refusal), marks the top-up ``refunding`` and audits the request. If the
   balance no longer covers the top-up this fails with ``TopupNotRefundable(reason="balance")``
   and nothing changes. Debiting first means the customer cannot spend the money while the
   gateway works on the refund.
2. The gateway call, outside any transaction.
3a. It worked: the top-up becomes ``refunded``; the customer and staff are told.
3b. The gateway refused (a definite answer, no money moved): a compensating credit with key
    ``refund-reversal:<id>:<attempt>`` gives the money back and the top-up is ``credited``
    again; the next attempt uses a new debit key.
3c. The gateway could not be reached or answered 5xx: the outcome is unknown, so the debit
    stays and the top-up stays ``refunding``; running the refund again repeats the same gateway
    request (adapters make that safe), and staff are alerted.

Telegram Stars are refunded by the bot (``refundStarPayment``): the result carries that call and
the top-up stays ``refunding``; when Telegram accepts, the bot calls ``confirm_bot_refund`` (the
top-up becomes ``refunded`` and the customer is told), and when Telegram refuses it calls
``reverse_refund`` to put the money back.
"""

from __future__ import annotations

import dataclasses
import logging

from core.clock import Clock, to_iso
from core.errors import (
    GatewayRejected,
    GatewayUnavailable,
    InsufficientFunds,
    RetryableConflict,
    TopupNotFound,
    TopupNotRefundable,
    found,
)
from core.ids import IdFactory
from core.models import TopUp, TopUpStatus
from core.money import format_amount
from core.services import audit, notify
from core.services.payments.adapters.base import GatewayAdapter
from core.services.payments.models import Refund, RefundResult
from core.services.wallet import Posting, post
from core.storage.base import Store, Tx

log = logging.getLogger(__name__)


def debit_key(topup: TopUp) -> str:
    n = topup.refund_attempts
    return f"refund:{topup.id}" if n == 0 else f"refund:{topup.id}:{n}"


class Refunder:
    def __init__(self, store: Store, clock: Clock, ids: IdFactory) -> None:
        self._store = store
        self._clock = clock
        self._ids = ids

    async def _get(self, tx: Tx, topup_id: str) -> TopUp:
        return found(await tx.topups.get(topup_id),
                     TopupNotFound(f"no top-up {topup_id[:40]}", topup_id=topup_id[:40]))

    async def _save(self, tx: Tx, topup: TopUp, expected: TopUpStatus, **changes: object
                    ) -> TopUp:
        updated = dataclasses.replace(topup, updated_at=self._clock.now(), **changes)
        if not await tx.topups.update(updated, expected):
            raise RetryableConflict(f"top-up {topup.id} changed concurrently")
        return updated

    async def refund(self, topup_id: str, adapter: GatewayAdapter, *, actor: str) -> Refund:
        topup = await self._store.transaction(lambda tx: self._start(tx, topup_id, actor))
        try:
            result = await adapter.refund(topup)
        except GatewayRejected as exc:
            code, detail = exc.code, exc.params.get("detail")
            await self._store.transaction(
                lambda tx: self._reverse(tx, topup.id, actor, code, detail))
            log.warning("refund of top-up %s refused by %s", topup.id, topup.gateway)
            raise
        except GatewayUnavailable:
            await self._store.transaction(lambda tx: self._unknown(tx, topup, actor))
            log.warning("refund of top-up %s: %s unreachable, left refunding", topup.id,
                        topup.gateway)
            raise
        if result.bot_call is not None:
            # Telegram Stars: the bot makes the call. The top-up stays refunding (the wallet
            # debited) until the bot reports Telegram's answer: confirm_bot_refund or reverse.
            log.info("top-up %s: refund waits for the bot's %s", topup.id, result.bot_call.method)
            return Refund(topup, result)
        done = await self._store.transaction(lambda tx: self._finish(tx, topup, result, actor))
        log.info("top-up %s refunded by %s (ref %s)", done.id, actor, result.ref or "bot")
        return Refund(done, result)

    async def confirm_bot_refund(self, topup_id: str, *, actor: str,
                                 ref: str = "telegram") -> TopUp:
        """Telegram accepted the bot's refund call: the top-up is refunded and the customer
        told (a repeat returns the refunded top-up)."""
        async def unit(tx: Tx) -> TopUp:
            topup = await self._get(tx, topup_id)
            if topup.status is TopUpStatus.REFUNDED:
                return topup
            if topup.status is not TopUpStatus.REFUNDING:
                raise TopupNotRefundable(f"top-up {topup.id} has no refund in progress",
                                         reason="no-refund", status=topup.status.value)
            return await self._finish(tx, topup, RefundResult(ref=ref), actor)

        return await self._store.transaction(unit)

    async def _start(self, tx: Tx, topup_id: str, actor: str) -> TopUp:
        topup = await self._get(tx, topup_id)
        if topup.status is TopUpStatus.REFUNDING:
            return topup  # an earlier attempt's outcome is unknown: ask the gateway again
        if topup.status is not TopUpStatus.CREDITED:
            raise TopupNotRefundable(f"top-up {topup.id} is {topup.status.value}, not credited",
                                     reason="not-credited", status=topup.status.value)
        try:
            await post(tx, Posting(topup.user_id, -topup.amount, debit_key(topup), "refund",
                                   ref=topup.id),
                       currency=topup.currency, clock=self._clock, ids=self._ids)
        except InsufficientFunds as exc:
            balance = int(exc.params.get("balance", 0))
            raise TopupNotRefundable(
                f"the balance {format_amount(balance, topup.currency)} no longer covers the "
                f"refund of {format_amount(topup.amount, topup.currency)}",
                reason="balance", balance=balance, amount=topup.amount) from None
        await audit.append(tx, self._clock, actor=actor, action="topup.refund.start",
                           target=topup.id, details={"amount": topup.amount,
                                                     "gateway": topup.gateway})
        return await self._save(tx, topup, TopUpStatus.CREDITED, status=TopUpStatus.REFUNDING)

    async def _finish(self, tx: Tx, topup: TopUp, result: RefundResult, actor: str) -> TopUp:
        done = await self._save(tx, topup, TopUpStatus.REFUNDING, status=TopUpStatus.REFUNDED,
                                refund_ref=result.ref)
        await audit.append(tx, self._clock, actor=actor, action="topup.refund",
                           target=topup.id, details={"amount": topup.amount,
                                                     "gateway": topup.gateway,
                                                     "ref": result.ref})
        amount = format_amount(topup.amount, topup.currency)
        await notify.enqueue(tx, self._clock, self._ids, key=f"topup:{topup.id}:refunded",
                             template="topup-refunded", params={"amount": amount,
                                                                "topup_id": topup.id},
                             chat_id=topup.user_id)
        await notify.enqueue(tx, self._clock, self._ids, key=f"topup:{topup.id}:refunded:staff",
                             template="staff-topup-refunded", audience="staff", bot="admin",
                             params={"topup_id": topup.id, "user_id": topup.user_id,
                                     "amount": amount, "gateway": topup.gateway,
                                     "actor": actor})
        return done

    async def _unknown(self, tx: Tx, topup: TopUp, actor: str) -> None:
        await audit.append(tx, self._clock, actor=actor, action="topup.refund.unknown",
                           target=topup.id, details={"gateway": topup.gateway})
        await notify.enqueue(tx, self._clock, self._ids,
                             key=f"topup:{topup.id}:refund-unknown:{to_iso(self._clock.now())}",
                             template="staff-refund-unconfirmed", audience="staff", bot="admin",
                             params={"topup_id": topup.id, "gateway": topup.gateway,
                                     "actor": actor})

    async def reverse(self, topup_id: str, *, actor: str, reason: str) -> TopUp:
        """Undo a refund whose gateway side did not happen: credit the debit back."""
        return await self._store.transaction(
            lambda tx: self._reverse(tx, topup_id, actor, reason, None))

    async def _reverse(self, tx: Tx, topup_id: str, actor: str, reason: str,
                       detail: object) -> TopUp:
        topup = await self._get(tx, topup_id)
        # A finished refund can only be reversed when the bot still had to make it (Stars).
        bot_pending = topup.status is TopUpStatus.REFUNDED and not topup.refund_ref
        if topup.status is not TopUpStatus.REFUNDING and not bot_pending:
            raise TopupNotRefundable(f"top-up {topup.id} has no refund to reverse",
                                     reason="no-refund", status=topup.status.value)
        attempt = topup.refund_attempts
        await post(tx, Posting(topup.user_id, topup.amount,
                               f"refund-reversal:{topup.id}:{attempt}", "refund-reversal",
                               ref=topup.id),
                   currency=topup.currency, clock=self._clock, ids=self._ids)
        await audit.append(tx, self._clock, actor=actor, action="topup.refund.reversed",
                           target=topup.id, details={"reason": reason[:60],
                                                     "detail": str(detail or "")[:120]})
        return await self._save(tx, topup, topup.status, status=TopUpStatus.CREDITED,
                                refund_ref="", refund_attempts=attempt + 1)
