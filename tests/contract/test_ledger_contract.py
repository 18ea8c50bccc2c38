"""The wallet ledger on every store: idempotent, never overdrawn, balance = sum of entries."""

from __future__ import annotations

import asyncio

import pytest

from core.bootstrap import Services
from core.errors import IdempotencyConflict, InsufficientFunds, InvalidAmount, ValidationError
from tests.contract.test_purchase_support import tamper_balance


async def test_credit_then_debit_moves_balance_and_records_entries(services: Services):
    await services.wallet.credit(1, 50_000, key="topup:1", reason="topup", ref="top_1")
    entry = await services.wallet.debit(1, 12_345, key="order:1", reason="purchase")
    assert entry.amount == -12_345 and entry.balance_after == 37_655
    statement = await services.wallet.statement(1)
    assert statement.balance == 37_655
    assert [e.amount for e in statement.entries] == [-12_345, 50_000]
    assert statement.total_entries == 2


async def test_replayed_key_returns_first_entry_and_changes_nothing(services: Services):
    first = await services.wallet.credit(1, 500, key="stripe:pi_1", reason="topup")
    again = await services.wallet.credit(1, 500, key="stripe:pi_1", reason="topup")
    assert again == first
    assert await services.wallet.balance(1) == 500


async def test_key_reused_for_other_amount_is_refused(services: Services):
    await services.wallet.credit(1, 500, key="k", reason="topup")
    with pytest.raises(IdempotencyConflict):
        await services.wallet.credit(1, 700, key="k", reason="topup")
    with pytest.raises(IdempotencyConflict):
        await services.wallet.credit(2, 500, key="k", reason="topup")
    assert await services.wallet.balance(1) == 500
    assert await services.wallet.balance(2) == 0


async def test_overdraft_is_refused_and_changes_nothing(services: Services):
    await services.wallet.credit(1, 100, key="c", reason="topup")
    with pytest.raises(InsufficientFunds) as info:
        await services.wallet.debit(1, 101, key="d", reason="purchase")
    assert info.value.params["balance"] == 100
    assert await services.wallet.balance(1) == 100
    assert (await services.wallet.statement(1)).total_entries == 1
    with pytest.raises(InsufficientFunds):
        await services.wallet.debit(2, 1, key="d2", reason="purchase")


@pytest.mark.parametrize("amount", [0, -5, 1.5, "10", True, None])
async def test_bad_amounts_are_refused(services: Services, amount):
    with pytest.raises(InvalidAmount):
        await services.wallet.credit(1, amount, key="x", reason="topup")
    assert await services.wallet.balance(1) == 0


async def test_hundred_concurrent_debits_of_ten_from_five_hundred(services: Services):
    await services.wallet.credit(1, 500, key="seed", reason="topup")
    results = await asyncio.gather(
        *(services.wallet.debit(1, 10, key=f"buy:{i}", reason="purchase") for i in range(100)),
        return_exceptions=True,
    )
    won = [r for r in results if not isinstance(r, BaseException)]
    lost = [r for r in results if isinstance(r, BaseException)]
    assert len(won) == 50
    assert all(isinstance(r, InsufficientFunds) for r in lost) and len(lost) == 50
    assert await services.wallet.balance(1) == 0
    assert await services.wallet.find_mismatches() == []
    assert sorted(e.balance_after for e in won) == list(range(0, 500, 10))


async def test_concurrent_replays_of_one_key_apply_once(services: Services):
    results = await asyncio.gather(
        *(services.wallet.credit(3, 250, key="razorpay:pay_X", reason="topup")
          for _ in range(20))
    )
    assert len({r.id for r in results}) == 1
    assert await services.wallet.balance(3) == 250


async def test_an_idempotency_key_is_one_to_two_hundred_characters(services: Services):
    await services.wallet.credit(1, 100, key="k" * 200, reason="topup")
    for bad in ("", "k" * 201):
        with pytest.raises(ValidationError):
            await services.wallet.credit(1, 100, key=bad, reason="topup")
    assert await services.wallet.balance(1) == 100
    assert (await services.wallet.statement(1)).total_entries == 1


async def test_an_overdraft_names_the_amount_asked_and_the_balance(services: Services):
    await services.wallet.credit(1, 3_000, key="topup:1", reason="topup")
    with pytest.raises(InsufficientFunds) as info:
        await services.wallet.debit(1, 5_000, key="order:1", reason="purchase")
    assert (info.value.params["amount"], info.value.params["balance"]) == (5_000, 3_000)
    assert await services.wallet.debt(1) == 0


async def test_a_balance_that_disagrees_with_its_entries_is_reported(services: Services):
    await services.wallet.credit(1, 5_000, key="topup:1", reason="topup")
    await services.wallet.credit(2, 700, key="topup:2", reason="topup")
    assert await services.wallet.find_mismatches() == []
    await tamper_balance(services.store, 1)
    assert await services.wallet.find_mismatches() == [(1, 5_001, 5_000)]


async def test_a_statement_shows_the_ten_newest_entries_by_default(services: Services):
    for n in range(11):
        await services.wallet.credit(1, 100 + n, key=f"topup:{n}", reason="topup")
    statement = await services.wallet.statement(1)
    assert [e.amount for e in statement.entries] == [110 - n for n in range(10)]
    assert (statement.total_entries, statement.balance) == (11, 1_155)


async def test_a_customers_profile_shows_the_newest_entries_first(services: Services):
    await services.users.register(1, first_name="Asha")
    await services.wallet.credit(1, 300, key="topup:a", reason="topup")
    await services.wallet.debit(1, 100, key="order:b", reason="purchase")
    profile = await services.users.profile(1)
    assert [e.amount for e in profile.entries] == [-100, 300]
