"""Group commit on every store: units arriving together share a commit on SQLite, and one
failing unit never fails or half-writes another."""

from __future__ import annotations

import asyncio

import pytest

from core.clock import FixedClock
from core.errors import StoreUnavailable
from core.models import User
from core.services.payments.batching import GroupCommit

NOW = FixedClock().now()


def _register(user_id: int, *, fail: bool = False):
    async def unit(tx):
        await tx.users.upsert(User(telegram_id=user_id, created_at=NOW, last_seen_at=NOW))
        if fail:
            raise ValueError("this unit fails after writing")
        return user_id

    return unit


async def _exists(store, user_id: int) -> bool:
    return await store.read(lambda tx: tx.users.get(user_id)) is not None


async def test_concurrent_units_each_get_their_own_result_and_one_failure_stays_alone(store):
    batch = GroupCommit(store)
    results = await asyncio.gather(*(batch.run(_register(n, fail=n == 3))
                                     for n in range(1, 21)), return_exceptions=True)
    assert isinstance(results[2], ValueError)
    assert [r for i, r in enumerate(results) if i != 2] == [n for n in range(1, 21) if n != 3]
    assert not await _exists(store, 3)
    assert all([await _exists(store, n) for n in range(1, 21) if n != 3])


async def test_sqlite_shares_commits_and_mongodb_does_not(store):
    batch = GroupCommit(store)
    await asyncio.gather(*(batch.run(_register(n)) for n in range(1, 31)))
    if store.kind == "sqlite":
        assert batch.commits < 30
    else:
        assert batch.commits == 30


async def test_later_units_in_a_batch_see_earlier_writes(store):
    if store.kind != "sqlite":
        pytest.skip("on MongoDB each unit is its own concurrent transaction")
    batch = GroupCommit(store)

    async def sees_one(tx):
        return await tx.users.get(1) is not None

    first, seen = await asyncio.gather(batch.run(_register(1)), batch.run(sees_one))
    assert (first, seen) == (1, True)


async def test_a_closed_store_fails_every_waiting_unit(store):
    batch = GroupCommit(store)
    await store.close()
    results = await asyncio.gather(*(batch.run(_register(n)) for n in range(1, 6)),
                                   return_exceptions=True)
    assert all(isinstance(r, StoreUnavailable) for r in results)


@pytest.mark.parametrize("size", [1, 2])
async def test_a_single_failing_unit_raises_its_own_error(store, size):
    batch = GroupCommit(store, max_batch=size)
    with pytest.raises(ValueError):
        await batch.run(_register(9, fail=True))
    assert not await _exists(store, 9)
