"""Purchases and renewals: one transaction each, keyed by a purchase intent (docs/architecture.md:
"Purchase", "Pay the difference", and invariant 2, "A purchase is one transaction").

The bot makes an intent id when it shows the confirm button, so a double tap or a redelivered
update carries the same id: the order is unique per intent and the debit's idempotency key is
``purchase:<intent id>``, so it buys once. When the balance is short, ``pay_difference`` keeps the
intent (its price held for ``hold_minutes``) and opens a top-up of the difference through a
``TopUpOpener`` (the payments service, given at construction); ``complete_held_purchase``
subscribes to ``TopUpCredited`` (wired in ``core.bootstrap``) and runs inside the crediting
transaction, which completes the purchase there — or, if it no longer can, leaves the money in the
wallet and tells the customer why.

Every unit of work first reads and checks (``_prepare``), then claims stock (which changes
nothing when there is none), and only then writes; so inside the payments transaction a purchase
that cannot complete leaves no partial write behind.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Protocol

from core.clock import Clock, to_iso
from core.errors import (
    CouponInvalid,
    IdempotencyConflict,
    InsufficientFunds,
    IntentExpired,
    OutOfStock,
    PriceChanged,
    ProductInactive,
    ProductNotFound,
    RetryableConflict,
    SubscriptionNotActive,
    SubscriptionNotFound,
    ValidationError,
    WalletInDebt,
)
from core.events import TopUpCredited
from core.ids import IdFactory
from core.models import (
    Coupon,
    Delivery,
    IntentStatus,
    Order,
    OrderKind,
    OrderStatus,
    Product,
    PurchaseIntent,
    StockItem,
    StockStatus,
    Subscription,
    SubscriptionStatus,
)
from core.money import format_amount
from core.services import coupons
from core.services.notify import enqueue
from core.services.payments import TopupCheckout
from core.services.subscriptions import owned
from core.services.wallet import Posting, post
from core.storage.base import Store, Tx

log = logging.getLogger(__name__)
_INTENT_RE = re.compile(r"^[A-Za-z0-9_.:-]{1,64}$")
CANNOT_COMPLETE = (ProductNotFound, ProductInactive, OutOfStock, CouponInvalid, InsufficientFunds,
                   IntentExpired, SubscriptionNotFound, SubscriptionNotActive)


class TopUpOpener(Protocol):
    """What a purchase needs from payments: open a top-up that pays for a held intent."""

    async def create_topup(self, user_id: int, amount: int, gateway: str, *,
                           intent_id: str | None = None) -> TopupCheckout: ...


@dataclass(frozen=True, slots=True)
class Quote:
    """What buying would cost now, and a fresh purchase intent id for the confirm button: every
    tap of it (or a redelivered update) is the same purchase."""

    intent_id: str
    product: Product
    subscription_id: str
    price: int
    discount: int
    amount: int
    coupon_code: str
    balance: int

    @property
    def shortfall(self) -> int:
        return max(0, self.amount - self.balance)


@dataclass(frozen=True, slots=True)
class PurchaseResult:
    order: Order
    subscription: Subscription | None  # None while a manual order waits for staff
    replayed: bool = False  # this intent had bought before; nothing new happened


@dataclass(frozen=True, slots=True)
class PendingPayment:
    intent: PurchaseIntent
    checkout: TopupCheckout  # send the customer to its page or invoice


@dataclass(frozen=True, slots=True)
class _Request:
    user_id: int
    intent_id: str
    product_id: str  # "" for a renewal (the subscription names the product)
    subscription_id: str  # "" for a new purchase
    coupon_code: str
    expected_amount: int | None = None  # the amount the customer was shown, if bound
    announce: bool = True  # queue the "ready" message (off when the caller shows the result)


@dataclass(slots=True)
class _Plan:
    product: Product
    subscription: Subscription | None
    price: int
    discount: int
    amount: int
    coupon: Coupon | None
    needs_item: bool


def _request(user_id: int, intent_id: str, product_id: str, subscription_id: str,
             coupon_code: str | None, expected_amount: int | None = None,
             announce: bool = True) -> _Request:
    if not isinstance(intent_id, str) or not _INTENT_RE.match(intent_id):
        raise ValidationError("an intent id is 1-64 letters, digits or _ . : -")
    if expected_amount is not None and (isinstance(expected_amount, bool)
                                        or not isinstance(expected_amount, int)):
        raise ValidationError("the expected amount is a whole number of minor units")
    return _Request(user_id, intent_id, product_id, subscription_id,
                    coupons.normalise_code(coupon_code or ""), expected_amount, announce)


class PurchaseService:
    def __init__(self, store: Store, clock: Clock, ids: IdFactory, *, currency: str,
                 hold_minutes: int = 30, topups: TopUpOpener | None = None,
                 min_topup: int = 1) -> None:
        """``topups`` opens the top-up for a shortfall (none: ``pay_difference`` is refused); a
        shortfall below the gateways' ``min_topup`` is topped up by the minimum."""
        self._store = store
        self._clock = clock
        self._ids = ids
        self._currency = currency
        self._hold = timedelta(minutes=hold_minutes)
        self._topups = topups
        self._min_topup = max(1, min_topup)

    # --- the customer's calls ------------------------------------------------------------------

    async def quote(self, user_id: int, product_id: str = "", *, subscription_id: str = "",
                    coupon_code: str | None = None) -> Quote:
        """Price, discount and balance for the confirm screen (raises what buying would)."""
        req = _request(user_id, "quote", product_id, subscription_id, coupon_code)
        intent_id = self._ids.new("int")

        async def unit(tx: Tx) -> Quote:
            plan = await self._prepare(tx, req, self._clock.now(), None, probe_stock=True)
            balance = await tx.ledger.balance(user_id)
            _refuse_debt(balance)
            return Quote(intent_id, plan.product, subscription_id, plan.price, plan.discount,
                         plan.amount, req.coupon_code, balance)

        return await self._store.read(unit)

    async def purchase(self, user_id: int, product_id: str, *, intent_id: str,
                       coupon_code: str | None = None, expected_amount: int | None = None,
                       announce: bool = True) -> PurchaseResult:
        """Buy a plan with the wallet. Raises OutOfStock, InsufficientFunds (params: amount,
        balance, shortfall), CouponInvalid, ProductInactive… and then changes nothing.

        ``expected_amount`` binds the purchase to the amount the customer was shown: if the
        price is another one now, PriceChanged is raised and nothing is charged. With
        ``announce=False`` no "ready" message is queued (the caller shows the result)."""
        return await self._buy(_request(user_id, intent_id, product_id, "", coupon_code,
                                        expected_amount, announce))

    async def renew(self, user_id: int, subscription_id: str, *, intent_id: str,
                    coupon_code: str | None = None, expected_amount: int | None = None,
                    announce: bool = True) -> PurchaseResult:
        """Add the plan's duration to the current end (from now if expired), keeping the same
        credential while it is not revoked."""
        return await self._buy(_request(user_id, intent_id, "", subscription_id, coupon_code,
                                        expected_amount, announce))

    async def pay_difference(self, user_id: int, *, intent_id: str, gateway: str,
                             product_id: str = "", subscription_id: str = "",
                             coupon_code: str | None = None, expected_amount: int | None = None,
                             announce: bool = True) -> PurchaseResult | PendingPayment:
        """Hold the purchase (or renewal) and open a top-up of what the wallet lacks; when the
        top-up is credited the purchase completes in the same transaction. If the wallet
        already covers it, this simply buys."""
        if self._topups is None:
            raise ValidationError("top-ups are not available", reason="no-payments")
        req = _request(user_id, intent_id, product_id, subscription_id, coupon_code,
                       expected_amount, announce)
        now = self._clock.now()

        async def unit(tx: Tx) -> PurchaseResult | PurchaseIntent:
            done = await self._existing(tx, req)
            if done is not None:
                return done
            intent = await self._intent(tx, req)
            if intent is not None and _is_held(intent, now):
                return intent
            plan = await self._prepare(tx, req, now, None, probe_stock=True)
            _check_expected(req, plan)
            balance = await tx.ledger.balance(user_id)
            if balance >= plan.amount:
                item = await self._claim(tx, plan, now)
                return await self._execute(tx, req, plan, item, now, intent)
            held = PurchaseIntent(
                id=req.intent_id, user_id=user_id, product_id=plan.product.id,
                subscription_id=subscription_id, coupon_code=req.coupon_code, price=plan.price,
                discount=plan.discount, amount=plan.amount, currency=self._currency,
                shortfall=plan.amount - balance, status=IntentStatus.AWAITING_PAYMENT,
                order_id="", failure="", created_at=now, expires_at=now + self._hold,
                updated_at=now)
            await tx.intents.save(held)
            return held

        result = await self._store.transaction(unit)
        if isinstance(result, PurchaseResult):
            return result
        checkout = await self._topups.create_topup(
            user_id, max(result.shortfall, self._min_topup), gateway, intent_id=result.id)
        log.info("intent %s user=%s holds %s until %s; top-up %s for the shortfall %s",
                 result.id, user_id, result.amount, to_iso(result.expires_at),
                 checkout.topup.id, result.shortfall)
        return PendingPayment(result, checkout)

    async def intent(self, user_id: int, intent_id: str) -> PurchaseIntent | None:
        intent = await self._store.read(lambda tx: tx.intents.get(intent_id))
        return intent if intent is not None and intent.user_id == user_id else None

    async def auto_renew(self, subscription_id: str, *, period_end: datetime
                         ) -> PurchaseResult | None:
        """Renew from the wallet at the plan's current price, once for the period ending at
        ``period_end`` (the intent id names the subscription and that end, so a second run, a
        second process or a retry after a crash replays the same order). None, with nothing
        changed, when the subscription no longer ends there, is not active or has auto-renew
        off. Raises InsufficientFunds (params: amount, balance, shortfall) and what buying
        would, and then changes nothing."""
        intent_id = auto_renew_intent(subscription_id, period_end)

        async def unit(tx: Tx) -> PurchaseResult | None:
            sub = await tx.subscriptions.get(subscription_id)
            if sub is None:
                return None
            req = _Request(sub.user_id, intent_id, "", sub.id, "")
            done = await self._existing(tx, req)
            if done is not None:
                return done
            if (sub.status is not SubscriptionStatus.ACTIVE or not sub.auto_renew
                    or sub.ends_at != period_end):
                return None
            now = self._clock.now()
            plan = await self._prepare(tx, req, now, None)
            item = await self._claim(tx, plan, now)
            return await self._execute(tx, req, plan, item, now, None)

        result = await self._store.transaction(unit)
        if result is not None and not result.replayed:
            log.info("auto-renewed subscription %s as order %s (%s)", subscription_id,
                     result.order.id, result.order.amount)
        return result

    # --- the TopUpCredited subscriber --------------------------------------------------------

    async def complete_held_purchase(self, tx: Tx, event: TopUpCredited) -> None:
        """Runs inside the transaction that credits the top-up: complete its held purchase, or
        record why it cannot (the money stays in the wallet) and tell the customer."""
        intent_id = event.intent_id or ""
        if not intent_id:
            return
        intent = await tx.intents.get(intent_id)
        if intent is None or intent.user_id != event.user_id:
            log.warning("top-up %s names intent %s that is not the user's", event.topup_id,
                        intent_id)
            return
        if intent.status is not IntentStatus.AWAITING_PAYMENT:
            return
        now = self._clock.now()
        req = _Request(intent.user_id, intent.id, "" if intent.subscription_id else
                       intent.product_id, intent.subscription_id, intent.coupon_code)
        existing = await self._existing(tx, req)
        if existing is not None:
            await self._close_intent(tx, intent, now, order_id=existing.order.id)
            return
        try:
            if now >= intent.expires_at:
                raise IntentExpired("the held price ran out", intent_id=intent.id)
            plan = await self._prepare(tx, req, now, intent, check_balance=True)
            item = await self._claim(tx, plan, now)
        except CANNOT_COMPLETE as exc:
            await self._fail_intent(tx, intent, now, exc)
            return
        result = await self._execute(tx, req, plan, item, now, intent)
        log.info("top-up %s completed intent %s as order %s", event.topup_id, intent.id,
                 result.order.id)

    # --- one unit of work ----------------------------------------------------------------------

    async def _buy(self, req: _Request) -> PurchaseResult:
        async def unit(tx: Tx) -> PurchaseResult:
            done = await self._existing(tx, req)
            if done is not None:
                return done
            now = self._clock.now()
            intent = await self._intent(tx, req)
            plan = await self._prepare(tx, req, now, intent)
            _check_expected(req, plan)
            item = await self._claim(tx, plan, now)
            return await self._execute(tx, req, plan, item, now, intent)

        result = await self._store.transaction(unit)
        if not result.replayed:
            log.info("order %s user=%s product=%s kind=%s amount=%s intent=%s status=%s",
                     result.order.id, req.user_id, result.order.product_id,
                     result.order.kind.value, result.order.amount, req.intent_id,
                     result.order.status.value)
        return result

    async def _existing(self, tx: Tx, req: _Request) -> PurchaseResult | None:
        order = await tx.orders.by_intent(req.intent_id)
        if order is None:
            return None
        if (order.user_id != req.user_id
                or (req.product_id and order.product_id != req.product_id)
                or (req.subscription_id and order.subscription_id != req.subscription_id)):
            raise IdempotencyConflict("this intent id bought something else")
        sub = await tx.subscriptions.get(order.subscription_id) if order.subscription_id else None
        return PurchaseResult(order, sub, replayed=True)

    async def _intent(self, tx: Tx, req: _Request) -> PurchaseIntent | None:
        intent = await tx.intents.get(req.intent_id)
        if intent is None:
            return None
        if (intent.user_id != req.user_id or intent.subscription_id != req.subscription_id
                or (req.product_id and intent.product_id != req.product_id)):
            raise IdempotencyConflict("this intent id was held for something else")
        return intent

    async def _prepare(self, tx: Tx, req: _Request, now: datetime,
                       intent: PurchaseIntent | None, *, probe_stock: bool = False,
                       check_balance: bool = False) -> _Plan:
        """Read and check; raise before anything is written. A plain purchase lets the claim
        find out about stock and the debit about the balance (fewer reads under contention);
        the payments hook checks the balance here, since there nothing may fail after the
        claim, and the confirm screen probes the stock."""
        sub, product_id = None, req.product_id
        if req.subscription_id:
            sub = await owned(tx, req.user_id, req.subscription_id)
            if sub.status not in (SubscriptionStatus.ACTIVE, SubscriptionStatus.EXPIRED):
                raise SubscriptionNotActive("this subscription cannot be renewed",
                                            status=sub.status.value)
            product_id = sub.product_id
        product = await tx.products.get(product_id)
        if product is None:
            raise ProductNotFound(f"no product {product_id}", product_id=product_id)
        if not product.active:
            raise ProductInactive("the plan is not on sale", product_id=product_id)
        price = intent.price if intent is not None and _is_held(intent, now) else product.price
        coupon, discount = None, 0
        if req.coupon_code:
            coupon = await tx.coupons.get(req.coupon_code)
            uses = await tx.coupons.user_uses(req.coupon_code, req.user_id) if coupon else 0
            discount = coupons.check(coupon, code=req.coupon_code, product_id=product.id,
                                     price=price, user_uses=uses, now=now)
        amount = price - discount
        needs_item = product.delivery is Delivery.AUTO and not await _keeps_item(tx, sub)
        if needs_item and probe_stock and not await tx.stock.has_available(product.id):
            raise OutOfStock("the plan is sold out", product_id=product.id)
        if check_balance:
            balance = await tx.ledger.balance(req.user_id)
            if balance < amount:
                raise _short(req, amount, balance)
        return _Plan(product, sub, price, discount, amount, coupon, needs_item)

    async def _claim(self, tx: Tx, plan: _Plan, now: datetime) -> StockItem | None:
        if not plan.needs_item:
            return None
        item = await tx.stock.claim(plan.product.id, now)
        if item is None:  # nothing was written: safe inside the payments transaction too
            raise OutOfStock("the plan is sold out", product_id=plan.product.id)
        return item

    async def _execute(self, tx: Tx, req: _Request, plan: _Plan, item: StockItem | None,
                       now: datetime, intent: PurchaseIntent | None) -> PurchaseResult:
        order_id = self._ids.new("ord")
        renewal = plan.subscription is not None
        if plan.coupon is not None and not await tx.coupons.redeem(
                plan.coupon.code, plan.coupon.used, req.user_id, order_id, now):
            raise RetryableConflict("the coupon was used concurrently")
        if plan.amount > 0:
            try:
                await post(tx, Posting(req.user_id, -plan.amount, f"purchase:{req.intent_id}",
                                       "renewal" if renewal else "purchase", order_id),
                           currency=self._currency, clock=self._clock, ids=self._ids)
            except InsufficientFunds as exc:  # the whole unit is rolled back
                balance = int(exc.params.get("balance", 0))
                _refuse_debt(balance)
                raise _short(req, plan.amount, balance) from None
        else:
            _refuse_debt(await tx.ledger.balance(req.user_id))
        sub = plan.subscription
        if sub is not None:
            _extend(sub, plan.product, item, now)
            await tx.subscriptions.update(sub)
        elif plan.product.delivery is Delivery.AUTO:
            assert item is not None
            sub = Subscription(
                id=self._ids.new("sub"), user_id=req.user_id, product_id=plan.product.id,
                stock_item_id=item.id, status=SubscriptionStatus.ACTIVE, starts_at=now,
                ends_at=now + timedelta(days=plan.product.duration_days), auto_renew=False,
                qr_exports=0, order_id=order_id, created_at=now, updated_at=now)
            await tx.subscriptions.insert(sub)
        order = Order(
            id=order_id, intent_id=req.intent_id, user_id=req.user_id,
            product_id=plan.product.id, kind=OrderKind.RENEWAL if renewal else OrderKind.PURCHASE,
            status=OrderStatus.COMPLETED if sub is not None else OrderStatus.PENDING,
            price=plan.price, discount=plan.discount, amount=plan.amount,
            currency=self._currency, coupon_code=plan.coupon.code if plan.coupon else "",
            stock_item_id=sub.stock_item_id if sub is not None else "",
            subscription_id=sub.id if sub is not None else "", created_at=now, updated_at=now)
        await tx.orders.insert(order)
        if intent is not None:
            await self._close_intent(tx, intent, now, order_id=order.id)
        await self._notify(tx, order, plan.product, sub, changed=item is not None,
                           announce=req.announce)
        return PurchaseResult(order, sub)

    async def _notify(self, tx: Tx, order: Order, product: Product, sub: Subscription | None,
                      *, changed: bool, announce: bool = True) -> None:
        params: dict[str, Any] = {"order_id": order.id, "platform": product.platform,
                                  "plan": product.plan,
                                  "amount": format_amount(order.amount, order.currency)}
        if sub is None:
            await enqueue(tx, self._clock, self._ids, key=f"order:{order.id}:pending",
                          template="order-pending", chat_id=order.user_id, params=params)
            await enqueue(tx, self._clock, self._ids, key=f"order:{order.id}:staff-pending",
                          template="staff-order-pending", audience="staff", bot="admin",
                          params={**params, "user_id": order.user_id})
            return
        if not announce:
            return
        params |= {"subscription_id": sub.id, "ends_at": to_iso(sub.ends_at)}
        if order.kind is OrderKind.RENEWAL:
            await enqueue(tx, self._clock, self._ids, key=f"order:{order.id}:renewed",
                          template="subscription-renewed", chat_id=order.user_id,
                          params={**params, "credential_changed": changed})
        else:
            await enqueue(tx, self._clock, self._ids, key=f"order:{order.id}:completed",
                          template="purchase-completed", chat_id=order.user_id, params=params)

    async def _close_intent(self, tx: Tx, intent: PurchaseIntent, now: datetime, *,
                            order_id: str) -> None:
        intent.status, intent.order_id, intent.updated_at = IntentStatus.COMPLETED, order_id, now
        await tx.intents.save(intent)

    async def _fail_intent(self, tx: Tx, intent: PurchaseIntent, now: datetime,
                           exc: Exception) -> None:
        code = getattr(exc, "code", "domain")
        reason = str(getattr(exc, "params", {}).get("reason", "")) if code == "coupon-invalid" \
            else ""
        intent.status, intent.failure, intent.updated_at = IntentStatus.FAILED, code, now
        await tx.intents.save(intent)
        await enqueue(tx, self._clock, self._ids, key=f"intent:{intent.id}:failed",
                      template="purchase-failed", chat_id=intent.user_id,
                      params={"intent_id": intent.id, "reason": code, "coupon_reason": reason,
                              "product_id": intent.product_id,
                              "amount": format_amount(intent.amount, intent.currency)})
        log.info("intent %s of user=%s could not complete after its top-up: %s (money kept in "
                 "the wallet)", intent.id, intent.user_id, code)


