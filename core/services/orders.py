"""Orders for staff: look up, deliver manual orders by hand, refund.

A refund credits the wallet through the ledger (key ``refund:<order id>``, so a second refund
applies nothing), marks the order, takes that order's period back from its subscription (ending
it only when no period paid by another order is left), returns the credential's slot to stock
or revokes the item as staff choose, tells the customer through the outbox and is audited — all in
one transaction.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from enum import StrEnum

from core.clock import Clock, to_iso
from core.crypto import KeyRing
from core.errors import OrderNotFound, OrderStateError, ValidationError, found
from core.ids import IdFactory
from core.models import Order, OrderStatus, Product, Subscription, SubscriptionStatus
from core.money import format_amount
from core.services import audit
from core.services.notify import enqueue
from core.services.purchases import PurchaseResult
from core.services.stock.importer import ImportLine, check_line
from core.services.stock.sealing import seal_item
from core.services.wallet import Posting, post
from core.storage.base import Store, Tx

log = logging.getLogger(__name__)


class StockAction(StrEnum):
    RETURN = "return"  # the slot goes back on sale
    REVOKE = "revoke"  # the credential is never sold again


class OrderService:
    def __init__(self, store: Store, clock: Clock, ids: IdFactory, keyring: KeyRing, *,
                 currency: str) -> None:
        self._store = store
        self._clock = clock
        self._ids = ids
        self._ring = keyring
        self._currency = currency

    async def get(self, order_id: str) -> Order:
        return found(await self._store.read(lambda tx: tx.orders.get(order_id)),
                     OrderNotFound(f"no order {order_id}", order_id=order_id))

    async def list(self, *, status: OrderStatus | None = None, user_id: int | None = None,
                   limit: int = 50, offset: int = 0) -> list[Order]:
        """Newest first."""
        return await self._store.read(lambda tx: tx.orders.list(
            status=status, user_id=user_id, limit=limit, offset=offset))

    async def for_user(self, user_id: int, limit: int = 20) -> list[Order]:
        return await self.list(user_id=user_id, limit=limit)

    async def pending(self, limit: int = 50) -> list[Order]:
        """Manual orders waiting for staff to deliver."""
        return await self.list(status=OrderStatus.PENDING, limit=limit)

    async def refund(self, order_id: str, *, actor: str,
                     stock: StockAction | str = StockAction.REVOKE, reason: str = "") -> Order:
        """Refund the order in full (idempotent: a refunded order is returned unchanged)."""
        action = StockAction(stock)
        now = self._clock.now()

        async def unit(tx: Tx) -> Order:
            order = await tx.orders.get(order_id)
            if order is None:
                raise OrderNotFound(f"no order {order_id}", order_id=order_id)
            if order.status is OrderStatus.REFUNDED:
                return order
            before = order.status
            if order.amount > 0:
                await post(tx, Posting(order.user_id, order.amount, f"refund:{order.id}",
                                       "refund", order.id),
                           currency=order.currency, clock=self._clock, ids=self._ids)
            item_id = await self._end_subscription(tx, order, action)
            order.status, order.refunded_by, order.updated_at = OrderStatus.REFUNDED, actor, now
            if not await tx.orders.update(order, before):
                raise OrderStateError("the order changed while refunding")
            await enqueue(tx, self._clock, self._ids, key=f"order:{order.id}:refunded",
                          template="order-refunded", chat_id=order.user_id,
                          params={"order_id": order.id,
                                  "amount": format_amount(order.amount, order.currency)})
            await audit.append(tx, self._clock, actor=actor, action="order.refund",
                               target=order.id,
                               details={"user_id": order.user_id, "amount": order.amount,
                                        "stock": action.value if item_id else "none",
                                        "item_id": item_id, "reason": reason[:200]})
            return order

        order = await self._store.transaction(unit)
        log.info("order %s refunded by %s (stock: %s)", order.id, actor, action.value)
        return order

    async def _end_subscription(self, tx: Tx, order: Order, action: StockAction) -> str:
        """Take the order's period back from its subscription. If time paid by other orders
        (the first purchase, other renewals) is left, the subscription goes on with it and the
        credential stays; otherwise it ends and staff's stock action applies: the item id or
        ""."""
        if not order.subscription_id:
            return ""
        sub = await tx.subscriptions.get(order.subscription_id)
        if sub is None or sub.status in (SubscriptionStatus.REFUNDED,
                                         SubscriptionStatus.CANCELLED):
            return ""
        now = self._clock.now()
        product = await tx.products.get(order.product_id)
        if product is not None:
            remaining = sub.ends_at - timedelta(days=product.duration_days)
            if remaining > now:
                sub.ends_at, sub.updated_at = remaining, now
                await tx.subscriptions.update(sub)
                return ""
        item_id = sub.stock_item_id
        if item_id and action is StockAction.RETURN:
            await tx.stock.release(item_id, now)
        elif item_id:
            await tx.stock.revoke(item_id, "refunded", now)
        sub.status, sub.auto_renew, sub.updated_at = SubscriptionStatus.REFUNDED, False, now
        sub.ends_at = min(sub.ends_at, now)
        await tx.subscriptions.update(sub)
        return item_id

    async def deliver(self, order_id: str, *, actor: str, login: str, password: str,
                      notes: str = "", totp: str = "") -> PurchaseResult:
        """Staff deliver a pending manual order: the credential is sealed and stored, the
        subscription starts now, the customer is told (audited; a repeat returns the result)."""
        checked = check_line(0, [login, password, notes, totp])
        if not isinstance(checked, ImportLine):
            raise ValidationError(checked.reason)
        order = await self.get(order_id)
        now = self._clock.now()
        item = seal_item(self._ring, item_id=self._ids.new("itm"), product_id=order.product_id,
                         login=checked.login, password=checked.password, notes=checked.notes,
                         totp=checked.totp, fingerprint_hex="", slots_total=1, now=now,
                         batch="manual", sold=True)
        sub_id = self._ids.new("sub")

        async def unit(tx: Tx) -> PurchaseResult:
            current = await tx.orders.get(order_id)
            assert current is not None
            if current.status is OrderStatus.COMPLETED and current.subscription_id:
                sub = await tx.subscriptions.get(current.subscription_id)
                return PurchaseResult(current, sub, replayed=True)
            if current.status is not OrderStatus.PENDING:
                raise OrderStateError("only a pending order can be delivered",
                                      status=current.status.value)
            product = await tx.products.get(current.product_id)
            assert product is not None
            await tx.stock.insert_many([item])
            sub = _new_subscription(sub_id, current, product, item.id, now)
            await tx.subscriptions.insert(sub)
            current.status, current.stock_item_id = OrderStatus.COMPLETED, item.id
            current.subscription_id, current.updated_at = sub.id, now
            if not await tx.orders.update(current, OrderStatus.PENDING):
                raise OrderStateError("the order changed while delivering")
            await enqueue(tx, self._clock, self._ids, key=f"order:{current.id}:completed",
                          template="purchase-completed", chat_id=current.user_id,
                          params={"order_id": current.id, "subscription_id": sub.id,
                                  "platform": product.platform, "plan": product.plan,
                                  "amount": format_amount(current.amount, current.currency),
                                  "ends_at": to_iso(sub.ends_at)})
            await audit.append(tx, self._clock, actor=actor, action="order.deliver",
                               target=current.id, details={"item_id": item.id,
                                                           "subscription_id": sub.id})
            return PurchaseResult(current, sub)

        result = await self._store.transaction(unit)
        log.info("order %s delivered by %s as subscription %s", order_id, actor,
                 result.subscription.id if result.subscription else "-")
        return result


def _new_subscription(sub_id: str, order: Order, product: Product, item_id: str,
                      now: datetime) -> Subscription:
    return Subscription(
        id=sub_id, user_id=order.user_id, product_id=product.id, stock_item_id=item_id,
        status=SubscriptionStatus.ACTIVE, starts_at=now,
        ends_at=now + timedelta(days=product.duration_days), auto_renew=False, qr_exports=0,
        order_id=order.id, created_at=now, updated_at=now)
