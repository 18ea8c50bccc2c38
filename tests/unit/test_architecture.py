"""Dependency direction: core knows nothing of Telegram, HTTP or the scheduler; the edges never
import each other (the one allowed exception: the Telegram sender under bot.sender). The Bot API
stand-in is a peer of the edges: it imports none of the project's packages, and none of them
imports it (local mode wires it in from subvault/, the one place that may). Storage depends on
the domain models, never on a service."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# package folder -> module prefixes it must not import (a prefix matches itself and below it)
FORBIDDEN = {
    "core": {"bot", "api", "jobs", "subvault", "standin", "aiogram", "fastapi", "starlette",
             "uvicorn", "apscheduler", "aiohttp"},
    "core/storage": {"core.services"},
    "bot": {"api", "jobs", "subvault", "standin"},
    "api": {"bot", "jobs", "subvault", "standin", "aiogram"},
    "jobs": {"api", "subvault", "standin"},
    "standin": {"bot", "api", "jobs", "core", "subvault"},
}
ALLOWED = {("jobs", "bot.sender"), ("api", "bot.sender")}


def _package_of(path: Path) -> list[str]:
    """The package a file's relative imports start from (its folder, as module parts)."""
    return list(path.relative_to(ROOT).parent.parts)


def _imports(path: Path) -> list[str]:
    """Every module ``path`` imports, relative imports resolved to absolute names."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = _package_of(path)
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = package[:len(package) - node.level + 1] if node.level else []
            module = ".".join([*base, *(node.module.split(".") if node.module else [])])
            if node.module:
                names.append(module)
            else:
                names += [f"{module}.{a.name}" for a in node.names]
    return names


def _matches(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


def _violations(package: str) -> list[str]:
    top = package.split("/")[0]
    found = []
    for path in sorted((ROOT / package).rglob("*.py")):
        for name in _imports(path):
            if any(p == top and _matches(name, a) for p, a in ALLOWED):
                continue
            if any(_matches(name, bad) for bad in FORBIDDEN[package]):
                found.append(f"{path.relative_to(ROOT)} imports {name}")
    return found


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_package_respects_the_dependency_direction(package):
    assert (ROOT / package).is_dir(), f"{package}/ is checked but missing: update FORBIDDEN"
    assert list((ROOT / package).rglob("*.py")), f"{package}/ has no Python file to check"
    assert _violations(package) == []


def test_the_check_catches_a_violation(tmp_path, monkeypatch):
    bad = tmp_path / "core"
    bad.mkdir()
    (bad / "leak.py").write_text("import aiogram\nfrom fastapi import FastAPI\n")
    monkeypatch.setattr(sys.modules[__name__], "ROOT", tmp_path)
    assert len(_violations("core")) == 2


def test_storage_may_not_import_a_service_even_relatively(tmp_path, monkeypatch):
    storage = tmp_path / "core" / "storage" / "sqlite"
    storage.mkdir(parents=True)
    (storage / "a.py").write_text("from core.services.payments.models import TopUp\n")
    (storage / "b.py").write_text("from ...services import wallet\n")
    (storage / "c.py").write_text("from core.models import TopUp\nfrom . import runner\n")
    monkeypatch.setattr(sys.modules[__name__], "ROOT", tmp_path)
    assert _violations("core/storage") == [
        "core/storage/sqlite/a.py imports core.services.payments.models",
        "core/storage/sqlite/b.py imports core.services",
    ]


def test_a_checked_package_that_is_missing_fails(tmp_path, monkeypatch):
    monkeypatch.setattr(sys.modules[__name__], "ROOT", tmp_path)
    with pytest.raises(AssertionError, match="missing"):
        test_package_respects_the_dependency_direction("core/storage")


def test_the_stand_in_is_walked_both_ways(tmp_path, monkeypatch):
    (tmp_path / "standin").mkdir()
    (tmp_path / "standin" / "leak.py").write_text("from core.money import Money\nimport bot\n")
    (tmp_path / "bot").mkdir()
    (tmp_path / "bot" / "leak.py").write_text("from standin import run_standin\n")
    monkeypatch.setattr(sys.modules[__name__], "ROOT", tmp_path)
    assert _violations("standin") == ["standin/leak.py imports core.money",
                                      "standin/leak.py imports bot"]
    assert _violations("bot") == ["bot/leak.py imports standin"]
