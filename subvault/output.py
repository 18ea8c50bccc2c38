"""How commands print what they list: a JSON array with ``--json``, else one line per item and a
count."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar

T = TypeVar("T")


def add_json_flag(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="machine-readable output")


def add_list_task(tasks: argparse._SubParsersAction, help: str,
                  statuses: Iterable[str]) -> argparse.ArgumentParser:
    """A ``list`` task filtered by ``--status`` and ``--user``, with ``--limit`` and ``--json``."""
    lister = tasks.add_parser("list", help=help)
    lister.add_argument("--status", choices=list(statuses))
    lister.add_argument("--user", type=int, metavar="TELEGRAM_ID")
    lister.add_argument("--limit", type=int, default=50)
    add_json_flag(lister)
    return lister


def print_json(data: Any) -> None:
    print(json.dumps(data, indent=2, ensure_ascii=False))


def print_listing(items: Sequence[T], *, as_json: bool, as_dict: Callable[[T], dict[str, Any]],
                  line: Callable[[T], str], counted: str) -> int:
    """``counted`` names what was listed after the count, e.g. ``"order(s)"``. Returns 0."""
    if as_json:
        print_json([as_dict(item) for item in items])
        return 0
    for item in items:
        print(line(item))
    print(f"{len(items)} {counted}")
    return 0
