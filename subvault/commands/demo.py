"""``subvault demo reset``: start local mode's demo shop over (local SQLite shop only)."""

from __future__ import annotations

import argparse
import socket
import sys
from pathlib import Path

from core.bootstrap import Services
from core.config import Settings
from core.services.demo import DEMO_COUPON, DemoShop
from subvault.context import fail, with_services


def _local_or_exit(settings: Settings) -> Path:
    if settings.customer_bot_token is not None or settings.admin_bot_token is not None:
        fail("the demo shop exists only in local mode (no CUSTOMER_BOT_TOKEN or "
             "ADMIN_BOT_TOKEN); refusing to touch this shop")
    default = Settings.model_fields["database_url"].default
    path = settings.sqlite_path
    if path is None or settings.database_url != default:
        fail(f"the demo shop lives in local mode's SQLite file (the default DATABASE_URL "
             f"{default}); refusing to reset another database")
    return path


def _running(settings: Settings) -> bool:
    """Is ``subvault run`` serving here (its payment app's port answers)?"""
    try:
        with socket.create_connection((settings.api_host, settings.api_port), timeout=0.5):
            return True
    except OSError:
        return False


def _reset(settings: Settings, args: argparse.Namespace) -> int:
    path = _local_or_exit(settings)
    if _running(settings):
        fail(f"something is serving on {settings.api_host}:{settings.api_port} (`subvault run`?);"
             " stop it first")
    if not args.yes:
        if not sys.stdin.isatty():
            fail("this deletes every order, wallet and customer in the local shop; "
                 "add --yes to confirm")
        answer = input(f"Delete the local shop in {path} and seed the demo shop again? [y/N] ")
        if answer.strip().lower() not in {"y", "yes"}:
            print("nothing changed")
            return 1
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)

    async def seed(services: Services) -> list[str]:
        return await DemoShop(services.catalog, services.stock, services.coupons).seed()

    ids = with_services(settings, seed, create_keys=True)
    print(f"demo shop reset: {len(ids)} plans, coupon {DEMO_COUPON}; run `subvault run` and open "
          f"http://{settings.api_host}:{settings.api_port}/playground")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("demo", help="local mode's demo shop")
    demo = parser.add_subparsers(dest="demo_command", metavar="ACTION", required=True)
    reset = demo.add_parser("reset", help="delete the local shop and seed the demo shop again")
    reset.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    reset.set_defaults(handler=_reset)
