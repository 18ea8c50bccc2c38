"""``subvault products list|add|edit``: the catalog for operators (amounts as typed: 499.50)."""

from __future__ import annotations

import argparse
import getpass
import re
from typing import Any

from core.bootstrap import Services
from core.clock import to_iso
from core.config import Settings
from core.errors import DomainError, ValidationError
from core.models import Delivery, Product, StockLevel, TotpPolicy
from core.money import format_amount, parse_amount
from subvault.context import fail, with_services
from subvault.output import add_json_flag, print_listing


def actor_name() -> str:
    """Who runs the command, for the audit log."""
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli"


def amount_or_exit(text: str, currency: str, option: str) -> int:
    try:
        return parse_amount(text, currency)
    except DomainError as exc:
        fail(f"{option} {text[:32]!r}: {exc}")


def _as_dict(p: Product, level: StockLevel | None, currency: str) -> dict[str, Any]:
    return {"id": p.id, "platform": p.platform, "plan": p.plan, "description": p.description,
            "price": p.price, "price_text": format_amount(p.price, currency),
            "duration_days": p.duration_days, "active": p.active, "sort_order": p.sort_order,
            "delivery": p.delivery.value, "slots_per_item": p.slots_per_item,
            "totp_policy": p.totp_policy.value, "qr_export_limit": p.qr_export_limit,
            "low_stock_threshold": p.low_stock_threshold,
            "free_slots": level.free_slots if level else 0,
            "created_at": to_iso(p.created_at) if p.created_at else None}


def _line(d: dict[str, Any]) -> str:
    stock = "manual" if d["delivery"] == "manual" else f"{d['free_slots']} free"
    flags = "" if d["active"] else "  (inactive)"
    return (f"{d['id']}  {d['platform']} — {d['plan']}  {d['price_text']}  "
            f"{d['duration_days']}d  {stock}  slots/item {d['slots_per_item']}  "
            f"2FA {d['totp_policy']}{flags}")


def _list(settings: Settings, args: argparse.Namespace) -> int:
    async def run(services: Services) -> tuple[list[Product], dict[str, StockLevel]]:
        products = await services.catalog.list(active_only=not args.all)
        levels = await services.stock.levels([p.id for p in products])
        return products, {lv.product_id: lv for lv in levels}

    products, levels = with_services(settings, run)
    rows = [_as_dict(p, levels.get(p.id), settings.currency) for p in products]
    return print_listing(rows, as_json=args.json, as_dict=dict, line=_line,
                         counted="product(s)")


def _changes(args: argparse.Namespace, currency: str) -> dict[str, Any]:
    fields = {"platform": args.platform, "plan": args.plan, "description": args.description,
              "duration_days": args.days, "sort_order": args.sort,
              "low_stock_threshold": args.low_stock, "slots_per_item": args.slots,
              "qr_export_limit": args.qr_limit,
              "delivery": Delivery(args.delivery) if args.delivery else None,
              "totp_policy": TotpPolicy(args.totp) if args.totp else None,
              "active": args.active}
    if args.price is not None:
        fields["price"] = amount_or_exit(args.price, currency, "--price")
        if fields["price"] <= 0:
            fail(f"--price {args.price!r}: a plan must cost more than 0")
    return {k: v for k, v in fields.items() if v is not None}


# what the catalog calls a field -> the option an operator types
FLAGS = {"platform": "--platform", "plan": "--plan", "description": "--description",
         "price": "--price", "duration_days": "--days", "sort_order": "--sort",
         "low_stock_threshold": "--low-stock", "slots_per_item": "--slots",
         "qr_export_limit": "--qr-limit", "delivery": "--delivery", "totp_policy": "--totp",
         "active": "--active/--inactive"}


def _in_flags(exc: ValidationError) -> str:
    """The catalog's message with its field names turned into the options that set them."""
    message = str(exc)
    for field in sorted(FLAGS, key=len, reverse=True):
        message = re.sub(rf"\b{field}\b", FLAGS[field], message)
    return message


def _shown(name: str, value: Any, currency: str) -> str:
    if name == "active":
        return "active (on sale)" if value else "inactive (hidden from customers)"
    if name == "price":
        return f"price {format_amount(value, currency)}"
    if isinstance(value, Delivery | TotpPolicy):
        value = value.value
    return f"{FLAGS.get(name, name).lstrip('-')} {value}"


def _add(settings: Settings, args: argparse.Namespace) -> int:
    changes = _changes(args, settings.currency)

    async def run(services: Services) -> Product:
        try:
            return await services.catalog.add(actor=args.actor, **changes)
        except ValidationError as exc:
            fail(_in_flags(exc))

    product = with_services(settings, run, create_keys=True)
    price = format_amount(product.price, settings.currency)
    print(f"added {product.id}: {product.title} for {price} / {product.duration_days} days")
    return 0


def _edit(settings: Settings, args: argparse.Namespace) -> int:
    changes = _changes(args, settings.currency)
    if not changes:
        print("nothing to change (see subvault products edit --help)")
        return 2

    async def run(services: Services) -> Product:
        try:
            return await services.catalog.edit(args.product_id, actor=args.actor, **changes)
        except ValidationError as exc:
            fail(_in_flags(exc))

    product = with_services(settings, run)
    print(f"updated {product.id}: " + ", ".join(
        _shown(name, getattr(product, name), settings.currency) for name in sorted(changes)))
    return 0


def _fields(parser: argparse.ArgumentParser, *, required: bool) -> None:
    parser.add_argument("--platform", required=required, help="e.g. Netflix")
    parser.add_argument("--plan", required=required, help="e.g. 'Premium 1 month'")
    parser.add_argument("--price", required=required, help="in the shop currency, e.g. 499.50")
    parser.add_argument("--days", type=int, required=required, help="duration in days")
    parser.add_argument("--description")
    parser.add_argument("--delivery", choices=[d.value for d in Delivery],
                        help="auto: from stock (default); manual: staff deliver by hand")
    parser.add_argument("--slots", type=int, help="customers per credential (shared accounts)")
    parser.add_argument("--totp", choices=[t.value for t in TotpPolicy],
                        help="2FA: none, codes, or codes_qr (codes and QR exports)")
    parser.add_argument("--qr-limit", type=int, help="QR exports per subscription")
    parser.add_argument("--sort", type=int, help="position in the catalog (lower first)")
    parser.add_argument("--low-stock", type=int, help="alert staff at this many free slots")
    state = parser.add_mutually_exclusive_group()
    state.add_argument("--active", dest="active", action="store_const", const=True,
                       help="on sale")
    state.add_argument("--inactive", dest="active", action="store_const", const=False,
                       help="hidden from customers")
    parser.add_argument("--actor", default=actor_name(), help="who asks (for the audit log)")


def register(sub: argparse._SubParsersAction) -> None:
    products = sub.add_parser("products", help="the catalog: list, add, edit plans")
    tasks = products.add_subparsers(dest="task", metavar="TASK", required=True)

    lister = tasks.add_parser("list", help="plans with price, duration and free stock")
    lister.add_argument("--all", action="store_true", help="include inactive plans")
    add_json_flag(lister)
    lister.set_defaults(handler=_list)

    add = tasks.add_parser("add", help="add a plan (audited)")
    _fields(add, required=True)
    add.set_defaults(handler=_add)

    edit = tasks.add_parser("edit", help="change some fields of a plan (audited)")
    edit.add_argument("product_id", metavar="PRODUCT")
    _fields(edit, required=False)
    edit.set_defaults(handler=_edit)
