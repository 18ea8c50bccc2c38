"""``subvault db init``: create the schema and indexes (idempotent)."""

from __future__ import annotations

import argparse

from core.bootstrap import Services
from core.config import Settings
from subvault.context import with_services


def _init(settings: Settings, args: argparse.Namespace) -> int:
    async def run(services: Services) -> str:
        return services.store.describe()  # opening the store created schema and indexes

    where = with_services(settings, run, create_keys=True)
    print(f"schema and indexes are in place on {where}")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    db = sub.add_parser("db", help="database tasks")
    tasks = db.add_subparsers(dest="task", metavar="TASK", required=True)
    init = tasks.add_parser("init", help="create tables/collections and indexes (idempotent)")
    init.set_defaults(handler=_init)
