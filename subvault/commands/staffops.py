"""What staff do in the admin bot, from the command line: ``staff list``, ``balance adjust``,
``approvals list|approve|reject``, ``broadcast send|status|cancel``,
``transfers list|approve|reject`` and ``stats`` (with ``--chart FILE``)."""

from __future__ import annotations

import argparse
import json
import secrets
from pathlib import Path

from core.bootstrap import Services
from core.config import Settings
from core.money import format_amount, parse_price
from subvault.context import fail, with_services


def _money(settings: Settings, amount: int) -> str:
    return format_amount(amount, settings.currency)


def _signed_amount(text: str, currency: str) -> int:
    sign = -1 if text.strip().startswith("-") else 1
    return sign * parse_price(text.strip().lstrip("+-"), currency)


def _staff_list(settings: Settings, args: argparse.Namespace) -> int:
    async def run(services: Services):  # -> list[User]
        return await services.staff.members()

    for member in with_services(settings, run):
        print(f"{member.telegram_id}\t{member.role.value}\t{member.display_name}")
    return 0


def _adjust(settings: Settings, args: argparse.Namespace) -> int:
    amount = _signed_amount(args.amount, settings.currency)
    key = args.key or secrets.token_urlsafe(12)

    async def run(services: Services):  # -> Outcome
        return await services.approvals.adjust_balance(args.telegram_id, amount,
                                                       reason=args.reason, key=key,
                                                       staff_id=args.staff_id)

    outcome = with_services(settings, run)
    if outcome.waiting:
        print(f"{_money(settings, amount)} is above APPROVAL_LIMIT: approval "
              f"{outcome.approval.id} waits for a second admin "
              f"(`subvault approvals approve {outcome.approval.id} --staff-id ID`)")
    else:
        print(f"user {args.telegram_id}: {_money(settings, amount)} ({args.reason}); balance "
              f"now {_money(settings, outcome.entry.balance_after)} (key {key})")
    return 0


def _approvals_list(settings: Settings, args: argparse.Namespace) -> int:
    async def run(services: Services):  # -> list[Approval]
        return await services.approvals.pending()

    for a in with_services(settings, run):
        print(f"{a.id}\t{a.kind}\t{a.target}\t{_money(settings, a.amount)}\t"
              f"asked by {a.requested_by}")
    return 0


def _approve(settings: Settings, args: argparse.Namespace) -> int:
    async def run(services: Services):  # -> Outcome
        return await services.approvals.approve(args.approval_id, staff_id=args.staff_id)

    outcome = with_services(settings, run)
    if outcome.refund is not None and outcome.refund.result.bot_call is not None:
        print(f"approved: top-up {outcome.refund.topup.id} is refunding; Telegram Stars are "
              f"refunded by the bot: press Refund on it in the admin bot to finish")
    else:
        print(f"approval {args.approval_id} approved and carried out")
    return 0


def _reject(settings: Settings, args: argparse.Namespace) -> int:
    async def run(services: Services):  # -> Approval
        return await services.approvals.reject(args.approval_id, staff_id=args.staff_id)

    with_services(settings, run)
    print(f"approval {args.approval_id} rejected")
    return 0


def _broadcast_send(settings: Settings, args: argparse.Namespace) -> int:
    async def run(services: Services):  # -> tuple[Broadcast, int]
        draft = await services.broadcasts.create(
            staff_id=args.staff_id, text=args.text, segment=args.segment,
            segment_arg=args.arg, button_text=args.button_text, button_url=args.button_url)
        size = await services.broadcasts.audience_size(draft.id)
        await services.broadcasts.start(draft.id, staff_id=args.staff_id)
        return await services.broadcasts.queue(draft.id), size

    broadcast, size = with_services(settings, run)
    print(f"broadcast {broadcast.id}: {broadcast.queued} of {size} recipient(s) queued; the "
          f"running bot's outbox sender delivers them (`subvault broadcast status "
          f"{broadcast.id}`)")
    return 0


