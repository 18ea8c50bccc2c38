"""Plain models the services return. Storage adapters map rows and documents to these."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any


class Role(StrEnum):
    CUSTOMER = "customer"
    SUPPORT = "support"
    ADMIN = "admin"

    @property
    def rank(self) -> int:
        return {"customer": 0, "support": 1, "admin": 2}[self.value]


@dataclass(slots=True)
class User:
    telegram_id: int
    first_name: str = ""
    last_name: str = ""
    username: str = ""
    language: str = "en"
    role: Role = Role.CUSTOMER
    blocked: bool = False
    created_at: datetime | None = None
    last_seen_at: datetime | None = None

    @property
    def display_name(self) -> str:
        name = " ".join(p for p in (self.first_name, self.last_name) if p)
        return name or (f"@{self.username}" if self.username else str(self.telegram_id))


@dataclass(frozen=True, slots=True)
class LedgerEntry:
    id: str
    user_id: int
    amount: int  # signed minor units: credit > 0, debit < 0
    currency: str
    key: str
    reason: str
    ref: str
    balance_after: int
    created_at: datetime


@dataclass(frozen=True, slots=True)
class AuditEntry:
    seq: int
    at: datetime
    actor: str
    action: str
    target: str
    details: dict[str, Any] = field(default_factory=dict)
    prev_hash: str = ""
    hash: str = ""


class OutboxStatus(StrEnum):
    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    DEAD = "dead"


@dataclass(slots=True)
class OutboxMessage:
    """A message waiting to reach Telegram. ``template`` is a locale key rendered at send time in
    the recipient's language; ``audience`` is ``user`` (``chat_id`` set) or ``staff`` (fanned out
    to every admin and support user by the sender)."""

    id: str
    key: str
    bot: str
    audience: str
    chat_id: int | None
    template: str
    params: dict[str, Any]
    options: dict[str, Any]
    status: OutboxStatus
    attempts: int
    next_attempt_at: datetime
    created_at: datetime
    sent_at: datetime | None = None
    last_error: str = ""


# --- Shop: catalog, stock, coupons, orders, subscriptions, purchase intents ---------------------


class Delivery(StrEnum):
    AUTO = "auto"  # a credential is claimed from stock inside the purchase
    MANUAL = "manual"  # staff deliver by hand; the order waits as pending


class TotpPolicy(StrEnum):
    NONE = "none"
    CODES = "codes"  # live codes only
    CODES_AND_QR = "codes_qr"  # live codes and QR exports (up to the plan's limit)


@dataclass(slots=True)
class Product:
    """A plan on sale. ``price`` is minor units of the shop currency."""

    id: str
    platform: str
    plan: str
    price: int
    duration_days: int
    description: str = ""
    active: bool = True
    sort_order: int = 0
    low_stock_threshold: int = 0
    delivery: Delivery = Delivery.AUTO
    slots_per_item: int = 1
    totp_policy: TotpPolicy = TotpPolicy.NONE
    qr_export_limit: int = 0
    created_at: datetime | None = None
    updated_at: datetime | None = None

    @property
    def title(self) -> str:
        return f"{self.platform} {self.plan}".strip()


class StockStatus(StrEnum):
    AVAILABLE = "available"  # at least one free slot
    SOLD = "sold"  # every slot sold
    REVOKED = "revoked"  # never sold again


@dataclass(slots=True)
class StockItem:
    """One credential. The secret fields hold sealed values (``core.crypto``), never plaintext;
    ``fingerprint`` is a keyed hash of product + login used to skip duplicates."""

    id: str
    product_id: str
    login: str
    password: str
    notes: str
    totp: str  # sealed secret or otpauth:// URI; "" when the account has no 2FA
    fingerprint: str
    slots_total: int
    slots_used: int
    status: StockStatus
    created_at: datetime
    updated_at: datetime
    batch: str = ""
    revoked_reason: str = ""

    @property
    def has_totp(self) -> bool:
        return bool(self.totp)

    @property
    def slots_free(self) -> int:
        return 0 if self.status is StockStatus.REVOKED else self.slots_total - self.slots_used


@dataclass(frozen=True, slots=True)
class StockLevel:
    product_id: str
    available_items: int
    free_slots: int
    sold_items: int
    revoked_items: int


class CouponKind(StrEnum):
    PERCENT = "percent"  # value in basis points (1..10000); the discount is rounded down
    FIXED = "fixed"  # value in minor units, capped at the price


@dataclass(slots=True)
class Coupon:
    code: str
    kind: CouponKind
    value: int
    expires_at: datetime | None = None
    total_limit: int | None = None  # None: unlimited
    per_user_limit: int | None = None
    product_ids: list[str] = field(default_factory=list)  # empty: every product
    min_amount: int = 0
    used: int = 0
    active: bool = True
    created_at: datetime | None = None


class OrderStatus(StrEnum):
    PENDING = "pending"  # paid, waiting for staff to deliver by hand
    COMPLETED = "completed"
    REFUNDED = "refunded"


class OrderKind(StrEnum):
    PURCHASE = "purchase"
    RENEWAL = "renewal"


@dataclass(slots=True)
class Order:
    id: str
    intent_id: str
    user_id: int
    product_id: str
    kind: OrderKind
    status: OrderStatus
    price: int  # list price held for this order
    discount: int
    amount: int  # what the wallet paid: price - discount
    currency: str
    coupon_code: str
    stock_item_id: str
    subscription_id: str
    created_at: datetime
    updated_at: datetime
    refunded_by: str = ""


class SubscriptionStatus(StrEnum):
    ACTIVE = "active"
    EXPIRED = "expired"
    CANCELLED = "cancelled"
    REFUNDED = "refunded"


@dataclass(slots=True)
class Subscription:
    id: str
    user_id: int
    product_id: str
    stock_item_id: str
    status: SubscriptionStatus
    starts_at: datetime
    ends_at: datetime
    auto_renew: bool
    qr_exports: int
    order_id: str  # the order that created it
    created_at: datetime
    updated_at: datetime


class IntentStatus(StrEnum):
    AWAITING_PAYMENT = "awaiting_payment"  # price held while a top-up of the shortfall is paid
    COMPLETED = "completed"
    FAILED = "failed"  # the top-up arrived but the purchase could no longer complete


@dataclass(slots=True)
class PurchaseIntent:
    id: str
    user_id: int
    product_id: str
    subscription_id: str  # set for a renewal
    coupon_code: str
    price: int
    discount: int
    amount: int
    currency: str
    shortfall: int
    status: IntentStatus
    order_id: str
    failure: str  # error code when FAILED
    created_at: datetime
    expires_at: datetime
    updated_at: datetime


class TicketStatus(StrEnum):
    OPEN = "open"
    ANSWERED = "answered"
    CLOSED = "closed"  # staff closed it; a customer's follow-up opens it again


@dataclass(slots=True)
class SupportTicket:
    id: str
    user_id: int
    text: str
    status: TicketStatus
    created_at: datetime
    reply: str = ""
    replied_by: int | None = None
    replied_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class Cleanup:
    """A bot message to delete at ``delete_at`` (credentials shown in chat)."""

    id: str
    bot: str
    chat_id: int
    message_id: int
    sent_at: datetime
    delete_at: datetime


# --- Admin: dashboard aggregates ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Totals:
    count: int
    amount: int  # minor units


@dataclass(frozen=True, slots=True)
class DayAmount:
    """One bucket of a per-day series: ``day`` is ``YYYY-MM-DD`` (UTC), ``key`` a gateway or ""."""

    day: str
    key: str
    amount: int


class Decision(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"


@dataclass(slots=True)
class Approval:
    """A staff money action above ``APPROVAL_LIMIT`` waiting for a second admin.
    ``kind``: ``adjust`` (params user_id, amount, reason, key) or ``refund_order`` (params
    order_id, stock, reason)."""

    id: str
    kind: str
    target: str
    amount: int
    params: dict[str, Any]
    requested_by: int
    status: Decision
    created_at: datetime
    decided_by: int | None = None
    decided_at: datetime | None = None


@dataclass(slots=True)
class ManualPayment:
    """A bank transfer the customer reported with a screenshot; staff approve or reject it."""

    id: str
    user_id: int
    amount: int
    currency: str
    status: Decision
    created_at: datetime
    screenshot: bytes = b""
    decided_by: int | None = None
    decided_at: datetime | None = None
    reason: str = ""


class BroadcastStatus(StrEnum):
    DRAFT = "draft"
    SENDING = "sending"  # recipients queued (or being queued) in the outbox
    DONE = "done"
    CANCELLED = "cancelled"


@dataclass(slots=True)
class Broadcast:
    """A message to many customers. ``segment``: all, language (``segment_arg`` a code),
    active (with an active subscription), expired (a subscription ended in the last
    ``segment_arg`` days), never (never bought)."""

    id: str
    created_by: int
    text: str
    segment: str
    segment_arg: str
    status: BroadcastStatus
    created_at: datetime
    button_text: str = ""
    button_url: str = ""
    queued: int = 0  # recipients queued so far
    cursor: int = 0  # the last telegram id queued (resume point)
    chat_id: int = 0  # where the progress message is
    message_id: int = 0
    started_at: datetime | None = None
    finished_at: datetime | None = None
    has_photo: bool = False  # the picture itself is read with ``photo`` (not kept here)


@dataclass(frozen=True, slots=True)
class BroadcastProgress:
    total: int
    sent: int
    blocked: int
    failed: int
    waiting: int


@dataclass(frozen=True, slots=True)
class TicketMessage:
    """One message of a support ticket's thread after the first: ``author`` is ``customer``
    or ``staff`` (then ``staff_id`` says who)."""

    id: str
    ticket_id: str
    author: str
    text: str
    at: datetime
    staff_id: int | None = None


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
