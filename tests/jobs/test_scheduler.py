"""APScheduler end to end: every job runs on its interval and records its runs; a stopped job
makes the watchdog alert staff, ``subvault jobs status`` shows it (exit 1), and ``/healthz``
reports the jobs' heartbeat age."""

from __future__ import annotations

import asyncio
import json
import subprocess
import time
from pathlib import Path

from core.bootstrap import build_services
from core.config import Settings
from core.crypto import KeyRing, write_key_file
from core.jobmodels import RunResult
from core.services.jobset import build_job_set
from core.storage import open_store
from jobs.scheduler import JobScheduler
from tests.api.conftest import build_client
from tests.cli.conftest import SUBVAULT, base_env

INTERVALS = {"REMINDERS_INTERVAL": "1s", "AUTORENEW_INTERVAL": "2s", "EXPIRY_INTERVAL": "2s",
             "HOLDS_INTERVAL": "2s", "RECONCILE_INTERVAL": "2s", "LEDGER_CHECK_INTERVAL": "2s",
             "LOW_STOCK_INTERVAL": "2s", "WATCHDOG_INTERVAL": "1s"}


async def _until(predicate, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not await predicate():
        assert time.monotonic() < deadline, "timed out"
        await asyncio.sleep(0.2)


async def test_a_stopped_job_is_alerted_and_shown_by_jobs_status(tmp_path: Path):
    db = tmp_path / "shop.db"
    keyring = KeyRing.generate()
    write_key_file(keyring, tmp_path / "shop.keys")
    settings = Settings(_env_file=None, database_url=f"sqlite:///{db}", currency="INR",
                        **{k.lower(): v for k, v in INTERVALS.items()})
    services = build_services(settings, await open_store(f"sqlite:///{db}"), keyring)
    jobs = build_job_set(services, owner="test-scheduler")
    scheduler = JobScheduler(jobs)
    await scheduler.start()
    try:
        async def all_ran() -> bool:
            for spec in jobs.specs:
                runs = await jobs.runs.recent(spec.name, 1)
                if not runs or runs[0].result is not RunResult.OK:
                    return False
            return True

        await _until(all_ran)
        async with build_client(services) as client:
            health = (await client.get("/healthz")).json()
        assert health["status"] == "ok" and 0 <= health["jobs_heartbeat_age_s"] < 10

        scheduler.pause_job("reminders")  # the job stops; everything else goes on

        async def alerted() -> bool:
            return any(m.template == "staff-job-stale" for m in await services.outbox.recent(50))

        await _until(alerted)
        (alert,) = [m for m in await services.outbox.recent(50)
                    if m.template == "staff-job-stale"]
        assert alert.params["job"] == "reminders" and alert.audience == "staff"

        env = base_env(tmp_path, **INTERVALS)
        done = await asyncio.to_thread(subprocess.run, [SUBVAULT, "jobs", "status"],
                                       capture_output=True, text=True, cwd=tmp_path, env=env,
                                       timeout=120, check=False)
        as_json = await asyncio.to_thread(subprocess.run, [SUBVAULT, "jobs", "status", "--json"],
                                          capture_output=True, text=True, cwd=tmp_path,
                                          env=env, timeout=120, check=False)
    finally:
        await scheduler.stop()
        await services.close()
    assert done.returncode == 1, done.stderr
    lines = {line.split()[0]: line for line in done.stdout.splitlines()[2:]
             if line and not line.startswith(" ")}
    assert set(lines) == {s.name for s in jobs.specs}
    assert "STALLED" in lines["reminders"] and " ok " in lines["reminders"]
    assert done.stdout.startswith("jobs heartbeat: ")
    status = {j["job"]: j for j in json.loads(as_json.stdout)["jobs"]}
    assert status["reminders"]["state"] == "STALLED"
    assert status["reminders"]["last_result"] == "ok" and status["reminders"]["next_run"]
