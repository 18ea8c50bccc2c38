"""``subvault db init`` and ``subvault db migrate``: bring the schema to the latest version.

Every start migrates too; these commands do it on their own and say what they did."""

from __future__ import annotations

import argparse

from core.bootstrap import Services
from core.config import Settings
from core.storage.schema import SchemaReport
from subvault.context import run_async, store_for, with_services


def _describe(report: SchemaReport | None) -> str:
    assert report is not None, "an opened store records what it did to the schema"
    if not report.migrated:
        return f"schema version {report.after} (the latest): nothing to migrate"
    backup = f"; backup of the old file: {report.backup}" if report.backup else ""
    return f"schema version {report.before} -> {report.after}{backup}"


def _init(settings: Settings, args: argparse.Namespace) -> int:
    async def run(services: Services) -> tuple[str, SchemaReport | None]:
        return services.store.describe(), services.store.schema

    where, report = with_services(settings, run, create_keys=True)
    print(f"schema and indexes are in place on {where}: {_describe(report)}")
    return 0


def _migrate(settings: Settings, args: argparse.Namespace) -> int:
    async def run() -> tuple[str, SchemaReport | None]:
        async with store_for(settings) as store:
            return store.describe(), store.schema

    where, report = run_async(run)
    print(f"{where}: {_describe(report)}")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    db = sub.add_parser("db", help="database tasks")
    tasks = db.add_subparsers(dest="task", metavar="TASK", required=True)
    init = tasks.add_parser("init", help="create tables/collections and indexes, or migrate "
                                         "them to the latest schema version (idempotent)")
    init.set_defaults(handler=_init)
    migrate = tasks.add_parser("migrate", help="migrate the schema to the latest version "
                                               "(SQLite: a backup copy of the file first)")
    migrate.set_defaults(handler=_migrate)
