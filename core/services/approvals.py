"""Staff money actions: balance adjustments and order refunds, with two-admin approval above
``APPROVAL_LIMIT``.

At or below the limit the action runs at once. Above it an ``Approval`` is stored and the other
admins are alerted; another admin (never the one who asked) approves it, which runs the action
with both names in the audit entries, or rejects it. The action itself is idempotent (the
ledger key of an adjustment, a refunded order stays refunded), and the approval is decided once
(``decide`` only moves a pending approval), so two admins pressing Approve at once act once.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from core.clock import Clock
from core.errors import ApprovalDecided, NotFound, PermissionDenied, ValidationError
from core.ids import IdFactory
from core.models import Approval, Decision, LedgerEntry, Order
from core.money import format_amount, require_minor
from core.services import audit
from core.services.notify import enqueue
from core.services.orders import OrderService, StockAction
from core.services.payments import PaymentsService, Refund
from core.services.staff import actor_of
from core.services.wallet import Posting, post
from core.storage.base import Store, Tx

log = logging.getLogger(__name__)
# The admin bot's buttons on an approval alert, packed like its callback data.
APPROVAL_CALLBACK = "aap:{action}:{id}"
MAX_REASON = 200


@dataclass(frozen=True, slots=True)
class Outcome:
    """What a staff money action did: ``done`` (with the entry or order) or ``approval``
    (waiting for a second admin)."""

    approval: Approval | None = None
    entry: LedgerEntry | None = None
    order: Order | None = None
    refund: Refund | None = None  # a top-up refund; ``refund.result.bot_call`` for Stars

    @property
    def waiting(self) -> bool:
        return self.approval is not None


def _reason(text: str) -> str:
    reason = (text or "").strip()[:MAX_REASON]
    if not reason:
        raise ValidationError("a reason is required", field="reason")
    return reason


class ApprovalService:
    def __init__(self, store: Store, clock: Clock, ids: IdFactory, orders: OrderService,
                 payments: PaymentsService, *, currency: str, limit: int) -> None:
        self._store = store
        self._clock = clock
        self._ids = ids
        self._orders = orders
        self._payments = payments
        self._currency = currency
        self.limit = limit

    # ---- the actions ------------------------------------------------------------------------

    async def adjust_balance(self, user_id: int, amount: int, *, reason: str, key: str,
                             staff_id: int) -> Outcome:
        """Credit (amount > 0) or debit (< 0) a wallet with a reason: one ledger entry under
        ``adjust:<key>`` (a repeat of the key applies once), audited."""
        if require_minor(amount) == 0:
            raise ValidationError("the amount cannot be zero", field="amount")
        params = {"user_id": user_id, "amount": amount, "reason": _reason(reason),
                  "key": key[:80]}
        if abs(amount) > self.limit:
            return Outcome(approval=await self._request("adjust", str(user_id), abs(amount),
                                                        params, staff_id))
        return Outcome(entry=await self._adjust(params, actor_of(staff_id)))

    async def refund_order(self, order_id: str, *, stock: str, reason: str,
                           staff_id: int) -> Outcome:
        order = await self._orders.get(order_id)
        params = {"order_id": order.id, "stock": StockAction(stock).value,
                  "reason": _reason(reason)}
        if order.amount > self.limit:
            return Outcome(approval=await self._request("refund_order", order.id, order.amount,
                                                        params, staff_id))
        return Outcome(order=await self._orders.refund(order.id, actor=actor_of(staff_id),
                                                       stock=params["stock"],
                                                       reason=params["reason"]))

    async def refund_topup(self, topup_id: str, *, staff_id: int) -> Outcome:
        """Refund a credited top-up to where it came from (Stars: the result carries the bot's
        call; the bot confirms or reverses it)."""
        topup = await self._payments.get(topup_id)
        if topup.amount > self.limit:
            return Outcome(approval=await self._request("refund_topup", topup.id, topup.amount,
                                                        {"topup_id": topup.id,
                                                         "reason": "gateway refund"},
                                                        staff_id))
        return Outcome(refund=await self._payments.refund_topup(topup.id,
                                                                actor=actor_of(staff_id)))

    async def _adjust(self, params: dict[str, Any], actor: str) -> LedgerEntry:
        user_id, amount = int(params["user_id"]), int(params["amount"])

        async def unit(tx: Tx) -> LedgerEntry:
            if await tx.users.get(user_id) is None:
                raise NotFound(f"no user {user_id}")
            done = await tx.ledger.find_by_key(f"adjust:{params['key']}")
            if done is not None:
                return done  # a repeat (a second tap, a second approver): applied once
            entry = await post(tx, Posting(user_id, amount, f"adjust:{params['key']}", "adjust",
                                           ref=str(params["reason"])[:60]),
                               currency=self._currency, clock=self._clock, ids=self._ids)
            await audit.append(tx, self._clock, actor=actor, action="wallet.adjust",
                               target=str(user_id),
                               details={"amount": amount, "reason": params["reason"],
                                        "entry": entry.id})
            return entry

        entry = await self._store.transaction(unit)
        log.info("wallet of user=%s adjusted by %s (%s)", user_id, amount, actor)
        return entry

    # ---- approvals --------------------------------------------------------------------------

    async def _request(self, kind: str, target: str, amount: int, params: dict[str, Any],
                       staff_id: int) -> Approval:
        approval = Approval(id=self._ids.new("apr"), kind=kind, target=target, amount=amount,
                            params=params, requested_by=staff_id, status=Decision.PENDING,
                            created_at=self._clock.now())
        buttons = [[{"text_key": "admin-btn-approve",
                     "callback_data": APPROVAL_CALLBACK.format(action="yes", id=approval.id)},
                    {"text_key": "admin-btn-reject",
                     "callback_data": APPROVAL_CALLBACK.format(action="no", id=approval.id)}]]

        async def unit(tx: Tx) -> Approval:
            await tx.approvals.insert(approval)
            await audit.append(tx, self._clock, actor=actor_of(staff_id),
                               action="approval.request", target=approval.id,
                               details={"kind": kind, "target": target, "amount": amount})
            await enqueue(tx, self._clock, self._ids, key=f"approval:{approval.id}:staff",
                          template="staff-approval-needed", audience="staff", bot="admin",
                          params={"id": approval.id, "kind": kind, "target": target,
                                  "amount": format_amount(amount, self._currency),
                                  "by": str(staff_id), "reason": params.get("reason", "")},
                          options={"reply_markup": buttons})
            return approval

        return await self._store.transaction(unit)

    async def get(self, approval_id: str) -> Approval:
        found = await self._store.read(lambda tx: tx.approvals.get(approval_id))
        if found is None:
            raise NotFound(f"no approval {approval_id}")
        return found

    async def pending(self, limit: int = 20) -> list[Approval]:
        return await self._store.read(lambda tx: tx.approvals.list(Decision.PENDING, limit))

    async def approve(self, approval_id: str, *, staff_id: int) -> Outcome:
        """Run the action as "<requester> approved by <approver>"; the approver must be another
        admin. Two approvals at once run it once (ApprovalDecided for the second)."""
        approval = await self.get(approval_id)
        if approval.requested_by == staff_id:
            raise PermissionDenied("nobody approves their own request", reason="own")
        if approval.status is not Decision.PENDING:
            raise ApprovalDecided(f"approval {approval_id} is {approval.status.value}")
        actor = f"{actor_of(approval.requested_by)}+{actor_of(staff_id)}"
        if approval.kind == "adjust":
            outcome = Outcome(entry=await self._adjust(approval.params, actor))
        elif approval.kind == "refund_topup":
            outcome = Outcome(refund=await self._payments.refund_topup(
                str(approval.params["topup_id"]), actor=actor))
        else:
            params = approval.params
            outcome = Outcome(order=await self._orders.refund(
                str(params["order_id"]), actor=actor, stock=str(params["stock"]),
                reason=str(params["reason"])))
        await self._decide(approval, Decision.APPROVED, staff_id)
        return outcome

    async def reject(self, approval_id: str, *, staff_id: int) -> Approval:
        approval = await self.get(approval_id)
        return await self._decide(approval, Decision.REJECTED, staff_id)

    async def _decide(self, approval: Approval, status: Decision, staff_id: int) -> Approval:
        now = self._clock.now()

        async def unit(tx: Tx) -> Approval:
            if not await tx.approvals.decide(approval.id, status, staff_id, now):
                current = await tx.approvals.get(approval.id)
                if current is not None and current.status is status and status is \
                        Decision.APPROVED:
                    return current  # approved at the same moment: the action ran once
                raise ApprovalDecided(f"approval {approval.id} was decided already")
            await audit.append(tx, self._clock, actor=actor_of(staff_id),
                               action=f"approval.{status.value}", target=approval.id,
                               details={"kind": approval.kind, "target": approval.target,
                                        "amount": approval.amount,
                                        "requested_by": actor_of(approval.requested_by),
                                        "decided_by": actor_of(staff_id)})
            return await tx.approvals.get(approval.id)  # type: ignore[return-value]

        return await self._store.transaction(unit)
