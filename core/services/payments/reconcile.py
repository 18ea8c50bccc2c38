"""Asking the gateways about top-ups still pending, and settling what they say."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import timedelta

from core.clock import Clock
from core.errors import PaymentError
from core.models import TopUp, TopUpStatus
from core.services.payments.adapters.base import GatewayAdapter
from core.services.payments.models import GatewayStatus, Outcome, ReconcileReport, Settlement
from core.services.payments.settle import Payment, Settler
from core.storage.base import Store, Tx

log = logging.getLogger(__name__)
EXPIRY_GRACE = timedelta(minutes=10)


async def settle_status(store: Store, settler: Settler, topup_id: str, gateway: str,
                        status: GatewayStatus) -> Settlement | None:
    """Apply what a gateway said about a top-up (re-read inside the transaction)."""
    async def unit(tx: Tx) -> Settlement | None:
        topup = await tx.topups.get(topup_id)
        if topup is None:
            return None
        if status.state == "paid":
            return await settler.paid(tx, topup, Payment(gateway, status.payment_id,
                                                         status.amount, status.currency))
        if status.state == "failed":
            return await settler.failed(tx, topup, status.reason or "failed")
        return None

    return await store.transaction(unit)


class Reconciler:
    def __init__(self, store: Store, clock: Clock, settler: Settler,
                 adapters: Mapping[str, GatewayAdapter]) -> None:
        self._store = store
        self._clock = clock
        self._settler = settler
        self._adapters = adapters

    async def _status(self, topup: TopUp) -> GatewayStatus | None:
        """What to do with one pending top-up; None to leave it for next time."""
        now = self._clock.now()
        expired = topup.expires_at is not None and now >= topup.expires_at + EXPIRY_GRACE
        adapter = self._adapters.get(topup.gateway)
        if adapter is None:
            return GatewayStatus("failed", reason="gateway-disabled") if expired else None
        if not topup.gateway_ref and not topup.pay_url and topup.gateway != "stars":
            # The checkout was never created (we crashed or the gateway failed): unpayable.
            return GatewayStatus("failed", reason="no-checkout")
        try:
            status = await adapter.fetch_status(topup)
        except PaymentError as exc:
            log.warning("reconcile: cannot ask %s about top-up %s (%s)", topup.gateway,
                        topup.id, exc.code)
            raise
        if status.state == "pending" and expired:
            return GatewayStatus("failed", reason="expired")
        return status

    async def run(self, older_than: timedelta, limit: int = 100) -> ReconcileReport:
        report = ReconcileReport()
        cutoff = self._clock.now() - older_than
        pending = await self._store.read(lambda tx: tx.topups.pending_before(cutoff, limit))
        for topup in pending:
            report.checked += 1
            try:
                status = await self._status(topup)
            except PaymentError:
                report.errors += 1
                continue
            settled = None
            if status is not None:
                settled = await settle_status(self._store, self._settler, topup.id,
                                              topup.gateway, status)
            if settled is not None and settled.outcome is Outcome.CREDITED:
                report.credited += 1
            elif settled is not None and settled.topup.status is TopUpStatus.FAILED:
                report.failed += 1
            elif settled is not None and settled.outcome is Outcome.PARKED:
                report.held += 1
            else:
                report.still_pending += 1
        log.info("reconciled %d pending top-up(s): %d credited, %d failed, %d errors",
                 report.checked, report.credited, report.failed, report.errors)
        return report
