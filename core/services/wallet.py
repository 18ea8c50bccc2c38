"""The wallet: an append-only ledger with idempotent credits and debits that never overdraw."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from core.clock import Clock
from core.errors import IdempotencyConflict, InsufficientFunds, ValidationError
from core.ids import IdFactory
from core.models import LedgerEntry
from core.money import require_positive
from core.storage.base import Store, Tx

log = logging.getLogger(__name__)
MAX_KEY_LENGTH = 200


@dataclass(frozen=True, slots=True)
class Posting:
    """What to post: ``amount`` is signed (credit > 0, debit < 0)."""

    user_id: int
    amount: int
    key: str
    reason: str
    ref: str = ""


async def post(tx: Tx, posting: Posting, *, currency: str, clock: Clock,
               ids: IdFactory, allow_negative: bool = False) -> LedgerEntry:
    """Apply ``posting`` inside the caller's unit of work, exactly once per key.

    A key seen before returns the first entry unchanged (or raises IdempotencyConflict if the
    key was used for another user, amount or reason); a debit that would overdraw raises
    InsufficientFunds and changes nothing — unless ``allow_negative``, which only a refund made
    at the gateway uses: the balance then goes below zero and that debt is paid by the next
    credit (the balance stays the sum of the entries).
    """
    if not posting.key or len(posting.key) > MAX_KEY_LENGTH:
        raise ValidationError("an idempotency key of 1..200 characters is required")
    earlier = await tx.ledger.find_by_key(posting.key)
    if earlier is not None:
        if (earlier.user_id, earlier.amount) != (posting.user_id, posting.amount):
            raise IdempotencyConflict(f"key {posting.key!r} was used for another posting")
        return earlier
    entry = LedgerEntry(
        id=ids.new("led"), user_id=posting.user_id, amount=posting.amount, currency=currency,
        key=posting.key, reason=posting.reason, ref=posting.ref, balance_after=0,
        created_at=clock.now(),
    )
    done = await tx.ledger.apply(entry, allow_negative=allow_negative)
    if done is None:
        raise InsufficientFunds(
            "balance too low", user_id=posting.user_id, amount=-posting.amount,
            balance=await tx.ledger.balance(posting.user_id),
        )
    return done


@dataclass(frozen=True, slots=True)
class Statement:
    balance: int
    entries: list[LedgerEntry]
    total_entries: int


class WalletService:
    def __init__(self, store: Store, clock: Clock, ids: IdFactory, currency: str) -> None:
        self._store = store
        self._clock = clock
        self._ids = ids
        self.currency = currency

    async def _post(self, posting: Posting) -> LedgerEntry:
        async def unit(tx: Tx) -> LedgerEntry:
            return await post(tx, posting, currency=self.currency, clock=self._clock,
                              ids=self._ids)

        entry = await self._store.transaction(unit)
        log.info("ledger %s user=%s amount=%s key=%s", entry.id, entry.user_id, entry.amount,
                 entry.key)
        return entry

    async def credit(self, user_id: int, amount: int, *, key: str, reason: str,
                     ref: str = "") -> LedgerEntry:
        return await self._post(Posting(user_id, require_positive(amount), key, reason, ref))

    async def debit(self, user_id: int, amount: int, *, key: str, reason: str,
                    ref: str = "") -> LedgerEntry:
        return await self._post(Posting(user_id, -require_positive(amount), key, reason, ref))

    async def balance(self, user_id: int) -> int:
        return await self._store.read(lambda tx: tx.ledger.balance(user_id))

    async def statement(self, user_id: int, limit: int = 10, offset: int = 0) -> Statement:
        async def unit(tx: Tx) -> Statement:
            return Statement(
                balance=await tx.ledger.balance(user_id),
                entries=await tx.ledger.entries(user_id, limit=limit, offset=offset),
                total_entries=await tx.ledger.count_entries(user_id),
            )

        return await self._store.read(unit)

    async def debt(self, user_id: int) -> int:
        """What the wallet owes (a refund at the gateway after the money was spent), or 0."""
        return max(0, -await self.balance(user_id))

    async def find_mismatches(self) -> list[tuple[int, int, int]]:
        """(user, balance, sum of entries) for every wallet whose balance disagrees. A negative
        balance is a debt the ledger records (a gateway refund), not a mismatch."""
        async def unit(tx: Tx) -> list[tuple[int, int, int]]:
            bad = []
            for user_id in await tx.ledger.wallet_user_ids():
                balance = await tx.ledger.balance(user_id)
                total = await tx.ledger.sum_entries(user_id)
                if balance != total:
                    bad.append((user_id, balance, total))
            return bad

        return await self._store.read(unit)
