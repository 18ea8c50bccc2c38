"""Shared fixtures: the store legs (SQLite always; MongoDB on SecantusDB or TEST_MONGODB_URL)."""

from __future__ import annotations

import itertools
import os
import tempfile
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from core.bootstrap import Services, build_services
from core.clock import FixedClock
from core.config import Settings
from core.crypto import KeyRing
from core.ids import SequentialIds
from core.storage import Store, open_store


@dataclass
class MongoServer:
    url: str  # without database name
    label: str
    query: str = ""


_LEGS_RUN: dict[str, str] = {}
_db_counter = itertools.count(1)


def _start_secantus() -> tuple[object, MongoServer]:
    from importlib.metadata import version

    from secantus import SecantusDBServer

    server = SecantusDBServer(storage_path=tempfile.mkdtemp(prefix="secantus-"),
                              host="127.0.0.1", port=0)
    server.start()
    label = f"SecantusDB {version('SecantusDB')} at 127.0.0.1:{server.port}"
    return server, MongoServer(f"mongodb://127.0.0.1:{server.port}", label,
                               "?directConnection=true")


@pytest.fixture(scope="session")
def mongo_server() -> Iterator[MongoServer]:
    real = os.environ.get("TEST_MONGODB_URL")
    if real:
        base, _, query = real.partition("?")
        yield MongoServer(base.rstrip("/"), "real MongoDB from TEST_MONGODB_URL",
                          f"?{query}" if query else "")
        return
    server, info = _start_secantus()
    try:
        yield info
    finally:
        server.stop()  # type: ignore[attr-defined]


def store_legs() -> list[str]:
    return ["sqlite", "mongodb"]


@pytest.fixture(params=store_legs())
async def store(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Store]:
    """A fresh, empty store on each leg; the test runs once per leg."""
    if request.param == "sqlite":
        opened = await open_store(f"sqlite:///{tmp_path / 'subvault.db'}")
        _LEGS_RUN["sqlite"] = "SQLite (temporary file, WAL)"
        yield opened
        await opened.close()
        return
    server: MongoServer = request.getfixturevalue("mongo_server")
    name = f"t{os.getpid()}_{next(_db_counter)}"
    opened = await open_store(f"{server.url}/{name}{server.query}")
    _LEGS_RUN["mongodb"] = server.label
    try:
        yield opened
    finally:
        await opened.drop_database()  # type: ignore[attr-defined]
        await opened.close()


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock()


@pytest.fixture
def keyring() -> KeyRing:
    return KeyRing.generate()


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(_env_file=None, database_url=f"sqlite:///{tmp_path / 'unused.db'}",
                    currency="INR")


@pytest.fixture
def services(store: Store, settings: Settings, keyring: KeyRing, clock: FixedClock) -> Services:
    return build_services(settings, store, keyring, clock=clock, ids=SequentialIds())


def pytest_report_header(config: pytest.Config) -> str:
    real = os.environ.get("TEST_MONGODB_URL")
    mongo = "real MongoDB (TEST_MONGODB_URL)" if real else "SecantusDB started by the session"
    return f"store legs: sqlite, mongodb on {mongo}"


def pytest_sessionfinish(session: pytest.Session) -> None:
    """Under pytest-xdist each worker hands the legs it ran to the controller."""
    output = getattr(session.config, "workeroutput", None)
    if output is not None:
        output["store_legs"] = dict(_LEGS_RUN)


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node: Any, error: Any) -> None:
    _LEGS_RUN.update(getattr(node, "workeroutput", {}).get("store_legs", {}))


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if _LEGS_RUN:
        terminalreporter.section("store legs that ran")
        for leg, where in sorted(_LEGS_RUN.items()):
            terminalreporter.write_line(f"{leg}: {where}")
