"""Subscriptions on every store: what a customer owns, auto-renew, expiry, cancelling."""

from __future__ import annotations

from datetime import timedelta

import pytest

from core.bootstrap import Services
from core.errors import SubscriptionNotActive, SubscriptionNotFound
from core.models import SubscriptionStatus
from tests.contract.test_purchase_support import fund, make_product, stock


async def _buy(services: Services, user_id: int, product, intent: str):
    await fund(services, user_id, product.price)
    return (await services.purchases.purchase(user_id, product.id, intent_id=intent)).subscription


async def test_a_customer_lists_only_their_own_subscriptions_newest_first(services: Services,
                                                                          clock):
    netflix = await make_product(services, price=1_000)
    spotify = await make_product(services, platform="Spotify", plan="Solo", price=500)
    await stock(services, netflix, 2)
    await stock(services, spotify, 1, prefix="s")
    first = await _buy(services, 1, netflix, "a")
    clock.advance(seconds=1)
    second = await _buy(services, 1, spotify, "b")
    await _buy(services, 2, netflix, "c")
    mine = await services.subscriptions.list_for_user(1)
    assert [(o.subscription.id, o.product.platform) for o in mine] == \
        [(second.id, "Spotify"), (first.id, "Netflix")]
    owned = await services.subscriptions.get_for_user(1, first.id)
    assert owned.product.id == netflix.id
    with pytest.raises(SubscriptionNotFound):
        await services.subscriptions.get_for_user(2, first.id)


async def test_auto_renew_is_switched_by_the_owner_only(services: Services):
    product = await make_product(services, price=1_000)
    await stock(services, product, 1)
    sub = await _buy(services, 1, product, "a")
    assert (await services.subscriptions.set_auto_renew(1, sub.id, True)).auto_renew
    assert (await services.subscriptions.get(sub.id)).auto_renew
    with pytest.raises(SubscriptionNotFound):
        await services.subscriptions.set_auto_renew(2, sub.id, False)
    assert (await services.subscriptions.get(sub.id)).auto_renew


async def test_due_subscriptions_expire_once_and_the_customer_is_told(services: Services,
                                                                      clock):
    product = await make_product(services, price=1_000, duration_days=30)
    await stock(services, product, 2)
    short = await _buy(services, 1, product, "a")
    clock.advance(days=10)
    later = await _buy(services, 2, product, "b")
    assert [s.id for s in await services.subscriptions.ending_before(
        clock.now() + timedelta(days=25))] == [short.id]
    clock.advance(days=20)
    assert [s.id for s in await services.subscriptions.expire_due()] == [short.id]
    assert await services.subscriptions.expire_due() == []
    assert (await services.subscriptions.get(short.id)).status is SubscriptionStatus.EXPIRED
    assert (await services.subscriptions.get(later.id)).status is SubscriptionStatus.ACTIVE
    expired = [m for m in await services.outbox.recent(20)
               if m.template == "subscription-expired"]
    assert [(m.chat_id, m.params["subscription_id"]) for m in expired] == [(1, short.id)]
    with pytest.raises(SubscriptionNotActive):
        await services.subscriptions.set_auto_renew(1, short.id, True)


async def test_staff_cancel_ends_the_subscription_now_and_audit_it(services: Services, clock):
    product = await make_product(services, price=1_000)
    await stock(services, product, 1)
    sub = await _buy(services, 1, product, "a")
    clock.advance(days=3)
    cancelled = await services.subscriptions.cancel(sub.id, actor="staff:4", reason="abuse")
    assert cancelled.status is SubscriptionStatus.CANCELLED and cancelled.ends_at == clock.now()
    (entry,) = await services.audit.latest(1, "subscription.")
    assert (entry.actor, entry.target, entry.details) == ("staff:4", sub.id, {"reason": "abuse"})
    with pytest.raises(SubscriptionNotActive):
        await services.subscriptions.cancel(sub.id, actor="staff:4")
    with pytest.raises(SubscriptionNotActive):
        await services.credentials.view(1, sub.id)
