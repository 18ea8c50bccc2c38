"""Starting the long-running parts: run (everything), bot customer|admin, api, jobs."""

from __future__ import annotations

import argparse
import importlib

from core.config import Settings
from subvault.context import EXIT_FAILURE, fail

# part name -> (module with `serve(settings)`, the issue that builds it)
PARTS: dict[str, tuple[str, str]] = {
    "all": ("subvault.launch.together", "the customer bot issue"),
    "customer-bot": ("subvault.launch.customer_bot", "the customer bot issue"),
    "admin-bot": ("subvault.launch.admin_bot", "the admin bot issue"),
    "api": ("subvault.launch.api", "the wallet top-up issue"),
    "jobs": ("subvault.launch.jobs", "the scheduled jobs issue"),
}


def _launcher(part: str):  # -> module with serve()
    module_name, issue = PARTS[part]
    try:
        return importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if not exc.name or not module_name.startswith(exc.name):
            raise
        fail(f"{part} is not built yet (it comes with {issue})", EXIT_FAILURE)


def _serve(parts: list[str], settings: Settings) -> int:
    return int(_launcher(parts[0]).serve(settings) or 0)


def register(sub: argparse._SubParsersAction) -> None:
    run = sub.add_parser("run", help="start everything in one process (local mode without "
                                     "bot tokens: Bot API stand-in + sandbox payments)")
    run.set_defaults(handler=lambda s, a: _serve(["all"], s))

    bot = sub.add_parser("bot", help="start one bot")
    which = bot.add_subparsers(dest="which", metavar="BOT", required=True)
    for name in ("customer", "admin"):
        part = f"{name}-bot"
        p = which.add_parser(name, help=f"start the {name} bot")
        p.set_defaults(handler=lambda s, a, part=part: _serve([part], s))

    api = sub.add_parser("api", help="start the payment callback app (FastAPI)")
    api.set_defaults(handler=lambda s, a: _serve(["api"], s))

    jobs = sub.add_parser("jobs", help="start the scheduler; `jobs status` shows every job's "
                                       "last run, result and next run")
    jobs.add_argument("action", nargs="?", choices=["status"],
                      help="status: print every job's last run (exit 1 if one is stalled or "
                           "failing)")
    jobs.add_argument("--json", action="store_true", help="status as JSON")
    jobs.set_defaults(handler=_jobs)


def _jobs(settings: Settings, args: argparse.Namespace) -> int:
    if args.action == "status":
        from subvault.commands.jobs import status

        return status(settings, args)
    return _serve(["jobs"], settings)
