"""Admin-bot gaps, end to end over the stand-in with the real dispatchers: stock import reasons
in the admin's language, staff alerts for unmatched payments and stuck top-ups, and order refunds
to the original payment."""

from __future__ import annotations

import dataclasses
from datetime import timedelta

import responses

from core.services.payments import Outcome, TopUpStatus
from tests.api.gateway_side import RAZORPAY_BASE, RazorpayKit, rzp_link
from tests.bot.admin_harness import running_shops

RU_ADMIN = 5601
A, B, CUSTOMER = 5611, 5612, 5621
BAD_FILE = (
    b"login,password,notes,totp\n"
    b"one@example.com,pw-one,,\n"
    b"two@example.com,,,\n"
    b"three@example.com,pw-three,,not-a-secret!\n"
    b"one@example.com,pw-again,,\n"
    b"four@example.com,pw-four,,\n"
)


async def test_a_russian_admin_reads_import_reasons_in_russian(tmp_path, keyring):
    async with running_shops(tmp_path, keyring, admins=(RU_ADMIN,)) as shops:
        services = shops.services
        await services.users.set_language(RU_ADMIN, "ru")
        product = await services.catalog.add(actor="test", platform="Netflix", plan="Premium",
                                             price=19_900, duration_days=30)
        await services.stock.import_items(product.id, "four@example.com:pw-four", actor="test")
        admin = shops.staff(RU_ADMIN, first_name="Ольга", language_code="ru")
        await admin.send("/stock")
        await admin.press_data(f"ask:upload:{product.id}", raw=True)
        report = (await admin.send_document(BAD_FILE, "batch.csv"))["text"]
        assert "строка 3: пустой пароль" in report
        assert "строка 4: 2FA: секрет не в формате base32" in report
        assert "строка 5: тот же логин, что в строке 2" in report
        assert "строка 6: уже есть на складе" in report
        assert "password is empty" not in report and "already in stock" not in report
        assert "pw-" not in report  # a report never echoes a secret
        levels = await services.stock.levels([product.id])
        assert levels[0].available_items == 2


async def test_an_unmatched_payment_reaches_admins_who_did_not_mute_payments(tmp_path, keyring):
    async with running_shops(tmp_path, keyring, admins=(A, B)) as shops:
        services = shops.services
        alice, bob = shops.staff(A, first_name="Alice"), shops.staff(B, first_name="Bob")
        for admin in (alice, bob):
            await admin.send("/start")
        await services.staff.set_muted(B, "payments", True)
        kit = RazorpayKit()
        real = await kit.topup(services, 50_000, user_id=CUSTOMER)
        ghost = dataclasses.replace(real, id="top_ghost", gateway_ref=real.gateway_ref + "X")
        body = kit.paid(ghost, kit.payment_id(7))
        settled = await services.payments.handle_webhook(
            "razorpay", body, kit.sign(body, services.clock.now()))
        assert settled.outcome is Outcome.UNMATCHED
        bob_saw = len(bob.bot_messages())
        await shops.deliver()
        alert = alice.last()["text"]
        assert "matches no top-up" in alert and kit.payment_id(7) in alert
        assert "₹500.00" in alert
        assert len(bob.bot_messages()) == bob_saw  # Bob muted payment alerts
        assert await services.wallet.balance(CUSTOMER) == 0


async def test_a_topup_reconciliation_cannot_settle_is_alerted_once(tmp_path, keyring):
    async with running_shops(tmp_path, keyring, admins=(A,)) as shops:
        services = shops.services
        alice = shops.staff(A, first_name="Alice")
        await alice.send("/start")
        kit = RazorpayKit()
        waiting = await kit.topup(services, 30_000, user_id=CUSTOMER)
        unreachable = await kit.topup(services, 40_000, user_id=CUSTOMER)
        with responses.RequestsMock() as api:
            api.get(f"{RAZORPAY_BASE}/v1/payment_links/{waiting.gateway_ref}",
                    json=rzp_link(waiting, "created"))
            api.get(f"{RAZORPAY_BASE}/v1/payment_links/{unreachable.gateway_ref}",
                    status=503, json={"error": {"code": "SERVER_ERROR",
                                                "description": "try later"}})
            first = await services.payments.reconcile_pending(timedelta(0))
            second = await services.payments.reconcile_pending(timedelta(0))
        assert (first.checked, first.still_pending, first.errors) == (2, 1, 1)
        assert (second.checked, second.still_pending, second.errors) == (2, 1, 1)
        await shops.deliver()
        about_waiting = [t for t in alice.texts() if waiting.id in t]
        about_unreachable = [t for t in alice.texts() if unreachable.id in t]
        assert len(about_waiting) == 1 and len(about_unreachable) == 1  # once per top-up
        assert "has not confirmed or failed it yet" in about_waiting[0]
        assert "₹300.00" in about_waiting[0]
        assert "could not be asked" in about_unreachable[0]
        for topup in (waiting, unreachable):
            assert (await services.payments.get(topup.id)).status is TopUpStatus.PENDING
