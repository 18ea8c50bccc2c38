"""Wallet top-ups: create one, settle it from gateway callbacks, the return page, Telegram Stars
or reconciliation, and refund it. Gateway calls happen outside transactions; every unit of work
only touches the store through ``tx``."""

from __future__ import annotations

import asyncio
import dataclasses
import json
import logging
from collections.abc import Mapping
from datetime import datetime, timedelta

from core.clock import Clock
from core.errors import (
    AmountOutOfRange,
    BadPayload,
    DomainError,
    GatewayDisabled,
    GatewayUnavailable,
    InvalidAmount,
    InvalidSignature,
    PaymentError,
    RetryableConflict,
    StoreUnavailable,
    TopupNotFound,
    UserNotFound,
    found,
)
from core.events import TopUpCreditedSubscribers
from core.ids import IdFactory
from core.models import EventStatus, TopUp, TopUpStatus, WebhookEvent
from core.money import require_positive
from core.services.notify import enqueue
from core.services.payments.adapters.base import GatewayAdapter
from core.services.payments.adapters.sandbox import SandboxAdapter
from core.services.payments.adapters.stars import CURRENCY as STARS_CURRENCY
from core.services.payments.adapters.stars import StarsAdapter
from core.services.payments.config import PaymentsConfig
from core.services.payments.models import (
    Action,
    GatewayEvent,
    GatewayStatus,
    Outcome,
    ReconcileReport,
    Refund,
    RefundResult,
    Settlement,
    TopupCheckout,
)
from core.services.payments.reconcile import Reconciler, settle_status
from core.services.payments.refunds import Refunder
from core.services.payments.resolve import HeldResolver
from core.services.payments.settle import Settler
from core.services.payments.signatures import verify_payment_link_return
from core.services.payments.stars_source import StarTransactionsSource
from core.services.payments.webhooks import WebhookIntake
from core.storage.base import Store, Tx

log = logging.getLogger(__name__)
MAX_ID = 64
STARS_INLINE_ATTEMPTS = 3
STARS_RETRY_DELAY_S = 0.25


@dataclasses.dataclass(slots=True)
class StarsRetryReport:
    settled: int = 0  # acted on (credited, parked, unmatched or already credited)
    credited: int = 0
    failed: int = 0  # still not credited; staff alerted


def _stars_event(payload: str, charge: str, total_amount: int,
                 currency: str = STARS_CURRENCY) -> GatewayEvent:
    if not isinstance(charge, str) or not 0 < len(charge) <= 200:
        raise BadPayload("a Telegram payment charge id is required")
    payload = payload if isinstance(payload, str) else ""
    paid_in = currency.upper() if isinstance(currency, str) else ""
    body = json.dumps({"payload": payload, "telegram_payment_charge_id": charge,
                       "total_amount": total_amount, "currency": paid_in})
    return GatewayEvent(
        gateway="stars", event_id=charge, type="successful_payment", action=Action.PAID,
        body=body, payment_id=charge,
        amount=total_amount if isinstance(total_amount, int) else None,
        currency=paid_in, topup_ids=(payload[:MAX_ID],) if payload else (),
    )


def build_adapters(config: PaymentsConfig) -> dict[str, GatewayAdapter]:
    """The adapters of every gateway the settings enable."""
    adapters: dict[str, GatewayAdapter] = {}
    if config.razorpay_enabled:
        from core.services.payments.adapters.razorpay import RazorpayAdapter

        adapters["razorpay"] = RazorpayAdapter(
            config.razorpay_key_id, config.razorpay_key_secret,
            api_base=config.razorpay_api_base, public_base_url=config.public_base_url,
            shop_name=config.shop_name)
    if config.stripe_enabled:
        from core.services.payments.adapters.stripe import StripeAdapter

        adapters["stripe"] = StripeAdapter(
            config.stripe_secret_key, api_base=config.stripe_api_base,
            public_base_url=config.public_base_url, shop_name=config.shop_name)
    if config.stars_enabled:
        adapters["stars"] = StarsAdapter()
    if config.sandbox:
        adapters["sandbox"] = SandboxAdapter(config.sandbox_secret,
                                             public_base_url=config.public_base_url)
    return adapters


