"""Filters the bots' routers share.

aiogram runs a callable filter that is not a coroutine in a worker thread, and a bare magic
filter (``F.text``) is one: each message checked against it paid a thread hop (seen with py-spy:
``F.successful_payment`` is checked against every message the wallet router sees), and so is a
bare ``State``. ``Has(F.text)`` is the same test, run on the event loop; a state is given as
aiogram's ``StateFilter(State)``, which is a coroutine.
"""

from __future__ import annotations

from typing import Any

from aiogram.filters import Filter
from magic_filter import MagicFilter


class Has(Filter):
    """The magic filter ``magic`` applied to the event, as aiogram applies it (a dict result
    is handed to the handler), without a thread."""

    def __init__(self, magic: MagicFilter) -> None:
        self.magic = magic

    async def __call__(self, event: Any) -> Any:
        return self.magic.resolve(event)
