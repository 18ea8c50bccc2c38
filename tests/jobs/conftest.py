"""Helpers of the reliability tests: a SQLite shop file and real job processes on it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from core.bootstrap import Services, build_services
from core.clock import FixedClock
from core.config import Settings
from core.crypto import KeyRing
from core.ids import SequentialIds
from core.storage import open_store

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
async def shop(tmp_path: Path):
    """Services on a SQLite file that worker processes open too."""
    db = tmp_path / "jobs.db"
    store = await open_store(f"sqlite:///{db}")
    settings = Settings(_env_file=None, database_url=f"sqlite:///{db}", currency="INR")
    services = build_services(settings, store, KeyRing.generate(), clock=FixedClock(),
                              ids=SequentialIds())
    services.extra_db = db  # type: ignore[attr-defined]
    yield services
    await services.close()


def db_of(services: Services) -> Path:
    return services.extra_db  # type: ignore[attr-defined]


def worker(db: Path, now: str, job: str, *extra: str) -> subprocess.Popen[str]:
    """Start one real job process (tests/jobs/worker.py)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, "-m", "tests.jobs.worker", str(db), now, job,
                             *extra], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def finish(proc: subprocess.Popen[str], timeout: float = 120) -> str:
    out, err = proc.communicate(timeout=timeout)
    assert proc.returncode == 0, err[-2000:]
    return out
