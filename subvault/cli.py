"""Entry point of the ``subvault`` console script."""

from __future__ import annotations

import argparse
import sys

from subvault.commands import (
    admin,
    audit,
    chat,
    coupons,
    db,
    keys,
    orders,
    parts,
    products,
    staffops,
    stock,
    topups,
    users,
    webhooks,
)
from subvault.context import configure_logging, settings_or_exit

COMMAND_MODULES = [parts, db, keys, audit, admin, users, topups, products, stock, coupons,
                   orders, webhooks, chat, staffops]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="subvault",
        description="subvault: a subscription shop inside Telegram. Settings come from the "
                    "environment and .env (see .env.example).",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for module in COMMAND_MODULES:
        module.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    settings = settings_or_exit()
    configure_logging(settings)
    result = args.handler(settings, args)
    return int(result or 0)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
