"""The scheduled jobs as plain work: what each one calls and how often (from the settings).
``jobs/`` puts these on APScheduler; every job records its runs through ``JobRunService``."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from core.bootstrap import Services
from core.services.alerts import LedgerCheck, LowStockAlerts
from core.services.holds import HoldService
from core.services.jobruns import JobRunService, JobSpec
from core.services.reminders import ReminderService
from core.services.renewals import RenewalService
from core.services.watchdog import Watchdog

Work = Callable[[], Awaitable[int]]


@dataclass
class JobSet:
    runs: JobRunService
    watchdog: Watchdog
    reminders: ReminderService
    renewals: RenewalService
    holds: HoldService
    low_stock: LowStockAlerts
    ledger_check: LedgerCheck
    specs: list[JobSpec] = field(default_factory=list)
    work: dict[str, Work] = field(default_factory=dict)

    async def run(self, name: str) -> int:
        """Run one job now, recorded like a scheduled run; items handled."""
        return (await self.runs.record(name, self.work[name])).items


def job_specs(services: Services) -> list[JobSpec]:
    s = services.settings
    return [
        JobSpec("reminders", s.reminders_interval),
        JobSpec("autorenew", s.autorenew_interval),
        JobSpec("expiry", s.expiry_interval),
        JobSpec("holds", s.holds_interval),
        JobSpec("reconcile", s.reconcile_interval),
        JobSpec("ledger-check", s.ledger_check_interval),
        JobSpec("low-stock", s.low_stock_interval),
        JobSpec("watchdog", s.watchdog_interval),
    ]


def build_job_set(services: Services, *, owner: str = "") -> JobSet:
    s, store, clock, ids = services.settings, services.store, services.clock, services.ids
    specs = job_specs(services)
    jobs = JobSet(
        runs=JobRunService(store, clock, ids, owner=owner),
        watchdog=Watchdog(store, clock, ids, specs),
        reminders=ReminderService(store, clock, ids, offsets=s.reminder_offsets,
                                  currency=s.currency),
        renewals=RenewalService(store, clock, ids, services.purchases, ahead=s.autorenew_ahead,
                                currency=s.currency,
                                min_topup=services.payments.config.topup_min),
        holds=HoldService(store, clock, ids),
        low_stock=LowStockAlerts(store, clock, ids),
        ledger_check=LedgerCheck(store, clock, ids, currency=s.currency),
        specs=specs,
    )

    async def autorenew() -> int:
        return (await jobs.renewals.run()).handled

    async def reconcile() -> int:
        report = await services.payments.reconcile_pending(s.reconcile_after)
        if report.errors and report.errors == report.checked:
            raise RuntimeError(f"no gateway answered about {report.errors} top-up(s)")
        return report.credited + report.failed + report.held

    async def ledger_check() -> int:
        report = await jobs.ledger_check.run()
        return report.wallets + report.topups

    async def watchdog() -> int:
        alerts = await jobs.watchdog.check()
        await jobs.runs.prune()
        return alerts

    jobs.work = {
        "reminders": jobs.reminders.run,
        "autorenew": autorenew,
        "expiry": services.subscriptions.expire_all_due,
        "holds": jobs.holds.release_expired,
        "reconcile": reconcile,
        "ledger-check": ledger_check,
        "low-stock": jobs.low_stock.run,
        "watchdog": watchdog,
    }
    return jobs
