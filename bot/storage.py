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
    """The per-user anti-flood bucket kept in the store's ``throttle`` repository: one atomic
    write per update, shared by every bot process."""

    def __init__(self, store: Store, rate: float = 3.0, burst: int = 8, *,
                 bot: str = "customer", clock: Callable[[], float] = time.time) -> None:
        super().__init__(rate, burst)
        self._store = store
        self._bot = bot
        self._clock = clock

    async def take(self, user_id: int) -> tuple[bool, bool]:
        key = f"{self._bot}:{user_id}"
        now, rate, burst = self._clock(), self._rate, self._burst
        return await self._store.transaction(lambda tx: tx.throttle.take(key, now, rate, burst))

    def prefetch(self, event: TelegramObject, data: dict[str, Any]) -> FirstRead | None:
        """This update's turn, taken in the update's first transaction."""
        tg = self._counted(event, data)
        if tg is None:
            return None
        key = f"{self._bot}:{tg.id}"
        now, rate, burst = self._clock(), self._rate, self._burst

        async def unit(tx: Any) -> None:
            data[PREFETCHED_TURN] = await tx.throttle.take(key, now, rate, burst)

        return FirstRead(unit, writes=True)
