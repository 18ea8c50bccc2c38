"""``subvault orders list|refund``: orders for operators."""

from __future__ import annotations

import argparse

from core.bootstrap import Services
from core.clock import to_iso
from core.config import Settings
from core.models import Order, OrderStatus
from core.money import format_amount
from core.services.orders import StockAction
from subvault.commands.products import actor_name
from subvault.context import with_services
from subvault.output import add_list_task, print_listing


def _as_dict(o: Order) -> dict[str, object]:
    return {"id": o.id, "intent_id": o.intent_id, "user_id": o.user_id,
            "product_id": o.product_id, "kind": o.kind.value, "status": o.status.value,
            "price": o.price, "discount": o.discount, "amount": o.amount, "currency": o.currency,
            "coupon_code": o.coupon_code, "stock_item_id": o.stock_item_id,
            "subscription_id": o.subscription_id, "refunded_by": o.refunded_by,
            "created_at": to_iso(o.created_at), "updated_at": to_iso(o.updated_at)}


def _list(settings: Settings, args: argparse.Namespace) -> int:
    status = OrderStatus(args.status) if args.status else None

    async def run(services: Services) -> list[Order]:
        return await services.orders.list(status=status, user_id=args.user, limit=args.limit)

    return print_listing(with_services(settings, run), as_json=args.json, as_dict=_as_dict,
                         line=_line, counted="order(s)")


def _line(o: Order) -> str:
    coupon = f"  coupon {o.coupon_code}" if o.coupon_code else ""
    return (f"{o.id}  {to_iso(o.created_at)}  user {o.user_id:<12} {o.product_id}  "
            f"{o.kind.value:<8} {format_amount(o.amount, o.currency):>12}  "
            f"{o.status.value:<9}{coupon}")


def _refund(settings: Settings, args: argparse.Namespace) -> int:
    async def run(services: Services) -> tuple[Order, Order]:
        before = await services.orders.get(args.order_id)
        after = await services.orders.refund(args.order_id, actor=args.actor,
                                             stock=args.stock, reason=args.reason or "")
        return before, after

    before, order = with_services(settings, run)
    if before.status is OrderStatus.REFUNDED:
        print(f"order {order.id} was already refunded on {to_iso(order.updated_at)} by "
              f"{order.refunded_by or 'staff'}; nothing changed")
        return 0
    done = {"return": "returned to stock", "revoke": "revoked"}[args.stock]
    credential = f"; credential {done}" if order.stock_item_id else ""
    print(f"order {order.id} refunded: {format_amount(order.amount, order.currency)} back to "
          f"user {order.user_id}'s wallet{credential}")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    orders = sub.add_parser("orders", help="orders: list, refund")
    tasks = orders.add_subparsers(dest="task", metavar="TASK", required=True)

    lister = add_list_task(tasks, "newest orders first", (s.value for s in OrderStatus))
    lister.set_defaults(handler=_list)

    refund = tasks.add_parser(
        "refund", help="refund an order to the wallet, end its subscription (audited)",
        description="Credits the full amount back through the ledger (once, however often it "
                    "is run), ends the subscription, and returns the credential's slot to "
                    "stock or revokes the credential.")
    refund.add_argument("order_id", metavar="ORDER")
    refund.add_argument("--stock", choices=[a.value for a in StockAction], required=True,
                        help="return: the slot goes back on sale; revoke: never sold again")
    refund.add_argument("--reason", help="for the audit log")
    refund.add_argument("--actor", default=actor_name(), help="who asks (for the audit log)")
    refund.set_defaults(handler=_refund)
