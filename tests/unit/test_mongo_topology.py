from __future__ import annotations

import pytest

from core.errors import StoreConfigError, StoreUnavailable
from core.storage import open_store
from core.storage.mongo import require_transactions


def test_standalone_server_is_refused_with_the_reason():
    with pytest.raises(StoreConfigError, match=r"standalone server.*replica set"):
        require_transactions({"isWritablePrimary": True, "maxWireVersion": 21})


@pytest.mark.parametrize("hello", [{"setName": "rs0", "isWritablePrimary": True},
                                   {"msg": "isdbgrid"}])
def test_replica_set_and_mongos_are_accepted(hello):
    require_transactions(hello)


async def test_unreachable_server_is_store_unavailable_without_credentials():
    with pytest.raises(StoreUnavailable) as info:
        await open_store("mongodb://bob:s3cret@127.0.0.1:1/shop",
                         server_selection_timeout_ms=300)
    assert "s3cret" not in str(info.value)
