"""Every route of the admin bot, found by walking the dispatcher's routers: the commands its
message handlers answer, and for each button handler a callback data that its filter accepts
(built from the filter itself, so a new handler is covered without editing a list)."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from aiogram import Dispatcher, Router
from aiogram.dispatcher.event.handler import HandlerObject
from aiogram.filters import Command, StateFilter
from aiogram.filters.callback_data import CallbackQueryFilter
from aiogram.fsm.state import State


@dataclass(frozen=True)
class Route:
    kind: str  # command, text, callback
    value: str  # "/start", a sample text, or packed callback data
    role: str  # the role flag of the handler ("" when missing)
    name: str  # handler function name
    state: str  # the FSM state the handler waits in ("" when any)

    @property
    def stateful(self) -> bool:
        return bool(self.state)


def _routers(router: Router) -> Iterator[Router]:
    yield router
    for sub in router.sub_routers:
        yield from _routers(sub)


def _filters(handler: HandlerObject) -> list[Any]:
    return [f.callback for f in handler.filters or []]


def _constants(obj: Any, depth: int = 0) -> Iterator[Any]:
    """Every constant inside a magic filter's operations (comparison sides, ``in_`` sets)."""
    if depth > 6:
        return
    if isinstance(obj, str | int) and not isinstance(obj, bool):
        yield obj
    elif isinstance(obj, set | frozenset | list | tuple):
        for item in obj:
            yield from _constants(item, depth + 1)
    elif hasattr(obj, "_operations"):
        for op in obj._operations:
            yield from _constants(op, depth + 1)
    elif hasattr(obj, "__slots__") or hasattr(obj, "__dict__"):
        names = list(getattr(obj, "__slots__", ())) + list(getattr(obj, "__dict__", {}))
        for name in names:
            if name in ("name", "function"):
                continue
            yield from _constants(getattr(obj, name, None), depth + 1)


def callback_sample(flt: CallbackQueryFilter) -> str:
    cls = flt.callback_data
    words = sorted({c for c in _constants(flt.rule) if isinstance(c, str)} | {"x"})
    numbers = sorted({c for c in _constants(flt.rule) if isinstance(c, int)} | {1})
    fields = cls.model_fields
    choices = [words if info.annotation in (str, "str") else numbers
               for info in fields.values()]
    for combo in itertools.product(*choices):
        instance = cls(**dict(zip(fields, combo, strict=True)))
        if flt.rule is None or flt.rule.resolve(instance):
            return instance.pack()
    raise AssertionError(f"no sample callback data satisfies the filter of {cls.__name__}")


def _state(filters: list[Any]) -> str:
    for f in filters:
        if isinstance(f, State):
            return str(f.state)
        if isinstance(f, StateFilter):
            named = [s for s in f.states if isinstance(s, State | str) and s not in ("*", None)]
            if named:
                first = named[0]
                return str(first.state if isinstance(first, State) else first)
    return ""


def routes(dp: Dispatcher) -> list[Route]:
    found: list[Route] = []
    for router in _routers(dp):
        for handler in router.message.handlers:
            filters = _filters(handler)
            state = _state(filters)
            role = str((handler.flags or {}).get("role", ""))
            commands = [c for f in filters if isinstance(f, Command) for c in f.commands]
            if commands:
                found += [Route("command", f"/{c}", role, handler.callback.__name__, state)
                          for c in commands if isinstance(c, str)]
            else:
                found.append(Route("text", "hello 42", role, handler.callback.__name__, state))
        for handler in router.callback_query.handlers:
            filters = _filters(handler)
            state = _state(filters)
            role = str((handler.flags or {}).get("role", ""))
            data = [callback_sample(f) for f in filters if isinstance(f, CallbackQueryFilter)]
            found.append(Route("callback", data[0] if data else "zz:unknown", role,
                               handler.callback.__name__, state))
    return found
