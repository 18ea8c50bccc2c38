"""Users behave the same on every store."""

from __future__ import annotations

import pytest

from core.bootstrap import Services
from core.errors import UserNotFound, ValidationError
from core.models import Role


async def test_register_creates_then_refreshes_without_losing_choices(services: Services, clock):
    first = await services.users.register(42, first_name="Asha", username="asha",
                                          language_code="hi-IN")
    assert first.language == "hi" and first.role is Role.CUSTOMER
    await services.users.set_language(42, "ru")
    clock.advance(minutes=5)
    again = await services.users.register(42, first_name="Asha K", username="ashak",
                                          language_code="en")
    assert again.first_name == "Asha K" and again.username == "ashak"
    assert again.language == "ru", "a returning user keeps the language they picked"
    assert again.created_at == first.created_at
    assert again.last_seen_at == clock.now()
    assert await services.store.read(lambda tx: tx.users.count()) == 1


async def test_unknown_language_falls_back_to_default(services: Services):
    user = await services.users.register(7, language_code="xx")
    assert user.language == "en"


async def test_set_language_refuses_unsupported_and_changes_nothing(services: Services):
    await services.users.register(7, language_code="bg")
    with pytest.raises(ValidationError):
        await services.users.set_language(7, "de")
    assert (await services.users.get(7)).language == "bg"


async def test_get_unknown_user_raises_user_not_found(services: Services):
    with pytest.raises(UserNotFound):
        await services.users.get(999)


async def test_grant_role_creates_user_and_is_audited(services: Services):
    user = await services.users.grant_role(5, Role.SUPPORT, actor="cli")
    assert user.role is Role.SUPPORT
    assert (await services.users.get(5)).role is Role.SUPPORT
    staff = await services.users.staff()
    assert [u.telegram_id for u in staff] == [5]
    (entry,) = await services.audit.latest(1)
    assert (entry.action, entry.target, entry.details) == (
        "user.role", "5", {"from": "customer", "to": "support"})


async def test_blocked_flag_round_trips(services: Services):
    await services.users.register(8)
    assert await services.users.set_blocked(8, True)
    assert (await services.users.get(8)).blocked is True
    assert not await services.users.set_blocked(404, True)
