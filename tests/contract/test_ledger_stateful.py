"""A hypothesis state machine drives the ledger with credits, debits, replayed keys and bursts of
concurrent tasks, on every store, and checks after each step that money was neither created nor
lost: balance == sum of entries == the model, balance >= 0, and each key applied exactly once."""

from __future__ import annotations

import asyncio
import itertools
import tempfile

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from core.clock import FixedClock
from core.errors import IdempotencyConflict, InsufficientFunds
from core.ids import SequentialIds
from core.services.wallet import WalletService
from core.storage import open_store

USERS = st.sampled_from([1, 2, 3])
AMOUNTS = st.integers(min_value=1, max_value=5_000)
REPLAYABLE_KEYS = st.sampled_from([f"k{i}" for i in range(8)])
_db_names = itertools.count(1)


class LedgerMachine(RuleBasedStateMachine):
    url_factory = staticmethod(lambda: "")

    def __init__(self) -> None:
        super().__init__()
        self.loop = asyncio.new_event_loop()
        self.store = self.loop.run_until_complete(open_store(self.url_factory()))
        self.wallet = WalletService(self.store, FixedClock(), SequentialIds(), "INR")
        self.applied: dict[str, tuple[int, int]] = {}  # key -> (user, signed amount)
        self.fresh = itertools.count()

    def run(self, coro):
        return self.loop.run_until_complete(coro)

    def expected(self, user: int) -> int:
        return sum(a for u, a in self.applied.values() if u == user)

    def _op(self, user: int, signed: int, key: str):
        if signed > 0:
            return self.wallet.credit(user, signed, key=key, reason="topup")
        return self.wallet.debit(user, -signed, key=key, reason="purchase")

    def _settle(self, user: int, signed: int, key: str, outcome: object) -> None:
        if key in self.applied:
            first = self.applied[key]
            if first == (user, signed):
                assert not isinstance(outcome, BaseException), outcome
                assert (outcome.user_id, outcome.amount) == first
            else:
                assert isinstance(outcome, IdempotencyConflict), outcome
            return
        if isinstance(outcome, InsufficientFunds):
            assert signed < 0
            return
        assert not isinstance(outcome, BaseException), outcome
        assert outcome.amount == signed and outcome.key == key
        self.applied[key] = (user, signed)

    def _one(self, user: int, signed: int, key: str) -> None:
        try:
            outcome = self.run(self._op(user, signed, key))
        except (InsufficientFunds, IdempotencyConflict) as exc:
            outcome = exc
        if isinstance(outcome, InsufficientFunds):
            assert self.expected(user) < -signed, "a debit the balance covered was refused"
        self._settle(user, signed, key, outcome)

    @rule(user=USERS, amount=AMOUNTS)
    def credit_fresh(self, user, amount):
        self._one(user, amount, f"c{next(self.fresh)}")

    @rule(user=USERS, amount=AMOUNTS)
    def debit_fresh(self, user, amount):
        self._one(user, -amount, f"d{next(self.fresh)}")

    @rule(user=USERS, amount=AMOUNTS, key=REPLAYABLE_KEYS, credit=st.booleans())
    def replayable_key(self, user, amount, key, credit):
        self._one(user, amount if credit else -amount, key)

    @rule(ops=st.lists(st.tuples(USERS, AMOUNTS, st.booleans(), st.booleans()),
                       min_size=2, max_size=12))
    def concurrent_burst(self, ops):
        planned = []
        for user, amount, credit, replay in ops:
            key = "k0" if replay else f"b{next(self.fresh)}"
            planned.append((user, amount if credit else -amount, key))

        async def burst():
            return await asyncio.gather(*(self._op(*p) for p in planned), return_exceptions=True)

        before = set(self.applied)
        outcomes = self.run(burst())
        # Concurrent tasks commit in some order; settle the winners of each key first.
        order = sorted(range(len(planned)),
                       key=lambda i: isinstance(outcomes[i], BaseException))
        for i in order:
            user, signed, key = planned[i]
            raced = key not in before and key in self.applied
            if raced and isinstance(outcomes[i], (InsufficientFunds, IdempotencyConflict)):
                continue  # ran before or after another task applied the same key differently
            if isinstance(outcomes[i], IdempotencyConflict) and key not in self.applied:
                continue
            self._settle(user, signed, key, outcomes[i])

    @invariant()
    def money_is_neither_created_nor_lost(self):
        async def check():
            async def unit(tx):
                rows = {}
                for user in (1, 2, 3):
                    rows[user] = (await tx.ledger.balance(user), await tx.ledger.sum_entries(user),
                                  await tx.ledger.count_entries(user))
                return rows
            return await self.store.read(unit)

        rows = self.run(check())
        for user, (balance, total, count) in rows.items():
            assert balance == total == self.expected(user)
            assert balance >= 0
            assert count == sum(1 for u, _ in self.applied.values() if u == user)

    def teardown(self):
        async def close():
            drop = getattr(self.store, "drop_database", None)
            if drop is not None:
                await drop()
            await self.store.close()

        self.run(close())
        self.loop.close()


@pytest.mark.parametrize("leg", ["sqlite", "mongodb"])
def test_ledger_state_machine(leg, request):
    if leg == "sqlite":
        folder = tempfile.mkdtemp(prefix="ledger-sm-")
        factory = lambda: f"sqlite:///{folder}/sm{next(_db_names)}.db"  # noqa: E731
        examples, steps = 40, 15
    else:
        server = request.getfixturevalue("mongo_server")
        factory = lambda: f"{server.url}/sm{next(_db_names)}{server.query}"  # noqa: E731
        examples, steps = 8, 10
    machine = type(f"LedgerMachine_{leg}", (LedgerMachine,),
                   {"url_factory": staticmethod(factory)})
    test_case = machine.TestCase
    test_case.settings = settings(max_examples=examples, stateful_step_count=steps, deadline=None,
                                  suppress_health_check=list(HealthCheck))
    test_case().runTest()
