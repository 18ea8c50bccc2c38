"""The ``Store`` protocol: repositories bound to one unit of work, run by ``transaction()``.

``await store.transaction(fn)`` runs ``fn(tx)`` as one atomic unit and returns its result. The
adapter may run ``fn`` more than once when a concurrent writer wins (MongoDB write conflicts), so
``fn`` must only touch the store through ``tx`` and keep side effects for after the commit.
``await store.read(fn)`` runs ``fn`` against a consistent snapshot without taking the write path.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any, Protocol, TypeVar

from core.jobmodels import JobRun, Lease, ReminderWindow, RunResult
from core.models import (
    Approval,
    AuditEntry,
    Broadcast,
    BroadcastProgress,
    BroadcastStatus,
    Cleanup,
    Coupon,
    DayAmount,
    Decision,
    LedgerEntry,
    ManualPayment,
    Order,
    OrderStatus,
    OutboxMessage,
    Product,
    PurchaseIntent,
    Role,
    StockItem,
    StockLevel,
    StockStatus,
    Subscription,
    SupportTicket,
    TicketMessage,
    TopUp,
    TopUpStatus,
    Totals,
    User,
    WebhookEvent,
)
from core.storage.schema import SchemaReport

T = TypeVar("T")


class UsersRepo(Protocol):
    async def get(self, telegram_id: int) -> User | None: ...

    async def upsert(self, user: User) -> User:
        """Insert, or update profile fields (names, username, last seen) keeping the rest."""
        ...

    async def set_language(self, telegram_id: int, language: str) -> bool: ...

    async def set_role(self, telegram_id: int, role: Role) -> bool: ...

    async def set_blocked(self, telegram_id: int, blocked: bool) -> bool: ...

    async def list_by_role(self, roles: list[Role], limit: int = 100) -> list[User]: ...

    async def count(self) -> int: ...


class LedgerRepo(Protocol):
    async def find_by_key(self, key: str) -> LedgerEntry | None: ...

    async def apply(self, entry: LedgerEntry, *, allow_negative: bool = False
                    ) -> LedgerEntry | None:
        """Move the balance by ``entry.amount`` and append the entry; ``balance_after`` is filled
        in. Returns None (and changes nothing) when a debit would overdraw, unless
        ``allow_negative`` (a gateway refund: the balance below zero is a debt)."""
        ...

    async def balance(self, user_id: int) -> int: ...

    async def entries(self, user_id: int, limit: int = 20, offset: int = 0) -> list[LedgerEntry]:
        """Newest first."""
        ...

    async def count_entries(self, user_id: int) -> int: ...

    async def sum_entries(self, user_id: int) -> int: ...

    async def wallet_user_ids(self) -> list[int]: ...


class AuditRepo(Protocol):
    chain_key: bytes | None  # the store's audit key: entries are HMAC-SHA256 chained with it

    async def head(self) -> tuple[int, str]:
        """(last sequence number, last hash); (0, "") when empty."""
        ...

    async def append(self, entry: AuditEntry) -> None:
        """Append ``entry`` whose ``seq`` is head+1; raise RetryableConflict if the head moved."""
        ...

    async def page(self, after_seq: int, limit: int) -> list[AuditEntry]:
        """Entries with seq > after_seq in storage order (ascending seq)."""
        ...

    async def latest(self, limit: int, action_prefix: str = "") -> list[AuditEntry]: ...


class OutboxRepo(Protocol):
    async def add(self, message: OutboxMessage) -> bool:
        """Queue ``message``; False (and nothing queued) if its key was queued before."""
        ...

    async def claim_due(self, now: datetime, limit: int, lease_until: datetime
                        ) -> list[OutboxMessage]:
        """Mark up to ``limit`` due messages (pending, or sending with an expired lease) as
        sending until ``lease_until`` and return them, oldest first."""
        ...

    async def mark_sent(self, message_id: str, now: datetime) -> None: ...

    async def reschedule(self, message_id: str, next_attempt_at: datetime, error: str) -> None:
        """Back to pending, one more attempt counted, to be tried at ``next_attempt_at``."""
        ...

    async def mark_dead(self, message_id: str, error: str) -> None: ...

    async def record_parts_sent(self, message_id: str, parts_sent: int) -> None:
        """Set ``options["parts_sent"]`` (how many parts of a split message are delivered),
        leaving every other option and the status as they are."""
        ...

    async def get(self, message_id: str) -> OutboxMessage | None: ...

    async def recent(self, limit: int, status: str | None = None) -> list[OutboxMessage]: ...

    async def count_by_status(self) -> dict[str, int]: ...

    async def fold(self, key: str, param: str) -> bool:
        """Add one to ``params[param]`` of the message with ``key`` if it is still pending
        (not claimed by a sender yet; a missing one counts as 0); False if there is no such
        message."""
        ...


class SealedSource(Protocol):
    """A repository that keeps values sealed with the key ring (for ``keys rotate``)."""

    name: str

    async def sealed_page(self, after: str, limit: int) -> list[tuple[str, str, str]]:
        """(record id, field, sealed value) ordered by record id, record id > ``after``."""
        ...

    async def replace_sealed(self, record_id: str, field: str, old: str, new: str) -> bool:
        """Swap ``old`` for ``new`` only if the stored value is still ``old``."""
        ...


class ProductsRepo(Protocol):
    async def insert(self, product: Product) -> None: ...

    async def get(self, product_id: str) -> Product | None: ...

    async def update(self, product: Product) -> bool:
        """Replace every field but ``id`` and ``created_at``; False if there is no such id."""
        ...

    async def list(self, *, active_only: bool = False) -> list[Product]:
        """By sort order, then platform, plan and id."""
        ...


class StockRepo(SealedSource, Protocol):
    """Credential items. Also a SealedSource (``name == "stock"``) for key rotation."""

    async def insert_many(self, items: list[StockItem]) -> None:
        """Insert items; a live item with the same fingerprint for the product raises
        RetryableConflict (only possible under a concurrent import)."""
        ...

    async def live_fingerprints(self, product_id: str, fingerprints: list[str]) -> set[str]:
        """Those of ``fingerprints`` already held by a non-revoked item of the product."""
        ...

    async def get(self, item_id: str) -> StockItem | None: ...

    async def has_available(self, product_id: str) -> bool: ...

    async def claim(self, product_id: str, now: datetime) -> StockItem | None:
        """Take one free slot of an available item (marking it sold when it was the last);
        None, with nothing changed, when the product has no free slot."""
        ...

    async def release(self, item_id: str, now: datetime) -> bool:
        """Give one sold slot back (a refund that returns the credential to stock)."""
        ...

    async def revoke(self, item_id: str, reason: str, now: datetime) -> bool:
        """Never sell the item again; False if it was revoked already."""
        ...

    async def list(self, product_id: str, status: StockStatus | None = None, limit: int = 100,
                   offset: int = 0) -> list[StockItem]: ...

    async def levels(self, product_ids: list[str] | None = None) -> list[StockLevel]: ...

    async def fingerprint_key(self) -> str | None:
        """The sealed key of import fingerprints, or None before the first import."""
        ...

    async def init_fingerprint_key(self, sealed: str) -> str:
        """Store ``sealed`` unless a key exists; return the stored one."""
        ...

    async def sealed_value(self, name: str) -> str | None:
        """A named sealed value of the shop (the key check, the audit key's secret); kept in
        the sealed key table, so ``keys rotate`` re-seals it (record ``name``, field ``key``)."""
        ...

    async def init_sealed_value(self, name: str, sealed: str) -> str:
        """Store ``sealed`` under ``name`` unless one is there; returns the stored one."""
        ...

    def key_source(self) -> SealedSource:
        """The sealed fingerprint key as its own SealedSource (``name == "stock_keys"``)."""
        ...


class CouponsRepo(Protocol):
    async def insert(self, coupon: Coupon) -> bool:
        """False (nothing changed) if the code exists."""
        ...

    async def get(self, code: str) -> Coupon | None: ...

    async def list(self) -> list[Coupon]: ...

    async def set_active(self, code: str, active: bool) -> bool: ...

    async def user_uses(self, code: str, user_id: int) -> int: ...

    async def redeem(self, code: str, expected_used: int, user_id: int, order_id: str,
                     now: datetime) -> bool:
        """Count one use if the coupon's use count is still ``expected_used``, and record the
        redemption; False (nothing changed) if the count moved."""
        ...


class OrdersRepo(Protocol):
    async def insert(self, order: Order) -> None:
        """A second order for the same intent raises RetryableConflict."""
        ...

    async def get(self, order_id: str) -> Order | None: ...

    async def by_intent(self, intent_id: str) -> Order | None: ...

    async def update(self, order: Order, expected: OrderStatus) -> bool:
        """Save status, stock item, subscription, refunded_by and updated_at if the stored
        status is still ``expected``."""
        ...

    async def list(self, *, status: OrderStatus | None = None, user_id: int | None = None,
                   limit: int = 50, offset: int = 0) -> list[Order]:
        """Newest first."""
        ...


class SubscriptionsRepo(Protocol):
    async def insert(self, subscription: Subscription) -> None: ...

    async def get(self, subscription_id: str) -> Subscription | None: ...

    async def update(self, subscription: Subscription) -> None:
        """Save status, stock item, start, end, auto-renew and updated_at."""
        ...

    async def for_user(self, user_id: int, limit: int = 50) -> list[Subscription]:
        """Newest first."""
        ...

    async def on_item(self, item_id: str) -> list[Subscription]: ...

    async def count_qr_export(self, subscription_id: str, limit: int) -> int | None:
        """Count one QR export if fewer than ``limit`` were made; the new count, or None."""
        ...

    async def ending_before(self, moment: datetime, limit: int = 100) -> list[Subscription]:
        """Active subscriptions with ``ends_at <= moment``, soonest first."""
        ...


class IntentsRepo(Protocol):
    async def get(self, intent_id: str) -> PurchaseIntent | None: ...

    async def save(self, intent: PurchaseIntent) -> None:
        """Insert or replace."""
        ...


class TopupsRepo(Protocol):
    async def insert(self, topup: TopUp) -> None: ...

    async def get(self, topup_id: str) -> TopUp | None: ...

    async def find_by_ref(self, gateway: str, gateway_ref: str) -> TopUp | None: ...

    async def find_by_payment(self, gateway: str, payment_id: str) -> TopUp | None:
        """The top-up credited (or held) for ``payment_id`` at ``gateway``; None for ""."""
        ...

    async def update(self, topup: TopUp, expected: TopUpStatus) -> bool:
        """Save status, gateway_ref, pay_url, payment_id, failure, refund_ref, refund_attempts,
        refunded_amount, amount, gateway_amount and updated_at if the stored status is still
        ``expected``; False (nothing changed) otherwise."""
        ...

    async def list(self, *, status: TopUpStatus | None = None, user_id: int | None = None,
                   limit: int = 50, offset: int = 0) -> list[TopUp]:
        """Newest first."""
        ...

    async def pending_before(self, moment: datetime, limit: int = 100) -> list[TopUp]:
        """Pending top-ups created at or before ``moment``, oldest first."""
        ...


class WebhookEventsRepo(Protocol):
    async def record(self, event: WebhookEvent) -> tuple[WebhookEvent, bool]:
        """Insert ``event`` unless its key is stored; (the stored event, whether it is new)."""
        ...

    async def get(self, key: str) -> WebhookEvent | None: ...

    async def save_outcome(self, event: WebhookEvent) -> None:
        """Save status, outcome, topup_id, payment_id, error and processed_at."""
        ...

    async def recent(self, limit: int = 50, status: str | None = None) -> list[WebhookEvent]:
        """Newest first."""
        ...

    async def for_payment(self, gateway: str, payment_id: str, limit: int = 50
                          ) -> list[WebhookEvent]:
        """Events recorded for one payment, oldest first (refunds that overtook a capture)."""
        ...

    async def purge_bodies(self, before: datetime, limit: int = 1000) -> int:
        """Empty the raw body of up to ``limit`` events received before ``before``, oldest
        first, keeping each record; how many were purged."""
        ...


class TicketsRepo(Protocol):
    async def add(self, ticket: SupportTicket) -> None: ...

    async def get(self, ticket_id: str) -> SupportTicket | None: ...

    async def answer(self, ticket_id: str, reply: str, staff_id: int, at: datetime) -> bool:
        """Record the reply once; False if the ticket was already answered or is unknown."""
        ...

    async def list(self, status: str | None, limit: int) -> list[SupportTicket]: ...


class CleanupsRepo(Protocol):
    async def add(self, cleanup: Cleanup) -> None:
        """Schedule once per (bot, chat, message); a repeat changes nothing."""
        ...

    async def due(self, now: datetime, limit: int) -> list[Cleanup]: ...

    async def remove(self, cleanup_id: str) -> None: ...


class StatsRepo(Protocol):
    """Dashboard aggregates over ``[since, until)``: each answered by the store (GROUP BY /
    aggregation pipeline), never by loading rows."""

    async def sales(self, since: datetime, until: datetime) -> Totals: ...

    async def ledger_by_reason(self, since: datetime, until: datetime
                               ) -> dict[tuple[str, int], Totals]:
        """{(reason, 1 for credits / -1 for debits): totals}."""
        ...

    async def topups_by_gateway(self, since: datetime, until: datetime) -> dict[str, Totals]:
        """Paid top-ups (credited, refunding, refunded) by gateway."""
        ...

    async def topups_per_day(self, since: datetime, until: datetime) -> list[DayAmount]:
        """Paid top-up amounts per UTC day and gateway, by day then gateway."""
        ...

    async def new_users(self, since: datetime, until: datetime) -> int: ...

    async def new_users_per_day(self, since: datetime, until: datetime) -> list[DayAmount]: ...

    async def count_subscriptions(self, status: str) -> int: ...

    async def count_orders(self, status: str) -> int: ...

    async def count_topups(self, status: str, created_before: datetime | None = None) -> int: ...

    async def count_tickets(self, status: str) -> int: ...

    async def count_webhook_events(self, status: str) -> int: ...


class TicketLinksRepo(Protocol):
    """Which subscription a support ticket is about (tickets from "Report a problem")."""

    async def link(self, ticket_id: str, subscription_id: str) -> None:
        """Record the link once; a repeat changes nothing."""
        ...

    async def subscription_of(self, ticket_id: str) -> str:
        """The linked subscription id, or ""."""
        ...


class DirectoryRepo(Protocol):
    async def by_username(self, username: str) -> User | None:
        """The user with this Telegram username (without @, any letter case), or None."""
        ...

    async def tickets_of(self, user_id: int, limit: int = 10) -> list[SupportTicket]:
        """The user's support tickets, newest first."""
        ...


class ApprovalsRepo(Protocol):
    async def insert(self, approval: Approval) -> None: ...

    async def get(self, approval_id: str) -> Approval | None: ...

    async def decide(self, approval_id: str, status: Decision, by: int, at: datetime) -> bool:
        """Record the decision if the approval is still pending; False (nothing changed)
        otherwise, so two admins pressing at once decide it once."""
        ...

    async def list(self, status: Decision, limit: int = 20) -> list[Approval]:
        """Newest first."""
        ...


class ManualPaymentsRepo(Protocol):
    async def insert(self, payment: ManualPayment) -> None: ...

    async def get(self, payment_id: str) -> ManualPayment | None: ...

    async def decide(self, payment_id: str, status: Decision, by: int, at: datetime,
                     reason: str = "") -> bool:
        """Record the decision if still pending; False (nothing changed) otherwise."""
        ...

    async def list(self, status: Decision, limit: int = 20) -> list[ManualPayment]:
        """Newest first."""
        ...


class BroadcastsRepo(Protocol):
    async def insert(self, broadcast: Broadcast, photo: bytes = b"") -> None: ...

    async def get(self, broadcast_id: str) -> Broadcast | None: ...

    async def photo(self, broadcast_id: str) -> bytes:
        """The broadcast's picture (b"" when it has none)."""
        ...

    async def save(self, broadcast: Broadcast, expected: BroadcastStatus) -> bool:
        """Save status, queued, cursor, progress message and times if the stored status is
        still ``expected``."""
        ...

    async def list(self, status: BroadcastStatus, limit: int = 20) -> list[Broadcast]: ...

    async def audience(self, segment: str, arg: str, since: datetime, after: int,
                       limit: int) -> list[int]:
        """Ids of customers (not blocked) in the segment, ascending, greater than ``after``;
        ``since`` bounds the "expired" segment."""
        ...

    async def progress(self, broadcast_id: str) -> BroadcastProgress:
        """Counts of the broadcast's outbox messages (keys ``broadcast:<id>:…``) by outcome."""
        ...

    async def cancel_pending(self, broadcast_id: str) -> int:
        """Give up the broadcast's messages not sent yet; how many."""
        ...


class MutesRepo(Protocol):
    """Kinds of staff alert each staff member muted."""

    async def set(self, user_id: int, kind: str, muted: bool) -> None: ...

    async def muted(self, kind: str) -> set[int]: ...

    async def of(self, user_id: int) -> set[str]: ...


class TicketThreadsRepo(Protocol):
    """The messages of a ticket after the first, and its status changes (close, reopen)."""

    async def add(self, message: TicketMessage) -> None: ...

    async def messages(self, ticket_id: str, limit: int = 20) -> list[TicketMessage]:
        """The latest ``limit`` messages, oldest first."""
        ...

    async def set_status(self, ticket_id: str, status: str, expected: list[str]) -> bool:
        """Set the ticket's status if it is one of ``expected``."""
        ...


class FsmRepo(Protocol):
    """Dialog state of the bots (what a chat is in the middle of typing), shared by every bot
    process. ``key`` is opaque (the bot builds it); ``data`` is JSON-serialisable."""

    async def get(self, key: str) -> tuple[str | None, dict[str, Any]]:
        """(state, data); (None, {}) for a key never written."""
        ...

    async def set_state(self, key: str, state: str | None) -> None: ...

    async def set_data(self, key: str, data: dict[str, Any]) -> None: ...


class ThrottleRepo(Protocol):
    async def take(self, key: str, now: float, rate: float, burst: float) -> tuple[bool, bool]:
        """Take one token from ``key``'s bucket (``burst`` tokens, refilled at ``rate`` a
        second; ``now`` in seconds) in one atomic step. Returns (allowed, first refusal): the
        second is True only for the first refusal after an allowed take."""

    async def take_up_to(self, key: str, now: float, rate: float, burst: float,
                         most: int) -> tuple[int, bool]:
        """Like :meth:`take`, but as many whole tokens as the bucket holds, at most ``most``, in
        one atomic step (a process keeps the extra ones for the same sender's next updates).
        Returns (tokens taken, first refusal); none taken is a refusal."""


class JobsRepo(Protocol):
    """What the scheduled jobs keep (marks, leases, run records) and the queries that find
    their work."""

    async def get_mark(self, name: str) -> str | None: ...

    async def put_mark(self, name: str, value: str, now: datetime) -> None:
        """Set ``name`` to ``value`` whatever it was."""
        ...

    async def swap_mark(self, name: str, expected: str | None, value: str, now: datetime
                        ) -> bool:
        """Set ``name`` to ``value`` only if it is still ``expected`` (None: not set yet)."""
        ...

    async def acquire_lease(self, name: str, owner: str, now: datetime, until: datetime
                            ) -> bool:
        """Take or renew the lease ``name`` until ``until``: True if it was free, expired or
        already ``owner``'s; False (nothing changed) while another owner holds it."""
        ...

    async def release_lease(self, name: str, owner: str) -> bool: ...

    async def get_lease(self, name: str) -> Lease | None: ...

    async def start_run(self, run: JobRun) -> None: ...

    async def finish_run(self, run_id: str, ended_at: datetime, result: RunResult, items: int,
                         error: str) -> bool:
        """Record how a running run ended; False if it was not running."""
        ...

    async def recent_runs(self, job: str, limit: int = 10) -> list[JobRun]:
        """Newest first."""
        ...

    async def prune_runs(self, before: datetime) -> int:
        """Delete finished runs started before ``before``; how many."""
        ...

    async def count_ending(self, after: datetime, upto: datetime, include_expired: bool
                           ) -> int:
        """How many active subscriptions — and expired ones if ``include_expired`` — have
        ``after`` < ends_at <= ``upto`` (an index count: no row is read)."""
        ...

    async def add_reminder_window(self, window: ReminderWindow) -> bool:
        """Record a claimed window; False (and nothing changes) if one with its id exists."""
        ...

    async def open_reminder_windows(self, limit: int) -> list[ReminderWindow]:
        """Windows not yet done, oldest claim first."""
        ...

    async def ending_in(self, window: ReminderWindow, limit: int) -> list[Subscription]:
        """The next subscriptions of ``window`` (its statuses, its range) after its
        ``position``, by (ends_at, id)."""
        ...

    async def advance_reminder_window(self, window: ReminderWindow,
                                      position: tuple[datetime, str] | None, done: bool,
                                      now: datetime) -> bool:
        """Move an open window from ``window.position`` to ``position`` (and close it if
        ``done``); False if it is not where ``window`` says (another process moved it)."""
        ...

    async def prune_reminder_windows(self, before: datetime) -> int:
        """Delete done windows claimed before ``before`` (the cursors never go back, so their
        reminders cannot be claimed again); how many."""
        ...

    async def auto_renew_due(self, after: tuple[datetime, str], upto: datetime, limit: int
                             ) -> list[Subscription]:
        """Active subscriptions with auto-renew on, (ends_at, id) > ``after`` and ends_at <=
        ``upto``, by (ends_at, id)."""
        ...

    async def held_intents_expired(self, now: datetime, limit: int) -> list[PurchaseIntent]:
        """Intents still awaiting payment whose hold ended at or before ``now``."""
        ...

    async def topup_credits(self, after_id: str, limit: int) -> list[tuple[str, str, int, int]]:
        """(top-up id, status, amount, ledger top-up credits naming it) for top-ups with id >
        ``after_id``, by id."""
        ...


class Tx(Protocol):
    users: UsersRepo
    ledger: LedgerRepo
    audit: AuditRepo
    outbox: OutboxRepo
    products: ProductsRepo
    stock: StockRepo
    coupons: CouponsRepo
    orders: OrdersRepo
    subscriptions: SubscriptionsRepo
    intents: IntentsRepo
    topups: TopupsRepo
    webhook_events: WebhookEventsRepo
    tickets: TicketsRepo
    cleanups: CleanupsRepo
    stats: StatsRepo
    ticket_links: TicketLinksRepo
    ticket_threads: TicketThreadsRepo
    directory: DirectoryRepo
    approvals: ApprovalsRepo
    broadcasts: BroadcastsRepo
    mutes: MutesRepo
    manual_payments: ManualPaymentsRepo
    fsm: FsmRepo
    throttle: ThrottleRepo
    jobs: JobsRepo

    def sealed_sources(self) -> list[SealedSource]: ...


class Store(Protocol):
    audit_key: bytes | None  # set from the key ring at start; every Tx's audit repo uses it
    kind: str  # "sqlite" or "mongodb"
    schema: SchemaReport | None  # what open() did to the schema version

    async def open(self) -> None:
        """Connect and run the schema migrations the database lacks (see the adapter's
        ``migrations`` module). Raises SchemaTooNew on a database of a newer subvault."""
        ...

    async def close(self) -> None: ...

    async def ping(self) -> None:
        """Raise StoreUnavailable if the store cannot answer."""
        ...

    async def transaction(self, fn: Callable[[Tx], Awaitable[T]]) -> T: ...

    async def read(self, fn: Callable[[Tx], Awaitable[T]]) -> T: ...

    def describe(self) -> str:
        """Where this store lives, without credentials (for logs and test headers)."""
        ...
