"""``subvault audit verify``: walk the hash chain and name the first bad entry."""

from __future__ import annotations

import argparse

from core.bootstrap import Services
from core.config import Settings
from core.services.audit import ChainReport
from subvault.context import EXIT_FAILURE, with_services


def _verify(settings: Settings, args: argparse.Namespace) -> int:
    async def run(services: Services) -> ChainReport:
        return await services.audit.verify()

    report = with_services(settings, run)
    if report.ok:
        print(f"audit chain OK: {report.checked} entries verified")
        return 0
    print(f"audit chain BROKEN at entry {report.first_bad_seq}: {report.problem} "
          f"({report.checked} entries verified before it)")
    return EXIT_FAILURE


def register(sub: argparse._SubParsersAction) -> None:
    audit = sub.add_parser("audit", help="the audit log")
    tasks = audit.add_subparsers(dest="task", metavar="TASK", required=True)
    verify = tasks.add_parser("verify", help="check the hash chain; exit 1 if it was tampered with")
    verify.set_defaults(handler=_verify)
