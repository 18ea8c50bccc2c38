"""A paid Stars invoice is never lost: recorded first, retried until credited, staff alerted."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.errors import StoreUnavailable
from core.events import TopUpCreditedSubscribers
from core.ids import SequentialIds
from core.services.payments import EventStatus, PaymentsConfig, PaymentsService
from core.storage.base import Tx
from tests.api.gateway_side import USER, payment_settings


@pytest.fixture
def settings(tmp_path: Path):
    return payment_settings(tmp_path)


class FlakyHook:
    """Crediting fails while ``failures`` lasts (as a store that went away would)."""

    def __init__(self, failures: int) -> None:
        self.failures = failures

    async def __call__(self, tx: Tx, event) -> None:
        if self.failures > 0:
            self.failures -= 1
            raise StoreUnavailable("the store went away")


def _subscribed(hook: FlakyHook) -> TopUpCreditedSubscribers:
    subscribers = TopUpCreditedSubscribers()
    subscribers.subscribe(hook)
    return subscribers


async def test_a_failed_stars_credit_is_recorded_alerted_and_retried_until_credited(
        services, store, settings, clock):
    hook = FlakyHook(failures=3)
    config = PaymentsConfig.from_settings(settings)
    payments = PaymentsService(store, clock, SequentialIds(), config, credited=_subscribed(hook))
    await services.users.register(USER)
    invoice = (await payments.create_topup(USER, 10_000, "stars")).invoice
    with pytest.raises(StoreUnavailable):
        await payments.credit_stars_payment(invoice.payload, "stxFlaky1", invoice.amount,
                                            attempts=2)
    assert await services.wallet.balance(USER) == 0
    (event,) = await store.read(lambda tx: tx.webhook_events.recent(5))
    assert event.key == "stars:stxFlaky1"
    assert event.status in (EventStatus.RECEIVED, EventStatus.ERROR)  # recorded, not settled
    assert '"total_amount": 100' in event.body and invoice.payload in event.body
    alerts = [m for m in await services.outbox.recent(20) if m.template == "staff-stars-uncredited"]
    assert len(alerts) == 1 and alerts[0].params["charge"] == "stxFlaky1"

    still = await payments.retry_pending_star_payments()  # the third failure
    assert (still.credited, still.failed) == (0, 1)
    done = await payments.retry_pending_star_payments()
    assert (done.credited, done.failed) == (1, 0)
    again = await payments.retry_pending_star_payments()
    assert (again.settled, again.credited) == (0, 0)
    assert await services.wallet.balance(USER) == 10_000
    assert len((await services.wallet.statement(USER)).entries) == 1
    alerts = [m for m in await services.outbox.recent(50) if m.template == "staff-stars-uncredited"]
    assert len(alerts) == 1  # one alert per charge, however often it is retried


async def test_inline_attempts_ride_out_a_short_store_failure(services, store, settings, clock):
    config = PaymentsConfig.from_settings(settings)
    payments = PaymentsService(store, clock, SequentialIds(), config,
                               credited=_subscribed(FlakyHook(failures=1)))
    await services.users.register(USER)
    invoice = (await payments.create_topup(USER, 5_000, "stars")).invoice
    settled = await payments.credit_stars_payment(invoice.payload, "stxBlip", invoice.amount)
    assert settled.outcome.value == "credited"
    assert await services.wallet.balance(USER) == 5_000
    assert [m for m in await services.outbox.recent(20)
            if m.template == "staff-stars-uncredited"] == []
