"""``subvault admin add TELEGRAM_ID --role admin|support``."""

from __future__ import annotations

import argparse

from core.bootstrap import Services
from core.config import Settings
from core.models import Role, User
from subvault.context import with_services


def _add(settings: Settings, args: argparse.Namespace) -> int:
    async def run(services: Services) -> User:
        return await services.users.grant_role(args.telegram_id, Role(args.role), actor="cli")

    user = with_services(settings, run, create_keys=True)
    print(f"user {user.telegram_id} is now {user.role.value}")
    return 0


def telegram_id(text: str) -> int:
    """A Telegram user id: a whole number above 0."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a Telegram user id") from None
    if value <= 0:
        raise argparse.ArgumentTypeError(f"{value} is not a Telegram user id (they are above 0)")
    return value


def register(sub: argparse._SubParsersAction) -> None:
    admin = sub.add_parser("admin", help="staff of the admin bot")
    tasks = admin.add_subparsers(dest="task", metavar="TASK", required=True)
    add = tasks.add_parser("add", help="give a Telegram user a staff role (audited)")
    add.add_argument("telegram_id", type=telegram_id, metavar="TELEGRAM_ID")
    add.add_argument("--role", choices=["admin", "support", "customer"], required=True,
                     help="admin (everything) or support (users, orders, support replies); "
                          "customer removes staff rights")
    add.set_defaults(handler=_add)
