"""The catalog on every store: add, edit (audited with old and new values), list, validate."""

from __future__ import annotations

import pytest

from core.bootstrap import Services
from core.errors import InvalidAmount, ProductNotFound, ValidationError
from core.models import Delivery, TotpPolicy


async def test_a_product_is_added_and_read_back_with_every_field(services: Services, clock):
    added = await services.catalog.add(
        actor="staff:1", platform=" Spotify ", plan="Family 3 months", price=29_900,
        duration_days=90, description="Shared family plan", sort_order=2,
        low_stock_threshold=5, delivery=Delivery.AUTO, slots_per_item=6,
        totp_policy="codes_qr", qr_export_limit=3)
    loaded = await services.catalog.get(added.id)
    assert loaded == added
    assert (loaded.platform, loaded.totp_policy, loaded.slots_per_item) == \
        ("Spotify", TotpPolicy.CODES_AND_QR, 6)
    assert loaded.created_at == clock.now() and loaded.active
    (entry,) = await services.audit.latest(1, "product.")
    assert (entry.action, entry.target, entry.details["price"]) == ("product.add", added.id,
                                                                    29_900)


async def test_editing_records_what_changed(services: Services, clock):
    product = await services.catalog.add(actor="s", platform="X", plan="Y", price=100,
                                         duration_days=30)
    clock.advance(minutes=1)
    edited = await services.catalog.edit(product.id, actor="staff:2", price=150, active=False)
    assert (edited.price, edited.active, edited.updated_at) == (150, False, clock.now())
    assert (await services.catalog.get(product.id)).price == 150
    (entry,) = await services.audit.latest(1, "product.edit")
    assert entry.details == {"price": [100, 150], "active": [True, False]}
    with pytest.raises(ProductNotFound):
        await services.catalog.edit("prd_missing", actor="s", price=1)


async def test_listing_keeps_the_sort_order_and_hides_inactive_plans(services: Services):
    late = await services.catalog.add(actor="s", platform="B", plan="b", price=1,
                                      duration_days=1, sort_order=5)
    early = await services.catalog.add(actor="s", platform="Z", plan="z", price=1,
                                       duration_days=1, sort_order=1)
    hidden = await services.catalog.add(actor="s", platform="A", plan="a", price=1,
                                        duration_days=1, active=False)
    assert [p.id for p in await services.catalog.list()] == [early.id, late.id]
    assert [p.id for p in await services.catalog.list(active_only=False)] == \
        [hidden.id, early.id, late.id]


@pytest.mark.parametrize(("field", "value", "error"), [
    ("price", -1, ValidationError), ("price", 9.99, InvalidAmount),
    ("duration_days", 0, ValidationError), ("slots_per_item", 0, ValidationError),
    ("platform", "", ValidationError), ("totp_policy", "sometimes", ValidationError),
    ("delivery", "pigeon", ValidationError),
    ("colour", "red", ValidationError),
])
async def test_bad_fields_are_refused_and_nothing_is_stored(services: Services, field, value,
                                                             error):
    fields = {"platform": "P", "plan": "p", "price": 100, "duration_days": 30, field: value}
    with pytest.raises(error):
        await services.catalog.add(actor="s", **fields)
    assert await services.catalog.list(active_only=False) == []


async def test_qr_exports_need_a_positive_limit(services: Services):
    with pytest.raises(ValidationError):
        await services.catalog.add(actor="s", platform="P", plan="p", price=1, duration_days=1,
                                   totp_policy=TotpPolicy.CODES_AND_QR, qr_export_limit=0)