def _broadcast_status(settings: Settings, args: argparse.Namespace) -> int:
    async def run(services: Services):  # -> tuple[Broadcast, BroadcastProgress]
        return await services.broadcasts.finish_if_done(args.broadcast_id)

    broadcast, p = with_services(settings, run)
    data = {"id": broadcast.id, "status": broadcast.status.value, "queued": broadcast.queued,
            "sent": p.sent, "blocked": p.blocked, "failed": p.failed, "waiting": p.waiting}
    print(json.dumps(data) if args.json else
          f"broadcast {broadcast.id} {broadcast.status.value}: sent {p.sent}, blocked "
          f"{p.blocked}, failed {p.failed}, waiting {p.waiting} (of {broadcast.queued})")
    return 0


def _broadcast_cancel(settings: Settings, args: argparse.Namespace) -> int:
    async def run(services: Services):  # -> Broadcast
        return await services.broadcasts.cancel(args.broadcast_id, staff_id=args.staff_id)

    print(f"broadcast {with_services(settings, run).id} cancelled")
    return 0


def _transfers_list(settings: Settings, args: argparse.Namespace) -> int:
    async def run(services: Services):  # -> list[ManualPayment]
        return await services.manual_payments.pending()

    for p in with_services(settings, run):
        print(f"{p.id}\tuser {p.user_id}\t{_money(settings, p.amount)}\t{p.created_at:%Y-%m-%d}")
    return 0


def _transfer_decide(settings: Settings, args: argparse.Namespace) -> int:
    async def run(services: Services):  # -> ManualPayment
        if args.approve:
            return await services.manual_payments.approve(args.payment_id,
                                                          staff_id=args.staff_id)
        return await services.manual_payments.reject(args.payment_id, staff_id=args.staff_id,
                                                      reason=args.reason)

    payment = with_services(settings, run)
    print(f"transfer {payment.id} {payment.status.value}: {_money(settings, payment.amount)} "
          f"for user {payment.user_id}; the customer is told")
    return 0


