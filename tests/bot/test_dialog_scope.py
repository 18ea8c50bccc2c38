"""Dialog state in the store, read once per update: aiogram's own read of the state brings the
data along, and clearing an empty dialog (every /start, every "Menu") writes nothing."""

from __future__ import annotations

from typing import Any

from aiogram.fsm.context import FSMContext
from aiogram.fsm.storage.base import StorageKey

from bot.storage import DialogScope, StoreStorage

KEY = StorageKey(bot_id=700001, chat_id=42, user_id=42)


class CountingStore:
    """The real store, with its round trips counted."""

    def __init__(self, store: Any) -> None:
        self.store = store
        self.reads = 0
        self.writes = 0

    async def read(self, fn):
        self.reads += 1
        return await self.store.read(fn)

    async def transaction(self, fn):
        self.writes += 1
        return await self.store.transaction(fn)


async def _in_one_update(work) -> Any:
    async def handler(event: Any, data: dict[str, Any]) -> Any:
        return await work()

    return await DialogScope()(handler, object(), {})


async def test_an_update_reads_its_dialog_once_and_an_empty_clear_writes_nothing(store):
    counting = CountingStore(store)
    context = FSMContext(StoreStorage(counting), KEY)  # type: ignore[arg-type]

    async def start_command() -> None:
        assert await context.get_state() is None  # aiogram's read at the start of the update
        await context.clear()
        assert await context.get_data() == {}

    await _in_one_update(start_command)
    assert (counting.reads, counting.writes) == (1, 0)

    async def ask_for_an_amount() -> None:
        await context.get_state()
        await context.set_state("Dialog:topup_amount")
        await context.update_data(note="x")
        assert await context.get_data() == {"note": "x"}

    await _in_one_update(ask_for_an_amount)
    assert (counting.reads, counting.writes) == (2, 2)

    async def menu_pressed() -> None:
        assert await context.get_state() == "Dialog:topup_amount"
        await context.clear()
        assert await context.get_state() is None and await context.get_data() == {}

    await _in_one_update(menu_pressed)
    assert (counting.reads, counting.writes) == (3, 4)
    assert await StoreStorage(store).get_data(KEY) == {}  # cleared in the store itself


async def test_outside_an_update_nothing_is_kept_so_other_processes_writes_are_seen(store):
    mine, other = StoreStorage(store), StoreStorage(store)
    assert await mine.get_state(KEY) is None
    await other.set_state(KEY, "Dialog:coupon")
    assert await mine.get_state(KEY) == "Dialog:coupon"
    await other.set_data(KEY, {"coupon_product": 7})
    assert await mine.get_data(KEY) == {"coupon_product": 7}
