"""SQLite group commit: concurrent units share a COMMIT, but each stays all-or-nothing."""

from __future__ import annotations

import asyncio

import pytest

from core.clock import FixedClock
from core.errors import InsufficientFunds
from core.ids import SequentialIds
from core.services.wallet import WalletService
from core.storage import open_store


@pytest.fixture
async def wallet(tmp_path):
    store = await open_store(f"sqlite:///{tmp_path / 'g.db'}")
    yield WalletService(store, FixedClock(), SequentialIds(), "INR"), store
    await store.close()


async def test_a_failing_unit_is_rolled_back_alone(wallet):
    service, store = wallet

    async def credit_then_fail(tx):
        await tx.ledger.apply(_entry(2, 999, "doomed"))
        raise RuntimeError("this unit changes its mind")

    results = await asyncio.gather(
        service.credit(1, 100, key="a", reason="topup"),
        store.transaction(credit_then_fail),
        service.credit(3, 300, key="c", reason="topup"),
        service.debit(4, 1, key="d", reason="purchase"),
        return_exceptions=True,
    )
    assert isinstance(results[1], RuntimeError) and isinstance(results[3], InsufficientFunds)
    assert [await service.balance(u) for u in (1, 2, 3, 4)] == [100, 0, 300, 0]
    assert await service.find_mismatches() == []


async def test_later_units_see_earlier_writes_of_the_same_batch(wallet):
    service, _ = wallet
    await service.credit(1, 50, key="seed", reason="topup")
    outcomes = await asyncio.gather(
        *(service.debit(1, 10, key=f"d{i}", reason="purchase") for i in range(8)),
        return_exceptions=True)
    assert sum(not isinstance(o, BaseException) for o in outcomes) == 5
    assert await service.balance(1) == 0


async def test_a_cancelled_caller_does_not_cancel_its_queued_unit(wallet):
    service, _ = wallet
    task = asyncio.create_task(service.credit(9, 700, key="paid", reason="topup"))
    await asyncio.sleep(0)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    for _ in range(50):
        if await service.balance(9) == 700:
            break
        await asyncio.sleep(0.01)
    assert await service.balance(9) == 700


def _entry(user_id: int, amount: int, key: str):
    from datetime import UTC, datetime

    from core.models import LedgerEntry

    return LedgerEntry(id=f"led_{key}", user_id=user_id, amount=amount, currency="INR", key=key,
                       reason="topup", ref="", balance_after=0,
                       created_at=datetime(2026, 1, 1, tzinfo=UTC))
