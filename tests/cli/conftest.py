"""Run the real ``subvault`` console script in a subprocess with its own environment."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

SUBVAULT = str(Path(sys.executable).parent / "subvault")


def base_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if not k.upper().startswith(("DATABASE_", "KEYS_", "ENCRYPTION_", "ADMIN_", "CURRENCY"))}
    env.update({"DATABASE_URL": f"sqlite:///{tmp_path / 'shop.db'}",
                "KEYS_FILE": str(tmp_path / "shop.keys"), "LOG_LEVEL": "WARNING"})
    env.update(extra)
    return env


@pytest.fixture
def cli(tmp_path: Path) -> Callable[..., subprocess.CompletedProcess[str]]:
    def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
        return subprocess.run([SUBVAULT, *args], capture_output=True, text=True, cwd=tmp_path,
                              env=env or base_env(tmp_path), timeout=120, check=False)

    return run
