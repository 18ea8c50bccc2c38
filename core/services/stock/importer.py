"""Parse stock imports: CSV (with or without a header) or pasted lines.

Formats:
- CSV: ``login,password[,notes[,totp]]``; an optional header row names the columns (``login``,
  ``password``, ``notes``, ``totp``; ``2fa``/``otp``/``otpauth`` mean ``totp``).
- Lines: ``login:password`` (the password may contain colons) or
  ``login | password | notes | totp`` (pipes; fields are trimmed).
Blank lines and lines starting with ``#`` are skipped. ``totp`` is a base32 secret or an
``otpauth://totp/…`` URI. Problems are reported by line number and never echo a secret.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from core import totp
from core.errors import StockImportInvalid, ValidationError

MAX_LINES = 10_000
MAX_LOGIN = MAX_PASSWORD = 256
MAX_NOTES = 1000
FIELDS = ("login", "password", "notes", "totp")
_ALIASES = {"login": "login", "username": "login", "email": "login", "user": "login",
            "password": "password", "pass": "password", "notes": "notes", "note": "notes",
            "totp": "totp", "2fa": "totp", "otp": "totp", "otpauth": "totp",
            "totp_secret": "totp"}


@dataclass(frozen=True, slots=True)
class ImportLine:
    line_no: int
    login: str = field(repr=False)  # secrets never reach a repr
    password: str = field(repr=False)
    notes: str = field(default="", repr=False)
    totp: str = field(default="", repr=False)


@dataclass(frozen=True, slots=True)
class LineProblem:
    line_no: int
    reason: str


def _has_control(text: str) -> bool:
    return any(ord(ch) < 32 or ord(ch) == 127 for ch in text)


def check_line(line_no: int, values: list[str]) -> ImportLine | LineProblem:
    if len(values) > len(FIELDS):
        return LineProblem(line_no, "too many fields (expected login, password, notes, 2FA)")
    login, password, notes, secret = (*[v.strip() for v in values], "", "", "", "")[:4]
    if not login:
        return LineProblem(line_no, "login is empty")
    if not password:
        return LineProblem(line_no, "password is empty")
    if len(login) > MAX_LOGIN or len(password) > MAX_PASSWORD:
        return LineProblem(line_no, f"login or password longer than {MAX_LOGIN} characters")
    if len(notes) > MAX_NOTES:
        return LineProblem(line_no, f"notes longer than {MAX_NOTES} characters")
    if _has_control(login) or _has_control(password):
        return LineProblem(line_no, "login or password contains control characters")
    if secret:
        try:
            totp.parse(secret)
        except ValidationError as exc:
            return LineProblem(line_no, f"2FA: {exc.params.get('reason', 'not valid')}")
    return ImportLine(line_no, login, password, notes, secret)


def _split_line(text: str) -> list[str]:
    if "|" in text:
        return text.split("|")
    login, sep, password = text.partition(":")
    return [login, password] if sep else [login]


def _parse_lines(text: str) -> list[ImportLine | LineProblem]:
    out: list[ImportLine | LineProblem] = []
    for line_no, raw in enumerate(text.splitlines(), start=1):
        stripped = raw.strip()
        if not stripped or stripped.startswith("#"):
            continue
        values = _split_line(stripped)
        if len(values) == 1:
            out.append(LineProblem(line_no, "expected login:password or login|password|…"))
        else:
            out.append(check_line(line_no, values))
    return out


def _header(row: list[str]) -> list[str] | None:
    names = [_ALIASES.get(cell.strip().lower()) for cell in row]
    if not names or names[0] != "login":
        return None
    if None in names or len(set(names)) != len(names) or "password" not in names:
        raise StockImportInvalid(
            "the CSV header must name login, password and optionally notes and totp")
    return names  # type: ignore[return-value]


def _parse_csv(text: str) -> list[ImportLine | LineProblem]:
    out: list[ImportLine | LineProblem] = []
    reader = csv.reader(io.StringIO(text), skipinitialspace=True)
    columns: list[str] | None = None
    first, start = True, 1
    try:
        for row in reader:
            line_no, start = start, reader.line_num + 1
            if not row or not "".join(row).strip() or row[0].lstrip().startswith("#"):
                continue
            if first:
                first = False
                columns = _header(row)
                if columns is not None:
                    continue
            if columns is not None:
                if len(row) > len(columns):
                    out.append(LineProblem(line_no, "more fields than the header names"))
                    continue
                named = dict(zip(columns, row, strict=False))
                row = [named.get(name, "") for name in FIELDS]
            out.append(check_line(line_no, row))
    except csv.Error:
        out.append(LineProblem(start, "broken CSV quoting"))
    return out


def detect_format(text: str) -> str:
    for raw in text.splitlines():
        line = raw.strip()
        if line and not line.startswith("#"):
            first = line.split(",")[0].strip().strip('"').lower()
            return "csv" if "," in line and _ALIASES.get(first) == "login" else "lines"
    return "lines"


def parse_import(text: str, fmt: str = "auto") -> tuple[list[ImportLine], list[LineProblem]]:
    """Good lines and problems, each with its line number. ``fmt``: auto, csv or lines."""
    if fmt not in ("auto", "csv", "lines"):
        raise StockImportInvalid(f"unknown import format {fmt[:16]!r} (auto, csv or lines)")
    text = text.lstrip("\ufeff")
    if text.count("\n") + 1 > MAX_LINES:
        raise StockImportInvalid(f"an import holds at most {MAX_LINES} lines; split the file")
    chosen = detect_format(text) if fmt == "auto" else fmt
    parsed = _parse_csv(text) if chosen == "csv" else _parse_lines(text)
    good = [p for p in parsed if isinstance(p, ImportLine)]
    bad = [p for p in parsed if isinstance(p, LineProblem)]
    return good, bad
