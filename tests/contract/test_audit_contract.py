"""The audit chain on every store: appends link up, concurrent appends stay one chain."""

from __future__ import annotations

import asyncio

from core.bootstrap import Services


async def test_empty_chain_verifies(services: Services):
    report = await services.audit.verify()
    assert report.ok and report.checked == 0


async def test_entries_link_to_their_predecessor(services: Services):
    a = await services.audit.record(actor="admin:1", action="product.add", target="p1")
    b = await services.audit.record(actor="admin:1", action="stock.import", target="p1",
                                    details={"added": 3})
    assert (a.seq, b.seq) == (1, 2) and b.prev_hash == a.hash and a.prev_hash == ""
    assert (await services.audit.verify()).ok


async def test_concurrent_appends_form_one_unbroken_chain(services: Services):
    await asyncio.gather(*(services.audit.record(actor=f"user:{i}", action="secret.view",
                                                 target=f"sub_{i}") for i in range(30)))
    report = await services.audit.verify()
    assert report.ok and report.checked == 30
    latest = await services.audit.latest(30)
    assert sorted(e.seq for e in latest) == list(range(1, 31))


async def test_latest_filters_by_action_prefix(services: Services):
    await services.audit.record(actor="a", action="secret.view")
    await services.audit.record(actor="a", action="user.role")
    assert [e.action for e in await services.audit.latest(10, "secret.")] == ["secret.view"]
