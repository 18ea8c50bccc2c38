"""Records of job runs, the jobs' heartbeat and what ``subvault jobs status`` shows.

Every run is stored when it starts and when it ends (result and items handled), so a run that
never ends — its process was killed — stays ``running`` and shows as such. The end of every run
also moves the heartbeat mark, whose age ``/healthz`` reports, and an ``ok`` end moves the job's
last-success mark the watchdog reads.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from core.clock import Clock, from_iso, to_iso
from core.ids import IdFactory
from core.jobmodels import JobRun, RunResult
from core.storage.base import Store, Tx

log = logging.getLogger(__name__)
HEARTBEAT = "jobs:heartbeat"
KEEP_RUNS = timedelta(days=14)


def last_ok_mark(job: str) -> str:
    return f"jobs:last-ok:{job}"


@dataclass(frozen=True, slots=True)
class JobSpec:
    """A scheduled job: its name and how often it runs."""

    name: str
    interval: timedelta


@dataclass(frozen=True, slots=True)
class JobStatus:
    name: str
    interval: timedelta
    last: JobRun | None
    last_ok_at: datetime | None
    failures_in_a_row: int
    next_run_at: datetime | None
    overdue: bool  # no successful run within twice the interval


async def heartbeat_age(store: Store, clock: Clock) -> timedelta | None:
    """Time since any job last finished a run; None if none ever did."""
    mark = await store.read(lambda tx: tx.jobs.get_mark(HEARTBEAT))
    return clock.now() - from_iso(mark) if mark else None


class JobRunService:
    def __init__(self, store: Store, clock: Clock, ids: IdFactory, *, owner: str = "") -> None:
        self._store = store
        self._clock = clock
        self._ids = ids
        self.owner = owner or "jobs"

    async def record(self, job: str, work: Callable[[], Awaitable[int]]) -> JobRun:
        """Run ``work`` (which returns how many items it handled) as one recorded run. An
        exception is recorded as a failed run and raised again."""
        run = JobRun(id=self._ids.new("run"), job=job, owner=self.owner,
                     started_at=self._clock.now())
        await self._store.transaction(lambda tx: tx.jobs.start_run(run))
        try:
            items = await work()
        except Exception as exc:
            run.result, run.error = RunResult.FAILED, f"{type(exc).__name__}: {exc}"[:300]
            await self._finish(run)
            raise
        run.result, run.items = RunResult.OK, int(items or 0)
        await self._finish(run)
        return run

    async def _finish(self, run: JobRun) -> None:
        run.ended_at = self._clock.now()

        async def unit(tx: Tx) -> None:
            await tx.jobs.finish_run(run.id, run.ended_at, run.result, run.items, run.error)
            await tx.jobs.put_mark(HEARTBEAT, to_iso(run.ended_at), run.ended_at)
            if run.result is RunResult.OK:
                await tx.jobs.put_mark(last_ok_mark(run.job), to_iso(run.ended_at),
                                       run.ended_at)

        await self._store.transaction(unit)

    async def heartbeat_age(self) -> timedelta | None:
        return await heartbeat_age(self._store, self._clock)

    async def recent(self, job: str, limit: int = 10) -> list[JobRun]:
        return await self._store.read(lambda tx: tx.jobs.recent_runs(job, limit))

    async def status(self, specs: list[JobSpec]) -> list[JobStatus]:
        now = self._clock.now()

        async def unit(tx: Tx) -> list[JobStatus]:
            out = []
            for spec in specs:
                runs = await tx.jobs.recent_runs(spec.name, 10)
                mark = await tx.jobs.get_mark(last_ok_mark(spec.name))
                last_ok = from_iso(mark) if mark else None
                finished = [r for r in runs if r.result is not RunResult.RUNNING]
                streak = 0
                for r in finished:
                    if r.result is not RunResult.FAILED:
                        break
                    streak += 1
                last = runs[0] if runs else None
                next_at = last.started_at + spec.interval if last else None
                since = last_ok or (finished[-1].started_at if finished else None)
                overdue = since is not None and now - since > 2 * spec.interval
                out.append(JobStatus(spec.name, spec.interval, last, last_ok, streak, next_at,
                                     overdue or (last is None)))
            return out

        return await self._store.read(unit)

    async def prune(self) -> int:
        """Forget finished runs and queued reminder windows older than two weeks; how many."""
        before = self._clock.now() - KEEP_RUNS

        async def unit(tx: Tx) -> int:
            return await tx.jobs.prune_runs(before) + await tx.jobs.prune_reminder_windows(before)

        return await self._store.transaction(unit)