class PaymentsService:
    def __init__(self, store: Store, clock: Clock, ids: IdFactory, config: PaymentsConfig, *,
                 adapters: Mapping[str, GatewayAdapter] | None = None,
                 credited: TopUpCreditedSubscribers | None = None) -> None:
        self._store = store
        self._clock = clock
        self._ids = ids
        self.config = config
        self._adapters = dict(adapters if adapters is not None else build_adapters(config))
        # TopUpCredited goes to these inside the crediting transaction, right after the ledger
        # credit; one that raises rolls the credit back (the gateway then retries the callback).
        self.credited = credited if credited is not None else TopUpCreditedSubscribers()
        self._settler = Settler(clock, ids, self.credited)
        self._intake = WebhookIntake(
            store, clock, self._settler,
            razorpay_secrets=config.razorpay_webhook_secrets if "razorpay" in self._adapters
            else (),
            stripe_secrets=config.stripe_webhook_secrets if "stripe" in self._adapters else (),
            sandbox_secret=config.sandbox_secret if "sandbox" in self._adapters else "",
            razorpay_account=config.razorpay_account_id, stripe_live=config.stripe_live)
        self._refunder = Refunder(store, clock, ids)
        self._reconciler = Reconciler(store, clock, self._settler, self._adapters)
        self._resolver = HeldResolver(store, clock, ids, self._settler)

    # --- creating ------------------------------------------------------------------------

    @property
    def gateways(self) -> tuple[str, ...]:
        """The gateways a customer can top up with, in the order to offer them."""
        return tuple(self._adapters)

    def _adapter(self, gateway: str) -> GatewayAdapter:
        adapter = self._adapters.get(gateway)
        if adapter is None:
            raise GatewayDisabled(f"gateway {gateway[:20]!r} is not enabled",
                                  gateway=gateway[:20])
        return adapter

    def check_amount(self, amount: int) -> int:
        """``amount`` if it is a top-up the shop accepts; AmountOutOfRange (with min and max)
        otherwise, so the customer hears the range before picking a gateway."""
        cfg = self.config
        if not cfg.topup_min <= require_positive(amount) <= cfg.topup_max:
            raise AmountOutOfRange("top-up amount out of range", amount=amount,
                                   min=cfg.topup_min, max=cfg.topup_max, currency=cfg.currency)
        return amount

    def _charge(self, gateway: str, amount: int) -> tuple[int, int, str]:
        """(wallet amount, gateway amount, gateway currency) for a requested top-up."""
        cfg = self.config
        self.check_amount(amount)
        if gateway != "stars":
            return amount, amount, cfg.currency
        stars = -(-amount // cfg.stars_rate)  # whole stars, rounded up
        credited = stars * cfg.stars_rate
        if credited > cfg.topup_max:
            stars -= 1
            credited = stars * cfg.stars_rate
        if stars < 1 or credited < cfg.topup_min:
            raise InvalidAmount("top-up amount out of range for stars", amount=amount,
                                min=cfg.topup_min, max=cfg.topup_max, currency=cfg.currency)
        return credited, stars, STARS_CURRENCY

    async def create_topup(self, user_id: int, amount: int, gateway: str, *,
                           intent_id: str | None = None) -> TopupCheckout:
        """Store a pending top-up and open a checkout for it at the gateway.

        If the gateway fails, the top-up is marked failed (nothing is left dangling) and
        ``GatewayUnavailable`` or ``GatewayRejected`` reaches the caller."""
        adapter = self._adapter(gateway)
        credited, charged, charge_currency = self._charge(gateway, require_positive(amount))
        now = self._clock.now()
        topup = TopUp(
            id=self._ids.new("top"), user_id=user_id, amount=credited,
            currency=self.config.currency, gateway=gateway, status=TopUpStatus.PENDING,
            intent_id=intent_id, gateway_ref="", created_at=now, updated_at=now,
            gateway_amount=charged, gateway_currency=charge_currency,
            expires_at=now + self.config.expiry,
        )

        async def insert(tx: Tx) -> None:
            if await tx.users.get(user_id) is None:
                raise UserNotFound(f"no user {user_id}", telegram_id=user_id)
            await tx.topups.insert(topup)

        await self._store.transaction(insert)
        try:
            checkout = await adapter.create_checkout(topup)
        except PaymentError as exc:
            if isinstance(exc, GatewayUnavailable):  # it may have made the checkout anyway
                await self._cancel_unsent(adapter, topup)
            failed = dataclasses.replace(topup, status=TopUpStatus.FAILED, failure=exc.code,
                                         updated_at=self._clock.now())
            await self._store.transaction(lambda tx: tx.topups.update(failed, TopUpStatus.PENDING))
            log.warning("top-up %s user=%s: %s checkout failed (%s)", topup.id, user_id,
                        gateway, exc.code)
            raise
        ready = dataclasses.replace(topup, gateway_ref=checkout.gateway_ref,
                                    pay_url=checkout.pay_url, updated_at=self._clock.now())
        await self._store.transaction(lambda tx: tx.topups.update(ready, TopUpStatus.PENDING))
        log.info("top-up %s user=%s amount=%s via %s ref=%s", ready.id, user_id, ready.amount,
                 gateway, ready.gateway_ref or "-")
        return TopupCheckout(ready, checkout.pay_url, checkout.invoice)

    async def _cancel_unsent(self, adapter: GatewayAdapter, topup: TopUp) -> None:
        """A checkout that got no answer may exist at the gateway: cancel it there; if that
        cannot be done now, staff are asked to (the top-up is failed either way, and a payment
        that still arrives on it is credited, as for any failed top-up)."""
        reason = "unknown"
        try:
            if await adapter.cancel_unsent(topup):
                return
        except PaymentError as exc:
            reason = exc.code
        log.warning("top-up %s: a checkout may be open at %s; staff asked to cancel it (%s)",
                    topup.id, topup.gateway, reason)
        await self._store.transaction(lambda tx: enqueue(
            tx, self._clock, self._ids, key=f"topup:{topup.id}:cancel-checkout",
            template="staff-topup-cancel-checkout", audience="staff", bot="admin",
            params={"topup_id": topup.id, "gateway": topup.gateway, "user_id": topup.user_id,
                    "reason": reason}))

    # --- reading -------------------------------------------------------------------------

    async def find(self, topup_id: str) -> TopUp | None:
        return await self._store.read(lambda tx: tx.topups.get(topup_id[:MAX_ID]))

    async def get(self, topup_id: str) -> TopUp:
        return found(await self.find(topup_id),
                     TopupNotFound(f"no top-up {topup_id[:MAX_ID]}", topup_id=topup_id[:MAX_ID]))

    async def list_topups(self, *, status: TopUpStatus | None = None, user_id: int | None = None,
                          limit: int = 50, offset: int = 0) -> list[TopUp]:
        return await self._store.read(lambda tx: tx.topups.list(
            status=status, user_id=user_id, limit=limit, offset=offset))

    # --- settling ------------------------------------------------------------------------

    @property
    def webhook_gateways(self) -> tuple[str, ...]:
        return self._intake.gateways

    async def handle_webhook(self, gateway: str, body: bytes, headers: Mapping[str, str]
                             ) -> Settlement:
        """A gateway callback exactly as received: raw body and headers."""
        return await self._intake.handle(gateway, body, headers)

    async def verify_return(self, gateway: str, params: Mapping[str, str]) -> Settlement:
        """The customer came back from the gateway's page: settle what can be verified.

        ``topup`` is the top-up as it stands afterwards (None if the parameters name no top-up
        of ours); ``outcome`` is CREDITED only if this visit credited it."""
        if gateway == "razorpay" and "razorpay" in self._adapters:
            topup = await self.find(params.get("razorpay_payment_link_reference_id", ""))
            if topup is None or topup.gateway != "razorpay":
                return Settlement(Outcome.UNMATCHED)
            try:
                verify_payment_link_return(params, self.config.razorpay_key_secret)
            except InvalidSignature:
                log.warning("return page for top-up %s: signature does not verify", topup.id)
                return Settlement(Outcome.IGNORED, topup)
            if (params.get("razorpay_payment_link_status") != "paid"
                    or params.get("razorpay_payment_link_id") != topup.gateway_ref):
                return Settlement(Outcome.IGNORED, topup)
            # The signed link is ours and paid in full (partial payments are off).
            status = GatewayStatus("paid", payment_id=params["razorpay_payment_id"],
                                   amount=topup.gateway_amount, currency=topup.gateway_currency)
            return await self._settle_visit(topup, status)
        topup = await self.find(params.get("topup", ""))
        if topup is None or topup.gateway != gateway:
            return Settlement(Outcome.UNMATCHED)
        session_id = params.get("session_id", "")
        if not (gateway == "stripe" and "stripe" in self._adapters and session_id
                and session_id == topup.gateway_ref
                and topup.status in (TopUpStatus.PENDING, TopUpStatus.FAILED)):
            return Settlement(Outcome.IGNORED, topup)
        try:
            status = await self._adapters["stripe"].fetch_status(topup)
        except PaymentError as exc:
            log.warning("return page for top-up %s: stripe not reachable (%s)", topup.id,
                        exc.code)
            return Settlement(Outcome.IGNORED, topup)
        return await self._settle_visit(topup, status)

    async def _settle_visit(self, topup: TopUp, status: GatewayStatus) -> Settlement:
        settled = await settle_status(self._store, self._settler, topup.id, topup.gateway,
                                      status)
        if settled is None:
            return Settlement(Outcome.IGNORED, await self.find(topup.id))
        return settled

    # --- Telegram Stars ------------------------------------------------------------------

    async def validate_pre_checkout(self, payload: str, currency: str, total_amount: int
                                    ) -> str | None:
        """Answer to a Stars pre-checkout query: None if the invoice may be paid, else an
        error code (a locale key) for the bot to show."""
        if "stars" not in self._adapters:
            return "gateway-disabled"
        topup = await self.find(payload)
        if topup is None or topup.gateway != "stars":
            return "topup-not-found"
        if topup.status is not TopUpStatus.PENDING:
            return "topup-not-payable"
        if topup.expires_at is not None and self._clock.now() >= topup.expires_at:
            return "topup-expired"
        if currency != STARS_CURRENCY or total_amount != topup.gateway_amount:
            return "topup-amount-mismatch"
        return None

    async def credit_stars_payment(self, payload: str, telegram_payment_charge_id: str,
                                   total_amount: int, currency: str = STARS_CURRENCY, *,
                                   attempts: int = STARS_INLINE_ATTEMPTS) -> Settlement:
        """A ``successful_payment`` of a Stars invoice: recorded first like a gateway callback
        (charge id, amount, payload), then credited through the ledger with key
        ``stars:<charge id>``; a payment in any currency other than the invoice's is parked
        like any mismatch. A failing store is tried ``attempts`` times here; if it still
        fails, staff are alerted (once per charge) and the error propagates. A payment whose
        record was stored is credited later by :meth:`retry_pending_star_payments`."""
        event = _stars_event(payload, telegram_payment_charge_id, total_amount, currency)
        for attempt in range(1, max(1, attempts) + 1):
            try:
                return await self._intake.process(event)
            except DomainError as exc:
                if not isinstance(exc, StoreUnavailable | RetryableConflict):
                    await self._alert_stars(event, exc.code)
                    raise
                failure: Exception = exc
            except Exception as exc:
                failure = exc
            log.warning("stars payment %s not credited yet (attempt %d of %d): %s",
                        event.payment_id, attempt, attempts, type(failure).__name__)
            if attempt < attempts:
                await asyncio.sleep(STARS_RETRY_DELAY_S * attempt)
        await self._alert_stars(event, getattr(failure, "code", type(failure).__name__))
        raise failure

    async def retry_pending_star_payments(self, limit: int = 200) -> StarsRetryReport:
        """Act again on every recorded Stars payment whose crediting failed or never finished
        (the bot stopped, the store failed): a scheduled job calls this. Crediting is keyed by
        the charge id, so a payment is credited once however often this runs."""
        async def pending(tx: Tx) -> list[WebhookEvent]:
            found: list[WebhookEvent] = []
            for status in (EventStatus.ERROR, EventStatus.RECEIVED):
                found += [e for e in await tx.webhook_events.recent(limit, status=status.value)
                          if e.gateway == "stars"]
            return found

        report = StarsRetryReport()
        for stored in await self._store.read(pending):
            try:
                data = json.loads(stored.body)
                event = _stars_event(str(data["payload"]), str(data["telegram_payment_charge_id"]),
                                     data["total_amount"], str(data.get("currency", "")))
            except (ValueError, KeyError, TypeError, BadPayload):
                log.error("stars payment record %s cannot be read back", stored.key)
                await self._alert_stars_key(stored.key, stored.payment_id or stored.event_id,
                                            "unreadable-record")
                report.failed += 1
                continue
            try:
                settled = await self._intake.process(event)
            except Exception as exc:  # alerted and left for the next run
                code = getattr(exc, "code", type(exc).__name__)
                log.warning("stars payment %s still not credited: %s", event.payment_id, code)
                await self._alert_stars(event, code)
                report.failed += 1
                continue
            report.settled += 1
            if settled.outcome is Outcome.CREDITED:
                report.credited += 1
        return report

    async def _alert_stars(self, event: GatewayEvent, reason: str) -> None:
        await self._alert_stars_key(event.key, event.payment_id, reason)

    async def _alert_stars_key(self, event_key: str, charge: str, reason: str) -> None:
        """Tell staff once per charge that a paid Stars invoice is not credited yet."""
        try:
            await self._store.transaction(lambda tx: enqueue(
                tx, self._clock, self._ids, key=f"stars:{charge}:uncredited",
                template="staff-stars-uncredited", audience="staff", bot="admin",
                params={"event": event_key, "charge": charge, "reason": reason}))
        except Exception as exc:  # the store is what failed: the log is what is left
            log.error("stars payment %s is not credited (%s) and staff could not be alerted "
                      "(%s)", charge, reason, type(exc).__name__)

    # --- sandbox -------------------------------------------------------------------------

    async def sandbox_callback(self, topup_id: str, *, paid: bool
                               ) -> tuple[bytes, dict[str, str]]:
        """The signed callback the sandbox gateway sends when Pay or Decline is pressed."""
        sandbox = self._adapters.get("sandbox")
        if not isinstance(sandbox, SandboxAdapter):
            raise GatewayDisabled("the sandbox gateway is off", gateway="sandbox")
        topup = await self.find(topup_id)
        if topup is None or topup.gateway != "sandbox":
            raise TopupNotFound(f"no sandbox top-up {topup_id[:MAX_ID]}",
                                topup_id=topup_id[:MAX_ID])
        return sandbox.callback(topup, paid=paid, event_id=self._ids.new("evt"),
                                now=self._clock.now())

    # --- staff ---------------------------------------------------------------------------

    async def refund_topup(self, topup_id: str, *, actor: str) -> Refund:
        """Refund a credited top-up to its source (see ``refunds`` for the order of writes)."""
        topup = await self.get(topup_id)
        return await self._refunder.refund(topup.id, self._adapter(topup.gateway), actor=actor)

    async def confirm_bot_refund(self, topup_id: str, *, actor: str,
                                 ref: str = "telegram") -> TopUp:
        """The bot's refund call (Telegram Stars) was accepted."""
        return await self._refunder.confirm_bot_refund(topup_id, actor=actor, ref=ref)

    async def reverse_refund(self, topup_id: str, *, actor: str, reason: str) -> TopUp:
        """Put a refund's debit back when the refund did not happen at the source (e.g. the
        bot's ``refundStarPayment`` failed)."""
        return await self._refunder.reverse(topup_id, actor=actor, reason=reason)

    def attach_star_transactions(self, source: StarTransactionsSource) -> bool:
        """Let reconciliation ask Telegram about Stars invoices (``getStarTransactions``
        through the bot); False when Stars are off."""
        adapter = self._adapters.get("stars")
        if not isinstance(adapter, StarsAdapter):
            return False
        adapter.source = source
        return True

    async def resolve_held(self, topup_id: str, *, credit: bool, actor: str
                           ) -> tuple[TopUp, RefundResult | None]:
        """A held top-up leaves ``held``: ``credit`` credits the amount the gateway actually
        received; otherwise that payment is refunded at the gateway (audited either way)."""
        topup = await self.get(topup_id)
        if credit:
            return await self._resolver.credit(topup.id, actor=actor), None
        return await self._resolver.refund(topup.id, self._adapter(topup.gateway), actor=actor)

    async def purge_webhook_bodies(self, now: datetime, *, batch: int = 1000) -> int:
        """Empty the raw bodies (customer details) of callbacks older than the retention
        period (WEBHOOK_RETENTION_DAYS), keeping each event record; how many were purged."""
        before = now - self.config.webhook_retention
        total = 0
        while True:
            purged = await self._store.transaction(
                lambda tx: tx.webhook_events.purge_bodies(before, batch))
            total += purged
            if purged < batch:
                break
        if total:
            log.info("purged the raw bodies of %d webhook event(s) received before %s", total,
                     before.isoformat())
        return total

    async def reconcile_pending(self, older_than: timedelta, limit: int = 100
                                ) -> ReconcileReport:
        """Ask the gateways about top-ups pending for longer than ``older_than``."""
        return await self._reconciler.run(older_than, limit)

    async def close(self) -> None:
        for adapter in self._adapters.values():
            await adapter.aclose()
