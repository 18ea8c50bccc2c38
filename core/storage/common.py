"""What the SQLite and MongoDB adapters share, written once: the repository modules and how a
unit of work is wired from them, the rule of filtered listings, and the stock sealing rule.

Each adapter package (``core.storage.sqlite``, ``core.storage.mongo``) has one module per name in
``REPOSITORY_MODULES``; each module declares ``REPOSITORIES = {"<Tx attribute>": <class>}``, the
repositories it provides, each built from the unit of work's connection (SQLite: the
``SqlRunner``; MongoDB: the ``Bound`` database and session).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from enum import Enum
from types import ModuleType
from typing import Any, ClassVar

from core.models import StockItem, StockStatus
from core.storage.base import SealedSource

# In schema order: a table is created after those it references.
REPOSITORY_MODULES = ("users", "ledger", "audit", "outbox", "products", "stock", "coupons",
                      "orders", "subscriptions", "intents", "topups", "webhook_events", "support",
                      "jobs", "admin", "fsm")

Factory = Callable[[Any], Any]


def repository_modules(package: str) -> list[ModuleType]:
    """The repository modules of one adapter package, in ``REPOSITORY_MODULES`` order."""
    return [importlib.import_module(f"{package}.{name}") for name in REPOSITORY_MODULES]


def wiring(modules: list[ModuleType]) -> tuple[tuple[str, Factory], ...]:
    """(Tx attribute, repository class) for every repository the modules declare."""
    pairs = [pair for module in modules for pair in module.REPOSITORIES.items()]
    names = [name for name, _ in pairs]
    if len(set(names)) != len(names):
        raise ValueError(f"two repositories claim the same Tx attribute: {sorted(names)}")
    return tuple(pairs)


class Repositories:
    """One unit of work's repositories, all bound to the same connection or session.

    A subclass sets ``factories`` (from ``wiring``); the Tx protocol in ``core.storage.base`` is
    what it provides. A repository is made the first time the unit of work uses it (a unit uses
    two or three of some thirty: making them all was a measurable cost of every update)."""

    factories: ClassVar[tuple[tuple[str, Factory], ...]] = ()
    _by_name: ClassVar[dict[str, Factory]] = {}

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls._by_name = dict(cls.factories)

    def __init__(self, source: object, audit_key: bytes | None = None) -> None:
        self._source = source
        self._audit_key = audit_key

    def __getattr__(self, name: str) -> Any:
        make = self._by_name.get(name)
        if make is None:
            raise AttributeError(f"{type(self).__name__} has no repository {name!r}")
        # the audit log is the one repository that needs a key: it chains entries by HMAC
        repository = make(self._source, self._audit_key) if name == "audit" \
            else make(self._source)
        setattr(self, name, repository)
        return repository

    def sealed_sources(self) -> list[SealedSource]:
        stock = self.stock  # type: ignore[attr-defined]
        return [stock, stock.key_source()]


def given(**filters: object) -> dict[str, object]:
    """The filters of a listing that are set (``None``: any), enums as their stored value."""
    return {name: value.value if isinstance(value, Enum) else value
            for name, value in filters.items() if value is not None}


def refill_and_take(bucket: tuple[float, float, int] | None, now: float, rate: float,
                    burst: float, most: int) -> tuple[int, float, float, int]:
    """(taken, tokens, stamp, refused) after taking up to ``most`` tokens from ``bucket``
    ((tokens, stamp, refused), None for a new one), refilled at ``rate`` a second
    up to ``burst`` since its stamp (both adapters' ``throttle.take_up_to``)."""
    tokens, stamp, refused = bucket if bucket is not None else (burst, now, 0)
    tokens = min(burst, tokens + max(0.0, now - stamp) * rate)
    stamp = max(stamp, now)
    if tokens < 1:
        return 0, tokens, stamp, refused + 1
    taken = min(most, int(tokens))
    return taken, tokens - taken, stamp, 0

# --- Stock: what is sealed, and the uniqueness rule ---------------------------------------------

SEALED_FIELDS = ("login", "password", "notes", "totp")  # stored only sealed with the key ring
FINGERPRINT_KEY_ID = "stock-fingerprint-key"  # where the sealed fingerprint key is kept


def revoked_fp(item_id: str) -> str:
    """The ``live_fp`` of an item out of the uniqueness rule: unique by its own id."""
    return f"none:{item_id}"


def live_fp(item: StockItem) -> str:
    """What the uniqueness rule sees: the fingerprint while the item is live, else its id."""
    if item.status is StockStatus.REVOKED or not item.fingerprint:
        return revoked_fp(item.id)
    return item.fingerprint