def _stats(settings: Settings, args: argparse.Namespace) -> int:
    async def run(services: Services):  # -> tuple[Dashboard, ChartSeries | None]
        series = await services.stats.chart_series(30) if args.chart else None
        return await services.stats.dashboard(), series

    board, series = with_services(settings, run)
    if args.chart:
        try:
            from bot.admin.chart import chart_png
        except ImportError:  # pragma: no cover - matplotlib is a dependency
            fail("drawing the chart needs matplotlib")
        png = chart_png(series, currency=settings.currency,
                        revenue_title="Top-ups per day, by gateway",
                        customers_title="New customers per day")
        Path(args.chart).write_bytes(png)
    data = {
        "at": board.at.isoformat(), "active_subscriptions": board.active_subscriptions,
        "attention": {"low_stock": board.attention.low_stock,
                      "manual_orders": board.attention.manual_orders,
                      "held_topups": board.attention.held_topups,
                      "unmatched_payments": board.attention.unmatched_payments,
                      "stuck_topups": board.attention.stuck_topups,
                      "open_tickets": board.attention.open_tickets},
    }
    for name, p in (("today", board.today), ("last_7_days", board.week)):
        data[name] = {"sales": p.sales.amount, "orders": p.sales.count,
                      "topups": {g: t.amount for g, t in p.topups.items()},
                      "new_customers": p.new_customers,
                      "refunds_to_wallet": p.refunds_to_wallet.amount,
                      "refunds_to_gateway": p.refunds_to_gateway.amount}
    if args.json:
        print(json.dumps(data, indent=2))
        return 0
    for name in ("today", "last_7_days"):
        p = data[name]
        print(f"{name}: sales {_money(settings, p['sales'])} ({p['orders']} orders), top-ups "
              + (", ".join(f"{g} {_money(settings, a)}" for g, a in p["topups"].items()) or "-")
              + f", new customers {p['new_customers']}, refunds "
              f"{_money(settings, p['refunds_to_wallet'] + p['refunds_to_gateway'])}")
    print(f"active subscriptions: {data['active_subscriptions']}")
    print("attention: " + ", ".join(f"{k} {v}" for k, v in data["attention"].items()))
    if args.chart:
        print(f"chart written to {args.chart}")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    staff = sub.add_parser("staff", help="staff of the admin bot (add with `subvault admin add`)")
    staff_tasks = staff.add_subparsers(dest="task", metavar="TASK", required=True)
    staff_tasks.add_parser("list", help="admins and support").set_defaults(handler=_staff_list)

    balance = sub.add_parser("balance", help="wallet balance changes by staff")
    balance_tasks = balance.add_subparsers(dest="task", metavar="TASK", required=True)
    adjust = balance_tasks.add_parser("adjust", help="credit (100) or debit (-50) a wallet "
                                                     "with a reason (audited)")
    adjust.add_argument("telegram_id", type=int, metavar="TELEGRAM_ID")
    adjust.add_argument("amount", metavar="AMOUNT", help="e.g. 100, ₹99.50 or -50")
    adjust.add_argument("--reason", required=True)
    adjust.add_argument("--staff-id", type=int, required=True, help="who does it (audit)")
    adjust.add_argument("--key", default="", help="idempotency key: a repeat applies once")
    adjust.set_defaults(handler=_adjust)

    approvals = sub.add_parser("approvals", help="money actions waiting for a second admin")
    a_tasks = approvals.add_subparsers(dest="task", metavar="TASK", required=True)
    a_tasks.add_parser("list", help="waiting approvals").set_defaults(handler=_approvals_list)
    for name, handler in (("approve", _approve), ("reject", _reject)):
        p = a_tasks.add_parser(name, help=f"{name} an approval (not your own)")
        p.add_argument("approval_id", metavar="APPROVAL_ID")
        p.add_argument("--staff-id", type=int, required=True)
        p.set_defaults(handler=handler)

    broadcast = sub.add_parser("broadcast", help="messages to many customers")
    b_tasks = broadcast.add_subparsers(dest="task", metavar="TASK", required=True)
    send = b_tasks.add_parser("send", help="queue a broadcast for the running bot to deliver")
    send.add_argument("--text", required=True)
    send.add_argument("--segment", default="all",
                      choices=["all", "language", "active", "expired", "never"])
    send.add_argument("--arg", default="", help="language code, or days for --segment expired")
    send.add_argument("--button-text", default="")
    send.add_argument("--button-url", default="")
    send.add_argument("--staff-id", type=int, required=True)
    send.set_defaults(handler=_broadcast_send)
    status = b_tasks.add_parser("status", help="sent, blocked, failed and waiting counts")
    status.add_argument("broadcast_id", metavar="BROADCAST_ID")
    status.add_argument("--json", action="store_true")
    status.set_defaults(handler=_broadcast_status)
    cancel = b_tasks.add_parser("cancel", help="send nothing more of a broadcast")
    cancel.add_argument("broadcast_id", metavar="BROADCAST_ID")
    cancel.add_argument("--staff-id", type=int, required=True)
    cancel.set_defaults(handler=_broadcast_cancel)

    transfers = sub.add_parser("transfers", help="bank transfers reported by customers")
    t_tasks = transfers.add_subparsers(dest="task", metavar="TASK", required=True)
    t_tasks.add_parser("list", help="transfers waiting").set_defaults(handler=_transfers_list)
    for name in ("approve", "reject"):
        p = t_tasks.add_parser(name, help=f"{name} a transfer (the customer is told)")
        p.add_argument("payment_id", metavar="TRANSFER_ID")
        p.add_argument("--staff-id", type=int, required=True)
        p.add_argument("--reason", default="the transfer was not found")
        p.set_defaults(handler=_transfer_decide, approve=name == "approve")

    stats = sub.add_parser("stats", help="the dashboard's figures (today, last 7 days)")
    stats.add_argument("--json", action="store_true")
    stats.add_argument("--chart", metavar="FILE", help="also write the 30-day chart as PNG")
    stats.set_defaults(handler=_stats)

