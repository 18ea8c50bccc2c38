"""aiogram's FSM storage and the anti-flood counters over our Store, so every bot process
(webhook workers behind the API) sees the same dialog state and the same buckets.

An update's first store work — its dialog record, its anti-flood turn and its sender's profile —
is one round trip (:class:`DialogScope`), not one per middleware."""

from __future__ import annotations

import copy
import time
from collections.abc import Awaitable, Callable, Mapping, Sequence
from contextvars import ContextVar
from typing import Any, Protocol

from aiogram import BaseMiddleware, Dispatcher
from aiogram.dispatcher.middlewares.user_context import EVENT_CONTEXT_KEY
from aiogram.fsm.middleware import FSMContextMiddleware
from aiogram.fsm.state import State
from aiogram.fsm.storage.base import BaseStorage, DefaultKeyBuilder, KeyBuilder, StorageKey
from aiogram.fsm.storage.memory import DisabledEventIsolation
from aiogram.types import TelegramObject

from bot.middlewares import PREFETCHED_TURN, FirstRead, ThrottleMiddleware
from core.storage.base import Store

StateType = str | State | None
# What this update has read of the dialog records (StoreStorage); None outside a DialogScope.
_SEEN: ContextVar[dict[str, tuple[str | None, dict[str, Any]]] | None] = ContextVar(
    "fsm_seen", default=None)


class StoreStorage(BaseStorage):
    """Dialog state in the store's ``fsm`` repository, one record per (bot, chat, user).

    aiogram reads the state once at the start of every update (``raw_state``). That one read
    brings the data along and is kept for the rest of the update (inside :class:`DialogScope`
    only), so the handler's ``get_data`` costs no second round trip, and a ``clear()`` of a
    dialog that holds nothing (every /start, every "Menu") writes nothing. Writes go to the
    store at once and update the kept copy.
    """

    def __init__(self, store: Store, key_builder: KeyBuilder | None = None) -> None:
        self._store = store
        self._keys = key_builder or DefaultKeyBuilder(with_bot_id=True)

    @property
    def store(self) -> Store:
        return self._store

    def prefetch(self, key: StorageKey) -> FirstRead | None:
        """The dialog record for ``key``, read in the update's first transaction and kept for
        the update (inside a :class:`DialogScope` only)."""
        seen = _SEEN.get()
        if seen is None:
            return None
        name = self._keys.build(key)

        async def unit(tx: Any) -> None:
            seen[name] = await tx.fsm.get(name)

        return FirstRead(unit, writes=False)

    async def _record(self, name: str) -> tuple[str | None, dict[str, Any]]:
        seen = _SEEN.get()
        record = seen.get(name) if seen is not None else None
        if record is None:
            record = await self._store.read(lambda tx: tx.fsm.get(name))
            if seen is not None:
                seen[name] = record
        return record

    @staticmethod
    def _kept(name: str) -> tuple[str | None, dict[str, Any]] | None:
        seen = _SEEN.get()
        return seen.get(name) if seen is not None else None

    @staticmethod
    def _keep(name: str, state: str | None, data: dict[str, Any]) -> None:
        seen = _SEEN.get()
        if seen is not None and name in seen:
            seen[name] = (state, copy.deepcopy(data))

    async def set_state(self, key: StorageKey, state: StateType = None) -> None:
        value = state.state if isinstance(state, State) else state
        name = self._keys.build(key)
        record = self._kept(name)
        if record is not None and record[0] == value:
            return
        await self._store.transaction(lambda tx: tx.fsm.set_state(name, value))
        if record is not None:
            self._keep(name, value, record[1])

    async def get_state(self, key: StorageKey) -> str | None:
        state, _ = await self._record(self._keys.build(key))
        return state

    async def set_data(self, key: StorageKey, data: Mapping[str, Any]) -> None:
        name = self._keys.build(key)
        value = dict(data)
        record = self._kept(name)
        if record is not None and record[1] == value:
            return
        await self._store.transaction(lambda tx: tx.fsm.set_data(name, value))
        if record is not None:
            self._keep(name, record[0], value)

    async def get_data(self, key: StorageKey) -> dict[str, Any]:
        _, data = await self._record(self._keys.build(key))
        return copy.deepcopy(data)

    async def update_data(self, key: StorageKey, data: Mapping[str, Any]) -> dict[str, Any]:
        name = self._keys.build(key)
        patch = dict(data)

        async def unit(tx: Any) -> dict[str, Any]:
            _, current = await tx.fsm.get(name)
            current.update(patch)
            await tx.fsm.set_data(name, current)
            return current

        current = await self._store.transaction(unit)
        record = self._kept(name)
        if record is not None:
            self._keep(name, record[0], current)
        return current

    async def close(self) -> None:
        """The store belongs to the services; whoever opened it closes it."""


class Prefetching(Protocol):
    """A middleware whose store work for an update can run in the update's first
    transaction (it then finds the result in the update's data)."""

    def prefetch(self, event: TelegramObject, data: dict[str, Any]) -> FirstRead | None: ...


