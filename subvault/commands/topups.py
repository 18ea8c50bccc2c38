"""``subvault topups list|show|refund|resolve|reconcile``: wallet top-ups for operators."""

from __future__ import annotations

import argparse
import getpass
import json
from datetime import timedelta

from core.bootstrap import Services
from core.clock import to_iso
from core.config import Settings
from core.errors import GatewayUnavailable
from core.models import TopUp, TopUpStatus
from core.money import format_amount
from core.services.payments import Refund, RefundResult
from subvault.context import EXIT_FAILURE, fail, with_services
from subvault.output import add_list_task, print_json, print_listing


def _actor() -> str:
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli"


def _as_dict(t: TopUp) -> dict[str, object]:
    return {"id": t.id, "user_id": t.user_id, "amount": t.amount, "currency": t.currency,
            "gateway": t.gateway, "status": t.status.value, "intent_id": t.intent_id,
            "gateway_ref": t.gateway_ref, "gateway_amount": t.gateway_amount,
            "gateway_currency": t.gateway_currency, "payment_id": t.payment_id,
            "failure": t.failure, "refund_ref": t.refund_ref, "pay_url": t.pay_url,
            "created_at": to_iso(t.created_at), "updated_at": to_iso(t.updated_at),
            "expires_at": to_iso(t.expires_at) if t.expires_at else None}


def _line(t: TopUp) -> str:
    note = f"  {t.failure}" if t.failure else ""
    return (f"{t.id}  {to_iso(t.created_at)}  user {t.user_id:<12} "
            f"{format_amount(t.amount, t.currency):>14}  {t.gateway:<8} {t.status.value:<9} "
            f"{t.payment_id or t.gateway_ref or '-'}{note}")


def _list(settings: Settings, args: argparse.Namespace) -> int:
    status = TopUpStatus(args.status) if args.status else None

    async def run(services: Services) -> list[TopUp]:
        return await services.payments.list_topups(status=status, user_id=args.user,
                                                   limit=args.limit)

    return print_listing(with_services(settings, run), as_json=args.json, as_dict=_as_dict,
                         line=_line, counted="top-up(s)" + (f" {status.value}" if status else ""))


def _show(settings: Settings, args: argparse.Namespace) -> int:
    async def run(services: Services) -> TopUp:
        return await services.payments.get(args.topup_id)

    print_json(_as_dict(with_services(settings, run)))
    return 0


def _refund(settings: Settings, args: argparse.Namespace) -> int:
    async def run(services: Services) -> Refund:
        try:
            return await services.payments.refund_topup(args.topup_id, actor=args.actor)
        except GatewayUnavailable as exc:
            fail(f"top-up {args.topup_id}: the {exc.params.get('gateway') or 'gateway'} did not "
                 "answer, so whether the refund went through is unknown; the top-up is "
                 "'refunding' and the wallet was debited once. Running this command again is "
                 "safe: it asks the gateway again and never debits twice", EXIT_FAILURE)

    refund = with_services(settings, run)
    topup = refund.topup
    amount = format_amount(topup.amount, topup.currency)
    if refund.result.bot_call is not None:
        call = refund.result.bot_call
        print(f"top-up {topup.id}: {amount} debited from user {topup.user_id}'s wallet; it "
              f"stays refunding until the bot's {call.method}({json.dumps(call.params)}) is "
              f"accepted: refund it again from the admin bot (Telegram answers there; a "
              f"refusal gives the money back)")
    else:
        print(f"top-up {topup.id} refunded: {amount} back to the customer's {topup.gateway} "
              f"payment (refund {refund.result.ref})")
    return 0


def _resolve(settings: Settings, args: argparse.Namespace) -> int:
    async def run(services: Services) -> tuple[TopUp, RefundResult | None]:
        return await services.payments.resolve_held(args.topup_id, credit=args.credit,
                                                    actor=args.actor)

    topup, result = with_services(settings, run)
    amount = format_amount(topup.amount, topup.currency)
    if result is None:
        print(f"top-up {topup.id} credited: {amount} (what {topup.gateway} payment "
              f"{topup.payment_id} brought) added to user {topup.user_id}'s wallet")
    elif result.bot_call is not None:
        call = result.bot_call
        print(f"top-up {topup.id}: the admin bot must now call {call.method}"
              f"({json.dumps(call.params)}) to return payment {topup.payment_id}; the top-up "
              "is no longer held")
    else:
        print(f"top-up {topup.id}: payment {topup.payment_id} refunded at {topup.gateway} "
              f"(refund {result.ref}); nothing was credited and a later correct payment "
              "credits it")
    return 0


def _reconcile(settings: Settings, args: argparse.Namespace) -> int:
    async def run(services: Services):  # -> ReconcileReport
        return await services.payments.reconcile_pending(timedelta(minutes=args.older_than),
                                                         limit=args.limit)

    report = with_services(settings, run)
    print(f"checked {report.checked}: {report.credited} credited, {report.failed} failed, "
          f"{report.held} held, {report.still_pending} still pending, {report.errors} errors")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    topups = sub.add_parser("topups", help="wallet top-ups: list, show, refund, resolve, "
                                                "reconcile")
    tasks = topups.add_subparsers(dest="task", metavar="TASK", required=True)

    lister = add_list_task(tasks, "newest top-ups first", (s.value for s in TopUpStatus))
    lister.set_defaults(handler=_list)

    show = tasks.add_parser("show", help="one top-up in full")
    show.add_argument("topup_id", metavar="TOPUP_ID")
    show.set_defaults(handler=_show)

    refund = tasks.add_parser("refund", help="refund a credited top-up to its source "
                                             "(debits the wallet first; audited)")
    refund.add_argument("topup_id", metavar="TOPUP_ID")
    refund.add_argument("--actor", default=_actor(), help="who asks (for the audit log)")
    refund.set_defaults(handler=_refund)

    resolve = tasks.add_parser(
        "resolve", help="a held top-up: credit what the gateway received (--credit) or "
                        "refund that payment at the gateway (--refund); audited")
    resolve.add_argument("topup_id", metavar="TOPUP_ID")
    how = resolve.add_mutually_exclusive_group(required=True)
    how.add_argument("--credit", action="store_true",
                     help="credit the amount the recorded payment actually brought")
    how.add_argument("--refund", action="store_true",
                     help="refund the payment at the gateway; nothing is credited")
    resolve.add_argument("--actor", default=_actor(), help="who asks (for the audit log)")
    resolve.set_defaults(handler=_resolve)

    reconcile = tasks.add_parser("reconcile", help="ask the gateways about pending top-ups")
    reconcile.add_argument("--older-than", type=int, default=15, metavar="MINUTES")
    reconcile.add_argument("--limit", type=int, default=100)
    reconcile.set_defaults(handler=_reconcile)
