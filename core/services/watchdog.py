"""The watchdog: tells staff when a job has not succeeded within twice its interval, or has
failed three times in a row. Each incident is told once (the outbox key names it); a job that
recovers and stalls again is a new incident."""

from __future__ import annotations

import logging
from datetime import datetime

from core.clock import Clock, from_iso, to_iso
from core.ids import IdFactory
from core.jobmodels import RunResult
from core.services.jobruns import JobSpec, last_ok_mark
from core.services.notify import enqueue
from core.storage.base import Store, Tx

log = logging.getLogger(__name__)
STARTED = "jobs:started"
FAILURES_TO_ALERT = 3


class Watchdog:
    def __init__(self, store: Store, clock: Clock, ids: IdFactory, specs: list[JobSpec]) -> None:
        self._store = store
        self._clock = clock
        self._ids = ids
        self._specs = list(specs)

    async def scheduler_started(self) -> None:
        """A scheduler came up: jobs that never ran are judged from now on."""
        now = self._clock.now()
        await self._store.transaction(lambda tx: tx.jobs.put_mark(STARTED, to_iso(now), now))

    async def check(self) -> int:
        """Queue an alert for each new incident; how many were queued."""
        now = self._clock.now()

        async def unit(tx: Tx) -> int:
            started = await tx.jobs.get_mark(STARTED)
            queued = 0
            for spec in self._specs:
                queued += await self._check_one(tx, spec, now, started)
            return queued

        queued = await self._store.transaction(unit)
        if queued:
            log.warning("watchdog queued %d alert(s)", queued)
        return queued

    async def _check_one(self, tx: Tx, spec: JobSpec, now: datetime, started: str | None
                         ) -> int:
        mark = await tx.jobs.get_mark(last_ok_mark(spec.name))
        reference = mark or started
        queued = 0
        if reference is not None and now - from_iso(reference) > 2 * spec.interval:
            minutes = int((now - from_iso(reference)).total_seconds() // 60)
            queued += await enqueue(
                tx, self._clock, self._ids, key=f"watchdog:{spec.name}:stale:{reference}",
                template="staff-job-stale", audience="staff", bot="admin",
                params={"job": spec.name, "minutes": minutes,
                        "interval": int(spec.interval.total_seconds() // 60) or 1})
        runs = [r for r in await tx.jobs.recent_runs(spec.name, FAILURES_TO_ALERT + 2)
                if r.result is not RunResult.RUNNING][:FAILURES_TO_ALERT]
        if len(runs) == FAILURES_TO_ALERT and all(r.result is RunResult.FAILED for r in runs):
            queued += await enqueue(
                tx, self._clock, self._ids,
                key=f"watchdog:{spec.name}:failing:{mark or 'never'}",
                template="staff-job-failing", audience="staff", bot="admin",
                params={"job": spec.name, "count": FAILURES_TO_ALERT,
                        "error": runs[0].error[:200]})
        return queued
