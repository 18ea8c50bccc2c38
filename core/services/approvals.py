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
from core.errors import (
    ApprovalDecided,
    GatewayRejected,
    GatewayUnavailable,
    NotFound,
    PermissionDenied,
    TopupNotRefundable,
    ValidationError,
    found,
)
from core.ids import IdFactory
from core.models import Approval, Decision, LedgerEntry, Order, OrderStatus, TopUp, TopUpStatus
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
RECENT_TOPUPS = 20  # credited top-ups looked at for an order refund to the gateway


@dataclass(frozen=True, slots=True)
class Outcome:
    """What a staff money action did: ``done`` (with the entry or order) or ``approval``
    (waiting for a second admin)."""

    approval: Approval | None = None
    entry: LedgerEntry | None = None
    order: Order | None = None
    refund: Refund | None = None  # a top-up refund; ``refund.result.bot_call`` for Stars
    gateway_error: str = ""  # an order refunded to the wallet whose gateway refund failed

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
                           staff_id: int, to_gateway: bool = False) -> Outcome:
        """Refund an order to the wallet; ``to_gateway``: then pay the top-up that funded it
        back at its gateway (see ``gateway_topup_for``) through the top-up refund path."""
        order = await self._orders.get(order_id)
        params: dict[str, Any] = {"order_id": order.id, "stock": StockAction(stock).value,
                                  "reason": _reason(reason)}
        if to_gateway:
            topup = await self.gateway_topup_for(order)
            if topup is None:
                raise TopupNotRefundable(f"no refundable top-up covers order {order.id}",
                                         reason="no-topup")
            params["topup_id"] = topup.id
        if order.amount > self.limit:
            return Outcome(approval=await self._request("refund_order", order.id, order.amount,
                                                        params, staff_id))
        return await self._refund_order(params, actor_of(staff_id))

    async def gateway_topup_for(self, order: Order) -> TopUp | None:
        """The credited top-up an order refund can go back through, or None: the top-up that
        completed the order's purchase intent, else the customer's latest credited top-up
        made before the order. Either must be at most the order's amount (a top-up is paid
        back in full) through a gateway that is enabled."""
        if order.status is OrderStatus.REFUNDED or order.amount <= 0:
            return None
        gateways = set(self._payments.gateways)
        credited = await self._payments.list_topups(status=TopUpStatus.CREDITED,
                                                    user_id=order.user_id,
                                                    limit=RECENT_TOPUPS)
        fits = sorted((x for x in credited if x.gateway in gateways and
                       0 < x.amount <= order.amount and x.currency == order.currency),
                      key=lambda x: x.created_at, reverse=True)
        linked = [x for x in fits if order.intent_id and x.intent_id == order.intent_id]
        before = [x for x in fits if x.created_at <= order.created_at]
        return (linked or before or [None])[0]

    async def _refund_order(self, params: dict[str, Any], actor: str) -> Outcome:
        """The wallet refund (idempotent), then the gateway refund of ``topup_id`` if asked.
        The wallet credit comes first, so the top-up refund's debit is always covered; when
        the gateway refund does not go through, the money stays in the wallet."""
        order = await self._orders.refund(str(params["order_id"]), actor=actor,
                                          stock=str(params["stock"]),
                                          reason=str(params["reason"]))
        topup_id = params.get("topup_id")
        if not topup_id:
            return Outcome(order=order)
        topup = await self._payments.get(str(topup_id))
        if topup.status is TopUpStatus.REFUNDED:
            return Outcome(order=order)  # a repeat: the gateway refund was made before
        try:
            refund = await self._payments.refund_topup(topup.id, actor=actor)
        except (TopupNotRefundable, GatewayRejected, GatewayUnavailable) as exc:
            log.warning("order %s: refunded to the wallet; gateway refund of top-up %s did "
                        "not go through (%s)", order.id, topup.id, exc.code)
            return Outcome(order=order, gateway_error=exc.code)
        return Outcome(order=order, refund=refund)

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
        return found(await self._store.read(lambda tx: tx.approvals.get(approval_id)),
                     NotFound(f"no approval {approval_id}"))

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
            outcome = await self._refund_order(approval.params, actor)
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
