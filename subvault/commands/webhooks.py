"""``subvault webhooks purge``: empty the raw bodies of old gateway callbacks (they hold customer
details) after WEBHOOK_RETENTION_DAYS, keeping every event record."""

from __future__ import annotations

import argparse

from core.bootstrap import Services
from core.config import Settings
from subvault.context import with_services


def _purge(settings: Settings, args: argparse.Namespace) -> int:
    async def run(services: Services) -> int:
        return await services.payments.purge_webhook_bodies(services.clock.now())

    purged = with_services(settings, run)
    print(f"purged the raw bodies of {purged} webhook event(s) older than "
          f"{settings.webhook_retention_days} days; the event records are kept")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    webhooks = sub.add_parser("webhooks", help="gateway callbacks: purge old raw bodies")
    tasks = webhooks.add_subparsers(dest="task", metavar="TASK", required=True)
    purge = tasks.add_parser("purge", help="empty raw bodies older than "
                                           "WEBHOOK_RETENTION_DAYS (records stay)")
    purge.set_defaults(handler=_purge)
