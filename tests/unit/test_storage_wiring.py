"""Both adapters are wired from one list of repository modules, and each provides exactly the
``Tx`` protocol."""

from __future__ import annotations

from types import ModuleType, SimpleNamespace

import pytest

from core.models import OrderStatus
from core.storage.base import Tx
from core.storage.common import REPOSITORY_MODULES, Repositories, given, wiring
from core.storage.mongo import MongoTx
from core.storage.sqlite import SqliteTx


class _Collections:
    def __getattr__(self, name: str) -> str:
        return name

    def __getitem__(self, name: str) -> str:
        return name


@pytest.mark.parametrize("tx", [SqliteTx, MongoTx])
def test_each_adapter_provides_exactly_the_tx_protocol(tx: type[Repositories]):
    names = [name for name, _ in tx.factories]
    assert sorted(names) == sorted(Tx.__annotations__)
    built = tx(SimpleNamespace(db=_Collections(), session=None))  # nothing is queried
    assert all(getattr(built, name) is not None for name in names)
    assert [s.name for s in built.sealed_sources()] == ["stock", "stock_keys"]


def test_two_modules_claiming_one_attribute_are_refused():
    a, b = ModuleType("a"), ModuleType("b")
    a.REPOSITORIES = {"users": object}  # type: ignore[attr-defined]
    b.REPOSITORIES = {"users": object}  # type: ignore[attr-defined]
    with pytest.raises(ValueError, match="same Tx attribute"):
        wiring([a, b])


def test_listing_filters_keep_what_is_set_and_store_enums_by_value():
    assert given(status=None, user_id=None) == {}
    assert given(status=OrderStatus.COMPLETED, user_id=0) == {"status": "completed", "user_id": 0}
    assert len(REPOSITORY_MODULES) == len(set(REPOSITORY_MODULES))
