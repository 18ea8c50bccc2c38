"""Repository methods behind gateway refunds, held top-ups and body retention, on both stores;
and store failures surfacing as StoreUnavailable (HTTP 503) on both."""

from __future__ import annotations

import sqlite3
from datetime import timedelta

import pytest
from pymongo.errors import ExecutionTimeout, OperationFailure

from core.clock import FixedClock
from core.errors import InsufficientFunds, StoreUnavailable
from core.ids import SequentialIds
from core.models import EventStatus, TopUp, TopUpStatus, WebhookEvent
from core.services.wallet import Posting, post
from core.storage import Store


def _topup(clock: FixedClock, n: int, payment_id: str = "") -> TopUp:
    now = clock.now()
    return TopUp(id=f"top_{n}", user_id=7, amount=5_000, currency="INR", gateway="razorpay",
                 status=TopUpStatus.CREDITED if payment_id else TopUpStatus.PENDING,
                 intent_id=None, gateway_ref=f"plink_{n}", created_at=now, updated_at=now,
                 gateway_amount=5_000, gateway_currency="INR", payment_id=payment_id)


def _event(clock: FixedClock, key: str, payment_id: str, days_ago: int = 0) -> WebhookEvent:
    return WebhookEvent(key=f"razorpay:{key}", gateway="razorpay", event_id=key,
                        type="refund.processed", status=EventStatus.PARKED,
                        body='{"customer": "asha@example.com"}',
                        received_at=clock.now() - timedelta(days=days_ago),
                        payment_id=payment_id, outcome="refund-before-capture")


async def test_a_debit_may_go_below_zero_only_when_allowed(store: Store, clock: FixedClock):
    ids = SequentialIds()

    async def unit(tx, posting: Posting, allow: bool):
        return await post(tx, posting, currency="INR", clock=clock, ids=ids,
                          allow_negative=allow)

    await store.transaction(lambda tx: unit(tx, Posting(7, 1_000, "in", "topup"), False))
    with pytest.raises(InsufficientFunds):
        await store.transaction(lambda tx: unit(tx, Posting(7, -3_000, "out", "x"), False))
    entry = await store.transaction(
        lambda tx: unit(tx, Posting(7, -3_000, "gw", "gateway-refund"), True))
    assert entry.balance_after == -2_000
    # A wallet that never existed can start in debt too (a refund with no credit left).
    fresh = await store.transaction(
        lambda tx: unit(tx, Posting(8, -500, "gw8", "gateway-refund"), True))
    assert fresh.balance_after == -500

    async def read(tx):
        return (await tx.ledger.balance(7), await tx.ledger.sum_entries(7))

    assert await store.read(read) == (-2_000, -2_000)
    after = await store.transaction(lambda tx: unit(tx, Posting(7, 2_500, "in2", "topup"), False))
    assert after.balance_after == 500  # the credit paid the debt first


async def test_topups_are_found_by_their_payment_id(store: Store, clock: FixedClock):
    async def unit(tx):
        await tx.topups.insert(_topup(clock, 1, "pay_A"))
        await tx.topups.insert(_topup(clock, 2))

    await store.transaction(unit)
    found = await store.read(lambda tx: tx.topups.find_by_payment("razorpay", "pay_A"))
    assert found is not None and found.id == "top_1"
    assert await store.read(lambda tx: tx.topups.find_by_payment("stripe", "pay_A")) is None
    assert await store.read(lambda tx: tx.topups.find_by_payment("razorpay", "")) is None


async def test_refunded_amount_and_amounts_are_saved(store: Store, clock: FixedClock):
    import dataclasses

    topup = _topup(clock, 3, "pay_B")
    await store.transaction(lambda tx: tx.topups.insert(topup))
    changed = dataclasses.replace(topup, status=TopUpStatus.REFUNDED, refunded_amount=1_200,
                                  amount=4_000, gateway_amount=4_000)
    assert await store.transaction(lambda tx: tx.topups.update(changed, TopUpStatus.CREDITED))
    got = await store.read(lambda tx: tx.topups.get("top_3"))
    assert (got.refunded_amount, got.amount, got.gateway_amount) == (1_200, 4_000, 4_000)


async def test_events_of_one_payment_and_purging_old_bodies(store: Store, clock: FixedClock):
    async def unit(tx):
        await tx.webhook_events.record(_event(clock, "e1", "pay_C", days_ago=100))
        await tx.webhook_events.record(_event(clock, "e2", "pay_C", days_ago=1))
        await tx.webhook_events.record(_event(clock, "e3", "pay_D", days_ago=200))

    await store.transaction(unit)
    mine = await store.read(lambda tx: tx.webhook_events.for_payment("razorpay", "pay_C"))
    assert [e.event_id for e in mine] == ["e1", "e2"]
    before = clock.now() - timedelta(days=90)
    assert await store.transaction(lambda tx: tx.webhook_events.purge_bodies(before, 1)) == 1
    assert await store.transaction(lambda tx: tx.webhook_events.purge_bodies(before)) == 1
    assert await store.transaction(lambda tx: tx.webhook_events.purge_bodies(before)) == 0
    bodies = {e.event_id: e.body for e in
              await store.read(lambda tx: tx.webhook_events.recent(10))}
    assert bodies == {"e1": "", "e2": '{"customer": "asha@example.com"}', "e3": ""}


async def test_a_failure_of_the_store_itself_is_store_unavailable(store: Store):
    native: Exception = (sqlite3.OperationalError("disk I/O error")
                         if store.kind == "sqlite" else ExecutionTimeout("operation exceeded"))

    async def breaks(tx):
        raise native

    with pytest.raises(StoreUnavailable):
        await store.transaction(breaks)
    with pytest.raises(StoreUnavailable):
        await store.read(breaks)
    if store.kind != "sqlite":
        with pytest.raises(StoreUnavailable):
            await store.read(lambda tx: _raise(OperationFailure("not authorized", 13)))


async def _raise(exc: Exception):
    raise exc


async def test_mongodb_operations_have_a_timeout(store: Store):
    if store.kind == "sqlite":
        pytest.skip("SQLite is a local file: its busy timeout is set on the connection")
    client = store._client  # type: ignore[attr-defined]
    assert client.options.timeout == 10.0  # seconds: every operation gives up after this
    assert client.options.server_selection_timeout == 5.0


async def test_an_sqlite_file_from_before_debts_is_opened_with_its_wallets_kept(tmp_path):
    from core.storage import open_store

    path = tmp_path / "old.db"
    with sqlite3.connect(path) as conn:  # the wallets table as files made before debts have it
        conn.execute("""CREATE TABLE wallets (user_id INTEGER PRIMARY KEY,
                        balance INTEGER NOT NULL CHECK (balance >= 0), currency TEXT NOT NULL)""")
        conn.execute("INSERT INTO wallets VALUES (7, 1000, 'INR')")
    conn.close()
    store = await open_store(f"sqlite:///{path}")
    clock, ids = FixedClock(), SequentialIds()
    try:
        entry = await store.transaction(lambda tx: post(
            tx, Posting(7, -3_000, "gw", "gateway-refund"), currency="INR", clock=clock,
            ids=ids, allow_negative=True))
        assert entry.balance_after == -2_000
    finally:
        await store.close()
