"""The admin bot's staff gate, over HTTP with the real dispatchers: every command and button
route (found by walking the routers) refuses a stranger with one short answer and nothing else;
support is refused every admin-only route; admins pass."""

from __future__ import annotations

import pytest

from bot.admin import build_admin_dispatcher
from core.models import Role
from tests.bot.admin_harness import running_shops
from tests.bot.admin_routes import routes

ADMIN, SUPPORT, STRANGER = 5001, 5002, 6666
REFUSAL = "This bot is for the shop's staff only."
ADMINS_ONLY = "Only an admin can do that."


def _all_routes(shops):
    return routes(shops.admin_dp)


async def test_every_handler_declares_a_role(tmp_path, keyring):
    async with running_shops(tmp_path, keyring, admins=(ADMIN,)) as shops:
        found = _all_routes(shops)
    assert len(found) >= 10
    missing = [r.name for r in found if r.role not in ("admin", "support")]
    assert missing == []


async def test_stranger_gets_only_the_refusal_on_every_route(tmp_path, keyring):
    async with running_shops(tmp_path, keyring, admins=(ADMIN,)) as shops:
        admin = shops.staff(ADMIN, first_name="Owner")
        dashboard = await admin.send("/start")
        assert "Dashboard" in dashboard["text"]
        admin_seen = len(admin.bot_messages())
        audit_before = await shops.services.audit.latest(100)

        stranger = shops.staff(STRANGER, first_name="Mallory")
        first = await stranger.send("/start")
        assert first is not None and first["text"] == REFUSAL
        # An admin's keyboard lands in the stranger's chat (a copied button).
        copied = await shops.admin_bot.send_message(
            STRANGER, "copied", reply_markup=dashboard["reply_markup"])
        answers = []
        found = _all_routes(shops)
        for route in found:
            context = shops.admin_dp.fsm.get_context(shops.admin_bot, STRANGER, STRANGER)
            await context.set_state(route.state or None)  # even inside a step
            if route.kind == "callback":
                answers.append(await stranger.press_data(route.value, copied.message_id,
                                                         raw=True))
            else:
                await stranger.send(route.value, quiet=True)
        for button in stranger.buttons(stranger.last()):
            answers.append(await stranger.press_data(button["callback_data"],
                                                     copied.message_id))
        await stranger.send_document(b"login,password\na,b\n", "stock.csv", quiet=True)

        assert len(answers) == sum(r.kind == "callback" for r in found) + len(
            stranger.buttons(stranger.last()))
        assert all(a.get("text") == REFUSAL for a in answers), answers
        texts = stranger.texts()
        assert texts == [REFUSAL, "copied"]  # one refusal in the window, nothing else
        assert len(admin.bot_messages()) == admin_seen
        audit_after = await shops.services.audit.latest(100)
        new = audit_after[: len(audit_after) - len(audit_before)]
        assert [(e.actor, e.action) for e in new] == [(f"tg:{STRANGER}", "admin.refused")]
        assert await shops.services.outbox.recent(5) == []
        user = await shops.services.users.find(STRANGER)
        assert user is None  # the admin bot does not even register a stranger


async def test_refusal_audit_is_throttled_but_counts_what_was_held_back(tmp_path, keyring):
    async with running_shops(tmp_path, keyring, admins=(ADMIN,)) as shops:
        gate = shops.admin_dp.update.outer_middleware._middlewares[-1]
        gate._audits._seconds = 0.0  # every refusal may be audited again at once
        stranger = shops.staff(STRANGER)
        await stranger.send("/start")
        gate._audits._seconds = 3600.0
        for _ in range(30):
            await stranger.send("/audit", quiet=True)
        gate._audits._seconds = 0.0
        await stranger.send("/staff", quiet=True)
        refused = await shops.services.audit.latest(10, "admin.refused")
        assert len(refused) == 2  # 32 refused updates, two audit entries
        assert refused[0].details["held_back"] == 30


async def test_support_is_refused_every_admin_only_route(tmp_path, keyring):
    async with running_shops(tmp_path, keyring, admins=(ADMIN,), support=(SUPPORT,)) as shops:
        support = shops.staff(SUPPORT, first_name="Sam")
        board = await support.send("/start")
        assert "Dashboard" in board["text"]
        labels = [b["text"] for b in support.buttons(board)]
        assert not any("Staff" in label for label in labels)  # not offered to support
        admin_only = [r for r in _all_routes(shops) if r.role == "admin"]
        assert any(r.stateful for r in admin_only) and any(not r.stateful for r in admin_only)
        for route in admin_only:
            context = shops.admin_dp.fsm.get_context(shops.admin_bot, SUPPORT, SUPPORT)
            await context.set_state(route.state or None)  # as if support got into that step
            before = len(support.bot_messages())
            if route.kind == "callback":
                answer = await support.press_data(route.value, board["message_id"], raw=True)
                assert answer.get("text") == ADMINS_ONLY, route
                assert len(support.bot_messages()) == before
            else:
                reply = await support.send(route.value + " 42 admin")
                assert reply["text"] == ADMINS_ONLY, route
        assert await shops.services.staff.role_of(42) is None  # /staff 42 admin did nothing
        denied = await shops.services.audit.latest(20, "admin.denied")
        assert denied and denied[0].actor == f"staff:{SUPPORT}"


async def test_admin_ids_are_admins_from_the_first_start_and_manage_staff(tmp_path, keyring):
    async with running_shops(tmp_path, keyring, admins=(ADMIN,)) as shops:
        admin = shops.staff(ADMIN)
        reply = await admin.send(f"/staff {SUPPORT} support")
        assert str(SUPPORT) in reply["text"]
        assert await shops.services.staff.role_of(SUPPORT) is Role.SUPPORT
        await admin.send("/staff")
        await admin.press(str(SUPPORT))
        await admin.press("Remove from staff")
        assert await shops.services.staff.role_of(SUPPORT) is None
        entries = await shops.services.audit.latest(5, "staff.role")
        assert entries[0].actor == f"staff:{ADMIN}" and entries[0].target == str(SUPPORT)
        usage = await admin.send("/staff nonsense")
        assert usage["text"].startswith("Use: /staff")


@pytest.mark.parametrize("language", ["hi", "ru", "bg"])
async def test_refusal_speaks_the_strangers_language(tmp_path, keyring, language):
    async with running_shops(tmp_path, keyring, admins=(ADMIN,)) as shops:
        stranger = shops.staff(STRANGER, language_code=language)
        reply = await stranger.send("/start")
        expected = shops.translator.text(language, "admin-not-staff")
        assert reply["text"] == expected and expected != REFUSAL


def test_builds_without_running():
    class _Stub:
        staff = audit = broadcasts = users = None

        class settings:
            currency = "INR"

        def by_name(self):
            return {}

    dp = build_admin_dispatcher(_Stub(), None)  # type: ignore[arg-type]
    assert routes(dp)
