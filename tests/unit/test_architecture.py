"""Dependency direction: core knows nothing of Telegram, HTTP or the scheduler; the edges never
import each other (the one allowed exception: the Telegram sender under bot.sender). The Bot API
stand-in is a peer of the edges: it imports none of the project's packages, and none of them
imports it (local mode wires it in from subvault/, the one place that may)."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FORBIDDEN = {
    "core": {"bot", "api", "jobs", "subvault", "standin", "aiogram", "fastapi", "starlette",
             "uvicorn", "apscheduler", "aiohttp"},
    "bot": {"api", "jobs", "subvault", "standin"},
    "api": {"bot", "jobs", "subvault", "standin", "aiogram"},
    "jobs": {"api", "subvault", "standin"},
    "standin": {"bot", "api", "jobs", "core", "subvault"},
}
ALLOWED = {("jobs", "bot.sender"), ("api", "bot.sender")}


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
    return names


def _violations(package: str) -> list[str]:
    found = []
    for path in sorted((ROOT / package).rglob("*.py")):
        for name in _imports(path):
            if (package, name) in ALLOWED or any(name.startswith(a + ".") for p, a in ALLOWED
                                                  if p == package):
                continue
            if name.split(".")[0] in FORBIDDEN[package]:
                found.append(f"{path.relative_to(ROOT)} imports {name}")
    return found


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_package_respects_the_dependency_direction(package):
    if not (ROOT / package).is_dir():
        pytest.skip(f"{package}/ not present")
    assert _violations(package) == []


def test_the_check_catches_a_violation(tmp_path, monkeypatch):
    bad = tmp_path / "core"
    bad.mkdir()
    (bad / "leak.py").write_text("import aiogram\nfrom fastapi import FastAPI\n")
    monkeypatch.setattr(sys.modules[__name__], "ROOT", tmp_path)
    assert len(_violations("core")) == 2


def test_the_stand_in_is_walked_both_ways(tmp_path, monkeypatch):
    (tmp_path / "standin").mkdir()
    (tmp_path / "standin" / "leak.py").write_text("from core.money import Money\nimport bot\n")
    (tmp_path / "bot").mkdir()
    (tmp_path / "bot" / "leak.py").write_text("from standin import run_standin\n")
    monkeypatch.setattr(sys.modules[__name__], "ROOT", tmp_path)
    assert _violations("standin") == ["standin/leak.py imports core.money",
                                      "standin/leak.py imports bot"]
    assert _violations("bot") == ["bot/leak.py imports standin"]
