from __future__ import annotations

import os

import pytest

from core.clock import SystemClock
from core.errors import StoreConfigError, StoreUnavailable
from core.services.audit import AuditService
from core.storage import open_store
from core.storage.mongo import require_transactions


def test_standalone_server_is_refused_with_the_reason():
    with pytest.raises(StoreConfigError, match=r"standalone server.*replica set"):
        require_transactions({"isWritablePrimary": True, "maxWireVersion": 21})


@pytest.mark.parametrize("hello,accepted", [
    ({"setName": "rs0", "isWritablePrimary": True}, True),
    ({"msg": "isdbgrid", "maxWireVersion": 21}, True),
    ({"setName": "", "isWritablePrimary": True}, False),
    ({"msg": "something else", "isWritablePrimary": True}, False),
])
def test_replica_set_and_mongos_are_accepted_and_nothing_else(hello, accepted):
    try:
        require_transactions(hello)
        outcome = True
    except StoreConfigError:
        outcome = False
    assert outcome is accepted


async def test_the_test_server_is_accepted_and_runs_transactions(mongo_server):
    url = f"{mongo_server.url}/topology_{os.getpid()}{mongo_server.query}"
    store = await open_store(url)  # runs the check against the server's real hello
    try:
        audit = AuditService(store, SystemClock())
        await audit.record(actor="test", action="topology.check", target="1")
        (entry,) = await audit.latest(5)
        assert (entry.seq, entry.action) == (1, "topology.check")
        assert (await audit.verify()).ok
    finally:
        await store.drop_database()  # type: ignore[attr-defined]
        await store.close()


async def test_unreachable_server_is_store_unavailable_without_credentials():
    with pytest.raises(StoreUnavailable) as info:
        await open_store("mongodb://bob:s3cret@127.0.0.1:1/shop",
                         server_selection_timeout_ms=300)
    assert "s3cret" not in str(info.value)
