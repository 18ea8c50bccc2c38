"""Time from the command to the playground answering: ``subvault run`` in a fresh empty folder
(local mode: new key file, new SQLite file, demo shop seeded, stand-in, bots, payment app) until
``GET /playground`` answers 200, and until the ready line is printed. Run it more than once to
see the spread (the first run after an install also compiles bytecode). Target: ≤ 5 s.

    .venv/bin/python bench/startup.py [--runs 2]

The last line is one JSON object: ``{"bench": "startup", "ready_s": <best run>, ...}``.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

SUBVAULT = str(Path(sys.executable).parent / "subvault")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=1) as answer:  # noqa: S310 - loopback only
            return answer.status == 200
    except (urllib.error.URLError, OSError):
        return False


def one_run(timeout: float = 120.0) -> dict[str, float]:
    api, standin = _free_port(), _free_port()
    env = {k: v for k, v in os.environ.items()
           if not k.upper().startswith(("CUSTOMER_BOT", "ADMIN_BOT", "DATABASE_", "KEYS_",
                                        "ENCRYPTION_", "TELEGRAM_API"))}
    env.update(API_PORT=str(api), STANDIN_PORT=str(standin), LOG_LEVEL="WARNING",
               PUBLIC_BASE_URL=f"http://127.0.0.1:{api}")
    url = f"http://127.0.0.1:{api}/playground"
    with tempfile.TemporaryDirectory(prefix="subvault-startup-") as folder:
        started = time.perf_counter()
        process = subprocess.Popen([SUBVAULT, "run"], cwd=folder, env=env, text=True,
                                   stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        printed: dict[str, float] = {}

        def watch() -> None:
            for line in process.stdout:  # type: ignore[union-attr]
                if "ready" in line and "playground" in line:
                    printed["ready_line_s"] = time.perf_counter() - started

        threading.Thread(target=watch, daemon=True).start()
        try:
            while not _answers(url):
                if process.poll() is not None or time.perf_counter() - started > timeout:
                    raise SystemExit(f"subvault run did not serve {url}")
                time.sleep(0.02)
            answered = time.perf_counter() - started
            while "ready_line_s" not in printed and time.perf_counter() - started < timeout:
                time.sleep(0.02)
        finally:
            process.terminate()
            process.wait(timeout=30)
    return {"page_s": answered, **printed}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=2)
    args = parser.parse_args()
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else 0.0
    runs = []
    for number in range(1, args.runs + 1):
        result = one_run()
        runs.append(result)
        line = ", ".join(f"{k} {v:.2f}" for k, v in result.items())
        print(f"run {number}: {line}")
    best = min(r["page_s"] for r in runs)
    print(f"best: the page answered {best:.2f} s after the command (target ≤ 5 s); "
          f"load average at start {load:.1f} on {os.cpu_count()} cores")
    print(json.dumps({"bench": "startup", "ready_s": round(best, 2),
                      "runs": [round(r["page_s"], 2) for r in runs],
                      "load_avg": round(load, 1), "target_s": 5}))


if __name__ == "__main__":
    main()
