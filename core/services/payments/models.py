"""What the payments service and its gateway adapters pass between them.

The records the store keeps (``TopUp``, ``WebhookEvent`` and their states) are domain models in
``core.models``; this module holds only the service's own values.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from core.models import TopUp


@dataclass(frozen=True, slots=True)
class StarsInvoice:
    """What the bot passes to ``sendInvoice`` (empty provider token, currency XTR). ``title`` and
    ``description`` are locale keys with ``params``."""

    payload: str
    currency: str
    amount: int  # whole stars
    title: str = "stars-invoice-title"
    description: str = "stars-invoice-description"
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class TopupCheckout:
    """Where the customer pays: ``pay_url`` for hosted pages, ``invoice`` for Telegram Stars."""

    topup: TopUp
    pay_url: str = ""
    invoice: StarsInvoice | None = None


# A refund that arrived before the capture of its payment waits under this outcome (PARKED).
REFUND_BEFORE_CAPTURE = "refund-before-capture"


class Action(StrEnum):
    PAID = "paid"
    FAILED = "failed"
    IGNORE = "ignore"
    REFUND = "refund"  # money went back to the payer at the gateway (dashboard refund)
    REFUND_FAILED = "refund-failed"  # a refund reported earlier did not happen after all
    DISPUTE = "dispute"  # a chargeback opened or changed
    REFUSE = "refuse"  # another account or mode: recorded, never acted on


@dataclass(frozen=True, slots=True)
class GatewayEvent:
    """A verified callback reduced to what settling needs. ``topup_ids`` and ``gateway_refs``
    are the candidates the payload names for our top-up, strongest first."""

    gateway: str
    event_id: str
    type: str
    action: Action
    body: str
    payment_id: str = ""
    amount: int | None = None
    currency: str = ""
    topup_ids: tuple[str, ...] = ()
    gateway_refs: tuple[str, ...] = ()
    reason: str = ""  # why ignored, failed or refused; a dispute's status
    refund_id: str = ""  # refunds: the gateway's refund id; disputes: the dispute id
    cumulative: bool = False  # refunds: ``amount`` is the total refunded so far (Stripe)
    account: str = ""  # Razorpay's account_id
    livemode: bool | None = None  # Stripe's livemode
    # What the event is about (payment, refund or dispute id). When set, the event is recorded
    # under ``gateway:type:subject``, so a replay under a new event id is the same record.
    subject: str = ""

    @property
    def key(self) -> str:
        if self.subject:
            return f"{self.gateway}:{self.type}:{self.subject}"
        return f"{self.gateway}:{self.event_id}"


@dataclass(frozen=True, slots=True)
class GatewayStatus:
    """What a gateway says about a checkout when asked (return page, reconciliation)."""

    state: str  # "paid", "pending" or "failed"
    payment_id: str = ""
    amount: int | None = None
    currency: str = ""
    reason: str = ""


@dataclass(frozen=True, slots=True)
class BotCall:
    """A Bot API call only the bot can make (a Stars refund)."""

    method: str
    params: dict[str, Any]


@dataclass(frozen=True, slots=True)
class RefundResult:
    ref: str  # the gateway's refund id ("" when the bot still has to act)
    bot_call: BotCall | None = None


class Outcome(StrEnum):
    CREDITED = "credited"
    FAILED = "failed"
    DUPLICATE = "duplicate"  # this event, or this payment, was settled before
    IGNORED = "ignored"
    PARKED = "parked"
    UNMATCHED = "unmatched"
    REFUNDED = "refunded"  # a gateway refund was taken back from the wallet
    DISPUTED = "disputed"  # staff were alerted to a chargeback
    REFUSED = "refused"  # another account or mode


@dataclass(frozen=True, slots=True)
class Settlement:
    """What settling did, wherever the news came from (a callback, the return page, a Stars
    payment, reconciliation): the outcome, the top-up as it stands afterwards (None if nothing
    matched), a short reason code for anything but a plain outcome, and the recorded event's
    key when the news was a gateway callback or a Stars payment."""

    outcome: Outcome
    topup: TopUp | None = None
    reason: str = ""
    event_key: str = ""


@dataclass(frozen=True, slots=True)
class Refund:
    topup: TopUp
    result: RefundResult


@dataclass(slots=True)
class ReconcileReport:
    checked: int = 0
    credited: int = 0
    failed: int = 0
    held: int = 0
    still_pending: int = 0
    errors: int = 0
