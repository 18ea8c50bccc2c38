"""``subvault jobs status``: every job's last run, result and next run, and the heartbeat."""

from __future__ import annotations

import argparse
import json
from datetime import timedelta

from core.bootstrap import Services
from core.clock import to_iso
from core.config import Settings
from core.durations import format_duration
from core.services.jobruns import JobRunService, JobStatus
from core.services.jobset import job_specs
from subvault.context import with_services


def _state(status: JobStatus) -> str:
    if status.last is None:
        return "never ran"
    if status.failures_in_a_row >= 3:
        return "FAILING"
    if status.overdue:
        return "STALLED"
    return "ok"


def _age(delta: timedelta | None) -> str:
    return "never" if delta is None else f"{int(delta.total_seconds())}s ago"


def status(settings: Settings, args: argparse.Namespace) -> int:
    async def work(services: Services) -> tuple[list[JobStatus], timedelta | None]:
        runs = JobRunService(services.store, services.clock, services.ids)
        return await runs.status(job_specs(services)), await runs.heartbeat_age()

    statuses, heartbeat = with_services(settings, work)
    if args.json:
        print(json.dumps({
            "heartbeat_age_s": None if heartbeat is None else int(heartbeat.total_seconds()),
            "jobs": [{
                "job": s.name, "interval": format_duration(s.interval), "state": _state(s),
                "last_started": to_iso(s.last.started_at) if s.last else None,
                "last_result": s.last.result.value if s.last else None,
                "last_items": s.last.items if s.last else None,
                "last_error": s.last.error if s.last else "",
                "last_ok": to_iso(s.last_ok_at) if s.last_ok_at else None,
                "failures_in_a_row": s.failures_in_a_row,
                "next_run": to_iso(s.next_run_at) if s.next_run_at else None,
            } for s in statuses]}, indent=2))
    else:
        print(f"jobs heartbeat: {_age(heartbeat)}")
        print(f"{'job':<13} {'every':>6}  {'state':<9} {'last run':<25} {'result':<8} "
              f"{'items':>6}  next run")
        for s in statuses:
            last = s.last
            print(f"{s.name:<13} {format_duration(s.interval):>6}  {_state(s):<9} "
                  f"{to_iso(last.started_at) if last else '-':<25} "
                  f"{last.result.value if last else '-':<8} {last.items if last else '-':>6}  "
                  f"{to_iso(s.next_run_at) if s.next_run_at else '-'}")
            if last is not None and last.error:
                print(f"{'':<13} last error: {last.error}")
    return 1 if any(_state(s) in ("FAILING", "STALLED") for s in statuses) else 0