def _check_expected(req: _Request, plan: _Plan) -> None:
    if req.expected_amount is not None and plan.amount != req.expected_amount:
        raise PriceChanged("the price changed since it was shown", quoted=req.expected_amount,
                           amount=plan.amount)


def auto_renew_intent(subscription_id: str, period_end: datetime) -> str:
    """The intent id of the automatic renewal of one period (at most 64 characters)."""
    return f"ar:{subscription_id}:{int(period_end.timestamp() * 1000)}"[:64]


def _refuse_debt(balance: int) -> None:
    """A negative balance is a debt (a payment refunded at the gateway after it was spent):
    nothing is bought until a top-up pays it."""
    if balance < 0:
        raise WalletInDebt("the wallet owes a refunded payment", amount=-balance)


def _short(req: _Request, amount: int, balance: int) -> InsufficientFunds:
    return InsufficientFunds("balance too low", user_id=req.user_id, amount=amount,
                             balance=balance, shortfall=amount - balance, intent_id=req.intent_id)


def _is_held(intent: PurchaseIntent, now: datetime) -> bool:
    return intent.status is IntentStatus.AWAITING_PAYMENT and now < intent.expires_at


async def _keeps_item(tx: Tx, sub: Subscription | None) -> bool:
    """A renewal keeps its credential while the item exists and is not revoked."""
    if sub is None or not sub.stock_item_id:
        return False
    item = await tx.stock.get(sub.stock_item_id)
    return item is not None and item.status is not StockStatus.REVOKED


def _extend(sub: Subscription, product: Product, item: StockItem | None, now: datetime) -> None:
    live = sub.status is SubscriptionStatus.ACTIVE and sub.ends_at > now
    if not live:
        sub.starts_at = now
    sub.ends_at = (sub.ends_at if live else now) + timedelta(days=product.duration_days)
    sub.status, sub.updated_at = SubscriptionStatus.ACTIVE, now
    if item is not None:
        sub.stock_item_id = item.id

