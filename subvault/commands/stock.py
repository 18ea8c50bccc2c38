"""``subvault stock import|list``: credential stock. Nothing here ever prints a secret."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from core.bootstrap import Services
from core.clock import to_iso
from core.config import Settings
from core.models import StockStatus
from core.services.stock import ImportReport, StockEntry
from subvault.commands.products import actor_name
from subvault.context import EXIT_FAILURE, fail, with_services
from subvault.output import add_json_flag, print_listing


def _read(path: str) -> str:
    try:
        if path == "-":
            return sys.stdin.read()
        return Path(path).read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        fail(f"file {path} not found")
    except UnicodeDecodeError:
        fail(f"file {path} is not UTF-8 text")
    except OSError as exc:
        fail(f"cannot read {path}: {exc.strerror}")


def _import(settings: Settings, args: argparse.Namespace) -> int:
    text = _read(args.file)
    fmt = args.format
    if fmt == "auto" and args.file.lower().endswith(".csv"):
        fmt = "csv"

    async def run(services: Services) -> ImportReport:
        return await services.stock.import_items(args.product_id, text, actor=args.actor,
                                                 fmt=fmt, strict=args.strict,
                                                 dry_run=args.dry_run)

    report = with_services(settings, run)
    problems = [(p.line_no, "error", p.reason) for p in report.errors] + \
        [(p.line_no, "skipped", p.reason) for p in report.duplicates]
    for line_no, what, reason in sorted(problems):
        print(f"line {line_no}: {what}: {reason}")
    if report.written:
        print(f"added {report.added} item(s) to {report.product_id}"
              + (f" (batch {report.batch})" if report.batch else ""))
    else:
        why = "dry run" if args.dry_run else "--strict and some lines are bad"
        print(f"nothing stored ({why}); {report.new} new item(s) would be added")
    print(f"{len(report.duplicates)} duplicate(s) skipped, {len(report.errors)} bad line(s)")
    return EXIT_FAILURE if report.errors else 0


def _as_dict(e: StockEntry) -> dict[str, object]:
    return {"id": e.id, "product_id": e.product_id, "status": e.status.value,
            "slots_used": e.slots_used, "slots_total": e.slots_total, "has_totp": e.has_totp,
            "batch": e.batch, "revoked_reason": e.revoked_reason,
            "created_at": to_iso(e.created_at)}


def _list(settings: Settings, args: argparse.Namespace) -> int:
    status = StockStatus(args.status) if args.status else None

    async def run(services: Services) -> list[StockEntry]:
        await services.catalog.get(args.product_id)  # ProductNotFound for a typo
        return await services.stock.list_items(args.product_id, status, limit=args.limit,
                                               offset=args.offset)

    return print_listing(with_services(settings, run), as_json=args.json, as_dict=_as_dict,
                         line=_line, counted="item(s)")


def _line(e: StockEntry) -> str:
    note = f"  ({e.revoked_reason})" if e.revoked_reason else ""
    return (f"{e.id}  {e.status.value:<9} slots {e.slots_used}/{e.slots_total}  "
            f"2FA {'yes' if e.has_totp else 'no '}  {to_iso(e.created_at)}  "
            f"{e.batch or '-'}{note}")


def register(sub: argparse._SubParsersAction) -> None:
    stock = sub.add_parser("stock", help="credential stock: import, list (never shows secrets)")
    tasks = stock.add_subparsers(dest="task", metavar="TASK", required=True)

    imp = tasks.add_parser(
        "import", help="add credentials from a CSV file or pasted lines (audited)",
        description="Lines: login:password, or login|password|notes|totp. CSV: "
                    "login,password[,notes[,totp]] with an optional header row. totp is a "
                    "base32 secret or an otpauth://totp/ URI. Bad lines are reported by number "
                    "(exit 1); logins already in stock are skipped.")
    imp.add_argument("product_id", metavar="PRODUCT")
    imp.add_argument("file", metavar="FILE", help="the file, or - for standard input")
    imp.add_argument("--format", choices=["auto", "csv", "lines"], default="auto")
    imp.add_argument("--strict", action="store_true", help="store nothing if a line is bad")
    imp.add_argument("--dry-run", action="store_true", help="only check and report")
    imp.add_argument("--actor", default=actor_name(), help="who asks (for the audit log)")
    imp.set_defaults(handler=_import)

    lister = tasks.add_parser("list", help="items of a plan: status and slots, no secrets")
    lister.add_argument("product_id", metavar="PRODUCT")
    lister.add_argument("--status", choices=[s.value for s in StockStatus])
    lister.add_argument("--limit", type=int, default=100)
    lister.add_argument("--offset", type=int, default=0)
    add_json_flag(lister)
    lister.set_defaults(handler=_list)
