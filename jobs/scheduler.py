"""APScheduler 3.11 wiring: each job of ``core.services.jobset`` on an interval trigger.

Nothing is kept in APScheduler's job store: the work and its progress live in our store, claimed
atomically by the core services, so any number of job processes are correct. Each job runs at
most once at a time in a process, missed runs are coalesced into one, and the first run of each
job is right at start. On shutdown no new run starts and the runs under way finish (each
records its end) before the scheduler stops.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.interval import IntervalTrigger

from core.services.jobset import JobSet

log = logging.getLogger(__name__)
SHUTDOWN_GRACE_SECONDS = 30.0


class JobScheduler:
    def __init__(self, jobs: JobSet) -> None:
        self.jobs = jobs
        self._running: set[asyncio.Task[None]] = set()
        # Every run is recorded in the store (``subvault jobs status``); APScheduler's own line
        # per run would only repeat that in the log.
        logging.getLogger("apscheduler.executors").setLevel(logging.WARNING)
        logging.getLogger("apscheduler.scheduler").setLevel(logging.WARNING)
        self.apscheduler = AsyncIOScheduler(
            timezone=UTC,
            job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": None},
        )
        now = datetime.now(UTC)
        for spec in jobs.specs:
            self.apscheduler.add_job(
                self._run_one, IntervalTrigger(seconds=spec.interval.total_seconds()),
                args=[spec.name], id=spec.name, name=spec.name, next_run_time=now,
                replace_existing=True)

    async def start(self) -> None:
        """Start every job on its interval (on the running event loop)."""
        await self.jobs.watchdog.scheduler_started()
        self.apscheduler.start()
        log.info("scheduler started: %s", ", ".join(
            f"{s.name} every {int(s.interval.total_seconds())}s" for s in self.jobs.specs))

    def pause_job(self, name: str) -> None:
        self.apscheduler.pause_job(name)

    async def stop(self, grace_seconds: float = SHUTDOWN_GRACE_SECONDS) -> None:
        """Start no new run, let the runs under way finish, then shut down."""
        if self.apscheduler.running:
            self.apscheduler.pause()
        if self._running:
            _, pending = await asyncio.wait(set(self._running), timeout=grace_seconds)
            if pending:
                log.warning("%d job run(s) still going after %.0f s: cut short",
                            len(pending), grace_seconds)
        if self.apscheduler.running:
            self.apscheduler.shutdown(wait=False)

    async def _run_one(self, name: str) -> None:
        task = asyncio.current_task()
        if task is not None:
            self._running.add(task)
        try:
            await self.jobs.run(name)
        except Exception:  # recorded as a failed run; the watchdog counts them
            log.exception("job %s failed", name)
        finally:
            if task is not None:
                self._running.discard(task)


async def run_scheduler(jobs: JobSet, stop: asyncio.Event) -> None:
    """Run every job on its interval until ``stop`` is set."""
    scheduler = JobScheduler(jobs)
    await scheduler.start()
    try:
        await stop.wait()
    finally:
        await scheduler.stop()
