"""``subvault coupons add|list|disable``: discount codes for operators."""

from __future__ import annotations

import argparse
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from core.bootstrap import Services
from core.clock import to_iso
from core.config import Settings
from core.models import Coupon, CouponKind
from core.money import format_amount
from subvault.commands.products import actor_name, amount_or_exit
from subvault.context import fail, with_services
from subvault.output import add_json_flag, print_listing


def _basis_points(text: str) -> int:
    """"12.5" (percent) -> 1250 basis points, exactly."""
    try:
        value = Decimal(text.strip().rstrip("%")) * 100
    except InvalidOperation:
        fail(f"--percent {text!r} is not a number")
    if value != value.to_integral_value():
        fail("--percent allows at most two decimals (e.g. 12.25)")
    return int(value)


def _moment(text: str) -> datetime:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        fail(f"--expires {text!r}: use YYYY-MM-DD or YYYY-MM-DDTHH:MM (UTC)")
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _describe(c: Coupon, currency: str) -> str:
    off = f"{c.value / 100:g}%" if c.kind is CouponKind.PERCENT else format_amount(c.value,
                                                                                  currency)
    limits = [f"used {c.used}" + (f"/{c.total_limit}" if c.total_limit is not None else "")]
    if c.per_user_limit is not None:
        limits.append(f"{c.per_user_limit} per user")
    if c.expires_at:
        limits.append(f"until {to_iso(c.expires_at)}")
    if c.min_amount:
        limits.append(f"min {format_amount(c.min_amount, currency)}")
    if c.product_ids:
        limits.append("only " + ",".join(c.product_ids))
    state = "" if c.active else "  (disabled)"
    return f"{c.code:<16} {off:>10} off  " + ", ".join(limits) + state


def _add(settings: Settings, args: argparse.Namespace) -> int:
    if args.percent is not None:
        kind, value = CouponKind.PERCENT, _basis_points(args.percent)
    else:
        kind, value = CouponKind.FIXED, amount_or_exit(args.fixed, settings.currency,
                                                        "--fixed")
    expires_at = _moment(args.expires) if args.expires else None
    if expires_at is not None and expires_at <= datetime.now(UTC):
        fail(f"--expires {args.expires!r}: that moment has passed (times are UTC); a coupon "
             "must expire in the future")
    coupon = Coupon(code=args.code, kind=kind, value=value, expires_at=expires_at,
                    total_limit=args.total_limit, per_user_limit=args.per_user,
                    product_ids=list(args.product or []),
                    min_amount=amount_or_exit(args.min, settings.currency, "--min")
                    if args.min else 0)

    async def run(services: Services) -> Coupon:
        return await services.coupons.add(coupon, actor=args.actor)

    added = with_services(settings, run, create_keys=True)
    print(f"added coupon {_describe(added, settings.currency)}")
    return 0


def _list(settings: Settings, args: argparse.Namespace) -> int:
    async def run(services: Services) -> list[Coupon]:
        return await services.coupons.list()

    return print_listing(with_services(settings, run), as_json=args.json, as_dict=_as_dict,
                         line=lambda c: _describe(c, settings.currency), counted="coupon(s)")


def _as_dict(c: Coupon) -> dict[str, Any]:
    return {"code": c.code, "kind": c.kind.value, "value": c.value,
            "expires_at": to_iso(c.expires_at) if c.expires_at else None,
            "total_limit": c.total_limit, "per_user_limit": c.per_user_limit,
            "product_ids": c.product_ids, "min_amount": c.min_amount, "used": c.used,
            "active": c.active}


def _disable(settings: Settings, args: argparse.Namespace) -> int:
    async def run(services: Services) -> Coupon:
        return await services.coupons.set_active(args.code, False, actor=args.actor)

    coupon = with_services(settings, run)
    print(f"coupon {coupon.code} disabled")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    coupons = sub.add_parser("coupons", help="discount codes: add, list, disable")
    tasks = coupons.add_subparsers(dest="task", metavar="TASK", required=True)

    add = tasks.add_parser("add", help="a new code (audited)",
                           description="Percent discounts are rounded down to the minor unit.")
    add.add_argument("code", metavar="CODE", help="3-32 letters, digits, - or _")
    off = add.add_mutually_exclusive_group(required=True)
    off.add_argument("--percent", help="percent off, up to two decimals (e.g. 12.5)")
    off.add_argument("--fixed", help="amount off in the shop currency (e.g. 50 or 49.99)")
    add.add_argument("--expires", help="UTC date or time it stops working (YYYY-MM-DD[THH:MM])")
    add.add_argument("--total-limit", type=int, help="uses in total (default: unlimited)")
    add.add_argument("--per-user", type=int, help="uses per customer (default: unlimited)")
    add.add_argument("--product", action="append", metavar="PRODUCT",
                     help="only for this plan (repeat for several)")
    add.add_argument("--min", help="minimum plan price for the code to apply")
    add.add_argument("--actor", default=actor_name(), help="who asks (for the audit log)")
    add.set_defaults(handler=_add)

    lister = tasks.add_parser("list", help="every code with its use count")
    add_json_flag(lister)
    lister.set_defaults(handler=_list)

    disable = tasks.add_parser("disable", help="stop a code from working (audited)")
    disable.add_argument("code", metavar="CODE")
    disable.add_argument("--actor", default=actor_name(), help="who asks (for the audit log)")
    disable.set_defaults(handler=_disable)
