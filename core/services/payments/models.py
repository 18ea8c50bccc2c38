"""Plain models of wallet top-ups and the gateway callbacks that settle them.

Kept here (not in ``core.models``) because only the payments package and its storage adapters use
them; ``core.services.payments`` re-exports every public name.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any


class TopUpStatus(StrEnum):
    PENDING = "pending"  # waiting for the customer to pay on the gateway's page
    CREDITED = "credited"  # paid and credited to the wallet (terminal for payment events)
    FAILED = "failed"  # declined, expired or never started; a later real payment still credits
    HELD = "held"  # a payment arrived that does not match (amount, currency): staff decide
    REFUNDING = "refunding"  # wallet debited, the gateway refund is not confirmed yet
    REFUNDED = "refunded"


# Payment events never move a top-up out of these states.
SETTLED = frozenset({TopUpStatus.CREDITED, TopUpStatus.REFUNDING, TopUpStatus.REFUNDED})


@dataclass(slots=True)
class TopUp:
    """One wallet top-up. ``amount``/``currency`` is what the wallet is credited (shop currency,
    minor units); ``gateway_amount``/``gateway_currency`` is what the gateway charges (the same
    for card gateways, whole stars in ``XTR`` for Telegram Stars)."""

    id: str
    user_id: int
    amount: int
    currency: str
    gateway: str
    status: TopUpStatus
    intent_id: str | None
    gateway_ref: str  # Razorpay plink_…, Stripe cs_…; "" until the checkout exists
    created_at: datetime
    updated_at: datetime
    gateway_amount: int = 0
    gateway_currency: str = ""
    expires_at: datetime | None = None
    pay_url: str = ""
    payment_id: str = ""  # Razorpay pay_…, Stripe pi_…, Stars charge id; set when credited
    failure: str = ""  # why it failed or is held (a short code, never a secret)
    refund_ref: str = ""
    refund_attempts: int = 0
    # what the gateway reports refunded from the dashboard (gateway minor units, cumulative)
    refunded_amount: int = 0


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


class EventStatus(StrEnum):
    RECEIVED = "received"  # recorded, not acted on yet (or the act is running)
    PROCESSED = "processed"  # acted on: credited, failed the top-up, or already settled
    IGNORED = "ignored"  # verified but nothing to do (unknown type, not paid yet, late failure)
    PARKED = "parked"  # matched a top-up but disagrees with it: staff alerted
    UNMATCHED = "unmatched"  # verified, but no top-up of ours: staff alerted
    ERROR = "error"  # acting raised; the gateway retries and we act again
    REFUSED = "refused"  # verified, but for another account or mode: never acted on


FINAL_EVENT_STATES = frozenset({EventStatus.PROCESSED, EventStatus.IGNORED, EventStatus.PARKED,
                                EventStatus.UNMATCHED, EventStatus.REFUSED})
# What a raw body reads once the retention period purged it (the record itself stays).
PURGED_BODY = ""
# A refund that arrived before the capture of its payment waits under this outcome (PARKED).
REFUND_BEFORE_CAPTURE = "refund-before-capture"


@dataclass(slots=True)
class WebhookEvent:
    """A verified callback, kept with its raw body. ``key`` is ``gateway:event_id``."""

    key: str
    gateway: str
    event_id: str
    type: str
    status: EventStatus
    body: str
    received_at: datetime
    outcome: str = ""
    topup_id: str = ""
    payment_id: str = ""
    error: str = ""
    processed_at: datetime | None = None


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
