"""APScheduler 3.11 wiring: each job of ``core.services.jobset`` on an interval trigger.

Nothing is kept in APScheduler's job store: the work and its progress live in our store, claimed
atomically by the core services, so any number of job processes are correct. Each job runs at
most once at a time in a process, missed runs are coalesced into one, and the first run of each
job is right at start.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.interval import IntervalTrigger

from core.services.jobset import JobSet

log = logging.getLogger(__name__)


def build_scheduler(jobs: JobSet) -> AsyncIOScheduler:
    # Every run is recorded in the store (``subvault jobs status``); APScheduler's own line per
    # run would only repeat that in the log.
    logging.getLogger("apscheduler.executors").setLevel(logging.WARNING)
    logging.getLogger("apscheduler.scheduler").setLevel(logging.WARNING)
    scheduler = AsyncIOScheduler(
        timezone=UTC,
        job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": None},
    )
    now = datetime.now(UTC)
    for spec in jobs.specs:
        scheduler.add_job(_run_one, IntervalTrigger(seconds=spec.interval.total_seconds()),
                          args=[jobs, spec.name], id=spec.name, name=spec.name,
                          next_run_time=now, replace_existing=True)
    return scheduler


async def _run_one(jobs: JobSet, name: str) -> None:
    try:
        await jobs.run(name)
    except Exception:  # recorded as a failed run; the watchdog counts them
        log.exception("job %s failed", name)


async def start_scheduler(jobs: JobSet) -> AsyncIOScheduler:
    """Start every job on its interval (on the running event loop); shut it down when done."""
    await jobs.watchdog.scheduler_started()
    scheduler = build_scheduler(jobs)
    scheduler.start()
    log.info("scheduler started: %s", ", ".join(
        f"{s.name} every {int(s.interval.total_seconds())}s" for s in jobs.specs))
    return scheduler


async def run_scheduler(jobs: JobSet, stop: asyncio.Event) -> None:
    """Run every job on its interval until ``stop`` is set."""
    scheduler = await start_scheduler(jobs)
    try:
        await stop.wait()
    finally:
        scheduler.shutdown(wait=False)
