"""Dependency direction: core knows nothing of Telegram, HTTP or the scheduler; the edges never
import each other (the one allowed exception: the Telegram sender under bot.sender)."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FORBIDDEN = {
    "core": {"bot", "api", "jobs", "subvault", "aiogram", "fastapi", "starlette", "uvicorn",
             "apscheduler", "aiohttp"},
    "bot": {"api", "jobs", "subvault"},
    "api": {"bot", "jobs", "subvault", "aiogram"},
    "jobs": {"api", "subvault"},
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


def _has_code(path: Path) -> bool:
    body = ast.parse(path.read_text(encoding="utf-8")).body
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
        body = body[1:]  # the docstring
    return bool(body)


def _modules(package: str) -> list[Path]:
    """The package's modules with code in them (a docstring-only ``__init__.py`` is none)."""
    return [p for p in sorted((ROOT / package).rglob("*.py")) if _has_code(p)]


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_package_exists_and_respects_the_dependency_direction(package):
    assert (ROOT / package / "__init__.py").is_file(), f"{package}/ is not a package"
    assert _modules(package), f"{package}/ has no modules: nothing was checked"
    assert _violations(package) == []


def test_a_missing_or_empty_package_is_not_passed(tmp_path, monkeypatch):
    monkeypatch.setattr(sys.modules[__name__], "ROOT", tmp_path)
    with pytest.raises(AssertionError, match="not a package"):
        test_package_exists_and_respects_the_dependency_direction("jobs")
    (tmp_path / "jobs").mkdir()
    (tmp_path / "jobs" / "__init__.py").write_text('"""Scheduled jobs."""\n')
    with pytest.raises(AssertionError, match="no modules"):
        test_package_exists_and_respects_the_dependency_direction("jobs")
    (tmp_path / "jobs" / "scheduler.py").write_text("import core\n")
    test_package_exists_and_respects_the_dependency_direction("jobs")


def test_the_check_catches_a_violation(tmp_path, monkeypatch):
    bad = tmp_path / "core"
    bad.mkdir()
    (bad / "leak.py").write_text("import aiogram\nfrom fastapi import FastAPI\n")
    monkeypatch.setattr(sys.modules[__name__], "ROOT", tmp_path)
    assert len(_violations("core")) == 2
