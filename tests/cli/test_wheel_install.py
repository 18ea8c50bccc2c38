"""subvault installs like a Python package: a wheel, installed into a fresh virtual environment,
runs ``subvault run`` in local mode from an empty folder (translations and page templates come
from inside the install, not from a source checkout), and stops cleanly on Ctrl-C.

Offline and fast: the fresh environment gets only the wheel (``--no-deps``); the dependencies
come from the test's own environment through a ``.pth`` file, which adds that site-packages to
``sys.path`` without running its ``.pth`` files (so this checkout's editable install stays out).
"""

from __future__ import annotations

import json
import shutil
import signal
import socket
import subprocess
import sys
import sysconfig
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
# What the wheel is built from; build/ and *.egg-info are left behind so no stale file gets in.
_SOURCES = ("pyproject.toml", "README.md")
_SKIP = shutil.ignore_patterns("__pycache__", "*.pyc")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _packages() -> list[str]:
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return [p.rstrip("*") for p in config["tool"]["setuptools"]["packages"]["find"]["include"]]


def _build_wheel(tmp: Path) -> Path:
    source, out = tmp / "src", tmp / "dist"
    source.mkdir()
    for name in _SOURCES:
        shutil.copy2(ROOT / name, source / name)
    for package in _packages():
        shutil.copytree(ROOT / package, source / package, ignore=_SKIP)
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), "."],
                   cwd=source, check=True, capture_output=True, timeout=180)
    (wheel,) = out.glob("subvault-*.whl")
    return wheel


def _fresh_venv(tmp: Path, wheel: Path) -> Path:
    venv = tmp / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True,
                   timeout=60)
    python = venv / "bin" / "python"
    purelib = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_path("
                              "'purelib'))"], check=True, capture_output=True, text=True)
    deps = {sysconfig.get_path("purelib"), sysconfig.get_path("platlib")}
    Path(purelib.stdout.strip(), "test-deps.pth").write_text("\n".join(sorted(deps)) + "\n")
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "-q",
                    "--no-deps", "--no-index", "--force-reinstall", str(wheel)],
                   check=True, capture_output=True, timeout=120)
    return venv


def _control(base: str, action: str, **args: Any) -> Any:
    request = urllib.request.Request(  # noqa: S310 - a local http URL
        f"{base}/_control/{action}", data=json.dumps(args).encode(),
        headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=20) as response:  # noqa: S310 - local URL
        return json.loads(response.read())["result"]


def _wait_for_standin(base: str, process: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 30
    while True:
        assert process.poll() is None, process.communicate()[1]
        try:
            if _control(base, "health") is True:
                return
        except (urllib.error.URLError, ConnectionError):
            pass
        assert time.monotonic() < deadline, "the stand-in never answered"
        time.sleep(0.2)


def test_a_wheel_in_a_fresh_venv_runs_local_mode_from_an_empty_folder(tmp_path):
    venv = _fresh_venv(tmp_path, _build_wheel(tmp_path))
    where = subprocess.run(
        [str(venv / "bin" / "python"), "-c",
         "import api, core, locales, standin; print(core.__file__, locales.__file__)"],
        cwd=tmp_path, check=True, capture_output=True, text=True).stdout
    assert str(ROOT) not in where and str(venv) in where  # imported from the install

    empty = tmp_path / "empty"
    empty.mkdir()
    standin, api = _free_port(), _free_port()
    # the user's caches (matplotlib's font list for the admin chart) live outside the folder
    env = {"PATH": f"{venv / 'bin'}:/usr/bin:/bin", "HOME": str(empty), "LANG": "C.UTF-8",
           "XDG_CACHE_HOME": str(tmp_path / "cache"), "MPLCONFIGDIR": str(tmp_path / "mpl"),
           "STANDIN_PORT": str(standin), "API_PORT": str(api),
           "PUBLIC_BASE_URL": f"http://127.0.0.1:{api}", "LOG_LEVEL": "WARNING"}
    process = subprocess.Popen([str(venv / "bin" / "subvault"), "run"], cwd=empty, env=env,
                               text=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{standin}"
    try:
        _wait_for_standin(base, process)
        _control(base, "users", id=4242, first_name="Wheel", language_code="ru")
        _control(base, "send_text", bot_id=1000001, user_id=4242, text="/start")
        reply = _control(base, "wait_bot_message", chat_id=4242, bot_id=1000001, timeout=20)
        assert "subvault" in reply["text"] and "Добро пожаловать" in reply["text"]
    finally:
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=30)
    assert process.returncode == 0, err
    assert "Traceback" not in err
    assert out.startswith("subvault: local mode")
    assert sorted(p.name for p in empty.iterdir()) == ["subvault.db", "subvault.keys"]
