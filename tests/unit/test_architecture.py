"""Dependency direction: core knows nothing of Telegram, HTTP or the scheduler; the edges never
import each other (the one allowed exception: the Telegram sender under bot.sender). The Bot API
stand-in is a peer of the edges: it imports none of the project's packages, and none of them
imports it (local mode wires it in from subvault/, the one place that may). Storage depends on
the domain models, never on a service."""

from __future__ import annotations

import ast
import sys
from pathlib import Path
from typing import Annotated

import pytest
from fastapi import Depends

from core.bootstrap import Services

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


def test_the_stand_in_is_walked_both_ways(tmp_path, monkeypatch):
    (tmp_path / "standin").mkdir()
    (tmp_path / "standin" / "leak.py").write_text("from core.money import Money\nimport bot\n")
    (tmp_path / "bot").mkdir()
    (tmp_path / "bot" / "leak.py").write_text("from standin import run_standin\n")
    monkeypatch.setattr(sys.modules[__name__], "ROOT", tmp_path)
    assert _violations("standin") == ["standin/leak.py imports core.money",
                                      "standin/leak.py imports bot"]
    assert _violations("bot") == ["bot/leak.py imports standin"]


# --- handlers and routes name the services they use ----------------------------------------


def _takes_services(fn) -> list[str]:
    """The parameters of ``fn`` that receive the whole ``Services`` (by name or by type)."""
    import inspect
    import typing

    def mentions(hint) -> bool:
        return hint is Services or any(mentions(arg) for arg in typing.get_args(hint))

    hints = typing.get_type_hints(fn, include_extras=True)
    return [name for name in inspect.signature(fn).parameters
            if name == "services" or mentions(hints.get(name))]


def _bot_handlers() -> list:
    import importlib
    import pkgutil

    import bot.customer
    from bot.errors import build_error_router

    routers = [build_error_router("customer")]
    for info in pkgutil.iter_modules(bot.customer.__path__):
        module = importlib.import_module(f"bot.customer.{info.name}")
        if hasattr(module, "router"):
            routers.append(module.router)
    handlers = []
    for router in routers:
        for observer in router.observers.values():
            handlers += [h.callback for h in observer.handlers]
    return handlers


def _api_endpoints() -> list:
    from fastapi.routing import APIRoute

    from api.routes import health, returns, sandbox, telegram, webhooks

    endpoints = []
    for module in (health, returns, sandbox, telegram, webhooks):
        for route in module.router.routes:
            if isinstance(route, APIRoute):
                endpoints.append(route.endpoint)
                endpoints += [d.call for d in route.dependant.dependencies if d.call]
    return endpoints


def test_no_bot_handler_or_api_route_takes_the_whole_services():
    handlers, endpoints = _bot_handlers(), _api_endpoints()
    assert len(handlers) >= 25 and len(endpoints) >= 8  # the walk found them
    offenders = {f"{fn.__module__}.{fn.__qualname__}": names
                 for fn in handlers + endpoints if (names := _takes_services(fn))}
    assert offenders == {}


def test_the_services_check_catches_a_handler_that_takes_them():
    async def by_name(query, services) -> None: ...
    async def by_type(query, everything: Services) -> None: ...
    async def by_dependency(everything: Annotated[Services, Depends(lambda: None)]) -> None: ...
    async def fine(query, wallet: int) -> None: ...

    assert [_takes_services(f) for f in (by_name, by_type, by_dependency, fine)] == [
        ["services"], ["everything"], ["everything"], []]
