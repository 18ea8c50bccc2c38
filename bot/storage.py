"""aiogram's FSM storage and the anti-flood counters over our Store, so every bot process
(webhook workers behind the API) sees the same dialog state and the same buckets."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from typing import Any

from aiogram.fsm.state import State
from aiogram.fsm.storage.base import BaseStorage, DefaultKeyBuilder, KeyBuilder, StorageKey

from bot.middlewares import ThrottleMiddleware
from core.storage.base import Store

StateType = str | State | None


class StoreStorage(BaseStorage):
    """Dialog state in the store's ``fsm`` repository, one record per (bot, chat, user)."""

    def __init__(self, store: Store, key_builder: KeyBuilder | None = None) -> None:
        self._store = store
        self._keys = key_builder or DefaultKeyBuilder(with_bot_id=True)

    async def set_state(self, key: StorageKey, state: StateType = None) -> None:
        value = state.state if isinstance(state, State) else state
        name = self._keys.build(key)
        await self._store.transaction(lambda tx: tx.fsm.set_state(name, value))

    async def get_state(self, key: StorageKey) -> str | None:
        name = self._keys.build(key)
        state, _ = await self._store.read(lambda tx: tx.fsm.get(name))
        return state

    async def set_data(self, key: StorageKey, data: Mapping[str, Any]) -> None:
        name = self._keys.build(key)
        value = dict(data)
        await self._store.transaction(lambda tx: tx.fsm.set_data(name, value))

    async def get_data(self, key: StorageKey) -> dict[str, Any]:
        name = self._keys.build(key)
        _, data = await self._store.read(lambda tx: tx.fsm.get(name))
        return data

    async def update_data(self, key: StorageKey, data: Mapping[str, Any]) -> dict[str, Any]:
        name = self._keys.build(key)
        patch = dict(data)

        async def unit(tx: Any) -> dict[str, Any]:
            _, current = await tx.fsm.get(name)
            current.update(patch)
            await tx.fsm.set_data(name, current)
            return current

        return await self._store.transaction(unit)

    async def close(self) -> None:
        """The store belongs to the services; whoever opened it closes it."""


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