class DialogScope(BaseMiddleware):
    """Outer update middleware, placed before aiogram's FSM middleware: what StoreStorage reads
    during one update is kept for that update only.

    Given the dispatcher's FSM middleware over a :class:`StoreStorage` and the middlewares that
    come after it (``first``: the anti-flood bucket, the user's profile), it runs their store
    work and the read of the update's dialog record as one unit of work: one transaction when
    any of it writes (the anti-flood turn does), else one read. Their decisions are still made
    in their own middlewares, in their order."""

    def __init__(self, fsm: FSMContextMiddleware | None = None,
                 first: Sequence[Prefetching] = ()) -> None:
        storage = fsm.storage if fsm is not None else None
        self._fsm = fsm if isinstance(storage, StoreStorage) and isinstance(
            fsm.events_isolation, DisabledEventIsolation) else None  # type: ignore[union-attr]
        self._store = storage.store if isinstance(storage, StoreStorage) else None
        self._first = tuple(first)

    async def __call__(self, handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
                       event: TelegramObject, data: dict[str, Any]) -> Any:
        token = _SEEN.set({})
        try:
            if self._store is not None:
                await self._first_reads(self._store, event, data)
            return await handler(event, data)
        finally:
            _SEEN.reset(token)

    async def _first_reads(self, store: Store, event: TelegramObject,
                           data: dict[str, Any]) -> None:
        reads = [read for read in (middleware.prefetch(event, data) for middleware in self._first)
                 if read is not None]
        if self._fsm is not None and data.get(EVENT_CONTEXT_KEY) is not None and "bot" in data:
            context = self._fsm.resolve_event_context(data["bot"], data)
            if context is not None:
                dialog = self._fsm.storage.prefetch(context.key)  # type: ignore[attr-defined]
                if dialog is not None:
                    reads.insert(0, dialog)
        if not reads:
            return

        async def unit(tx: Any) -> None:
            for read in reads:
                await read.unit(tx)

        if any(read.writes for read in reads):
            await store.transaction(unit)
        else:
            await store.read(unit)


def keep_dialog_per_update(dp: Dispatcher, first: Sequence[Prefetching] = ()) -> None:
    """Put a :class:`DialogScope` right before the dispatcher's FSM middleware; ``first`` are
    the middlewares whose store work it runs with the dialog's read."""
    dp.update.outer_middleware.unregister(dp.fsm)
    dp.update.outer_middleware(DialogScope(dp.fsm, first))
    dp.update.outer_middleware(dp.fsm)


class StoreThrottleMiddleware(ThrottleMiddleware):
    """The per-user anti-flood bucket kept in the store's ``throttle`` repository, shared by
    every bot process.

    A process takes up to ``reserve`` tokens at a time from the shared bucket and keeps the
    extra ones for the same sender's next updates for up to ``keep_s``: those
    updates write nothing. One write per update was what kept two webhook workers from serving
    more than one (each write waits for the other process's hold of the SQLite file;
    bench/journey.py). Tokens kept are taken from the shared bucket, so all processes together
    still let a sender through at most the bucket's rate, plus what each process keeps."""

    def __init__(self, store: Store, rate: float = 3.0, burst: int = 8, *,
                 bot: str = "customer", clock: Callable[[], float] = time.time,
                 reserve: int = 4, keep_s: float = 10.0) -> None:
        super().__init__(rate, burst)
        self._store = store
        self._bot = bot
        self._clock = clock
        self.reserve = max(1, reserve)
        self._keep_s = keep_s
        self._kept: dict[int, tuple[int, float]] = {}  # user -> (tokens kept, taken at)
        self._warn_next: set[int] = set()  # users whose next refusal here warns

    def _from_kept(self, user_id: int) -> bool:
        """Take this update's token from what this process keeps for the user, if any."""
        kept = self._kept.pop(user_id, None)
        if kept is None:
            return False
        tokens, taken_at = kept
        if self._clock() - taken_at > self._keep_s:
            return False
        if tokens > 1:
            self._kept[user_id] = (tokens - 1, taken_at)
        return True

    def _took(self, user_id: int, taken: int, warn: bool, now: float) -> tuple[bool, bool]:
        """(allowed, should_warn) from what the shared bucket gave. A refusal takes a token this
        process keeps for the user, if one is left (updates handled at once each took from the
        bucket before any had kept anything); the warning the bucket asked for then goes with
        the next refusal here."""
        if taken == 0:
            if self._from_kept(user_id):
                if warn:
                    self._warn_next.add(user_id)
                return True, False
            if user_id in self._warn_next:
                self._warn_next.discard(user_id)
                return False, True
            return False, warn
        self._warn_next.discard(user_id)
        if taken > 1:
            if len(self._kept) > 100_000:
                self._kept.clear()
                self._warn_next.clear()
            kept, _ = self._kept.get(user_id, (0, now))
            self._kept[user_id] = (kept + taken - 1, now)
        return True, False

    async def take(self, user_id: int) -> tuple[bool, bool]:
        if self._from_kept(user_id):
            return True, False
        key = f"{self._bot}:{user_id}"
        now, rate, burst, most = self._clock(), self._rate, self._burst, self.reserve
        taken, warn = await self._store.transaction(
            lambda tx: tx.throttle.take_up_to(key, now, rate, burst, most))
        return self._took(user_id, taken, warn, now)

    def prefetch(self, event: TelegramObject, data: dict[str, Any]) -> FirstRead | None:
        """This update's turn: from the tokens kept here, or taken in the update's first
        transaction."""
        tg = self._counted(event, data)
        if tg is None:
            return None
        if self._from_kept(tg.id):
            data[PREFETCHED_TURN] = (1, False, 0.0)
            return None
        key = f"{self._bot}:{tg.id}"
        now, rate, burst, most = self._clock(), self._rate, self._burst, self.reserve

        async def unit(tx: Any) -> None:
            taken, warn = await tx.throttle.take_up_to(key, now, rate, burst, most)
            data[PREFETCHED_TURN] = (taken, warn, now)

        return FirstRead(unit, writes=True)

    def _prefetched(self, user_id: int, data: dict[str, Any]) -> tuple[bool, bool] | None:
        """The turn taken ahead (its extra tokens are kept only now: the transaction that took
        them has committed)."""
        found = data.pop(PREFETCHED_TURN, None)
        if found is None:
            return None
        taken, warn, now = found
        return self._took(user_id, taken, warn, now)
