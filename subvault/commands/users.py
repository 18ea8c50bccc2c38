"""``subvault users show TELEGRAM_ID [--json]``: profile, balance and ledger."""

from __future__ import annotations

import argparse

from core.bootstrap import Services
from core.clock import to_iso
from core.config import Settings
from core.money import format_amount
from core.services.users import Profile
from subvault.context import with_services
from subvault.output import add_json_flag, print_json


def _as_dict(profile: Profile, currency: str) -> dict[str, object]:
    user = profile.user
    return {
        "telegram_id": user.telegram_id, "first_name": user.first_name,
        "last_name": user.last_name, "username": user.username, "language": user.language,
        "role": user.role.value, "blocked": user.blocked,
        "created_at": to_iso(user.created_at) if user.created_at else None,
        "last_seen_at": to_iso(user.last_seen_at) if user.last_seen_at else None,
        "balance": profile.balance, "currency": currency,
        "ledger_total_entries": profile.total_entries,
        "ledger": [
            {"id": e.id, "at": to_iso(e.created_at), "amount": e.amount, "reason": e.reason,
             "ref": e.ref, "key": e.key, "balance_after": e.balance_after}
            for e in profile.entries
        ],
    }


def _print_text(data: dict, currency: str) -> None:
    print(f"user {data['telegram_id']}  {data['first_name']} {data['last_name']}".rstrip())
    print(f"  username: @{data['username']}" if data["username"] else "  username: -")
    print(f"  language: {data['language']}  role: {data['role']}  blocked: {data['blocked']}")
    print(f"  joined: {data['created_at']}  last seen: {data['last_seen_at']}")
    print(f"  balance: {format_amount(data['balance'], currency)}")
    shown, total = len(data["ledger"]), data["ledger_total_entries"]
    print(f"  ledger ({shown} of {total} entries, newest first):")
    for e in data["ledger"]:
        print(f"    {e['at']}  {format_amount(e['amount'], currency):>14}  "
              f"= {format_amount(e['balance_after'], currency):>14}  {e['reason']} {e['ref']}")


def _show(settings: Settings, args: argparse.Namespace) -> int:
    async def run(services: Services) -> Profile:
        return await services.users.profile(args.telegram_id, limit=args.limit)

    data = _as_dict(with_services(settings, run), settings.currency)
    if args.json:
        print_json(data)
    else:
        _print_text(data, settings.currency)
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    users = sub.add_parser("users", help="look up customers")
    tasks = users.add_subparsers(dest="task", metavar="TASK", required=True)
    show = tasks.add_parser("show", help="profile, balance and ledger of one user")
    show.add_argument("telegram_id", type=int, metavar="TELEGRAM_ID")
    add_json_flag(show)
    show.add_argument("--limit", type=int, default=50, help="ledger entries to show")
    show.set_defaults(handler=_show)
