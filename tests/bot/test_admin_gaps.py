"""Admin-bot gaps, end to end over the stand-in with the real dispatchers: stock import reasons
in the admin's language, staff alerts for unmatched payments and stuck top-ups, and order refunds
to the original payment."""

from __future__ import annotations

import dataclasses
import json
from datetime import timedelta

import responses

from core.models import OrderStatus, TopUpStatus
from core.services.payments import Outcome
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


STOCK = "login,password\nacc1@example.com,pw-one\nacc2@example.com,pw-two\n"


async def _paid_by_topup(shops, kit: RazorpayKit, topup_amount: int) -> tuple[str, str]:
    """A customer tops up through Razorpay (credited by a signed webhook), then buys a plan
    of 199.00 with the wallet. Returns (order id, top-up id)."""
    services = shops.services
    product = await services.catalog.add(actor="test", platform="Netflix", plan="Premium",
                                         price=19_900, duration_days=30)
    await services.stock.import_items(product.id, STOCK, actor="test")
    topup = await kit.topup(services, topup_amount, user_id=CUSTOMER)
    body = kit.paid(topup, kit.payment_id(3))
    await services.payments.handle_webhook("razorpay", body,
                                           kit.sign(body, services.clock.now()))
    if topup_amount < 19_900:
        await services.wallet.credit(CUSTOMER, 19_900 - topup_amount, key="gift",
                                     reason="test")
    result = await services.purchases.purchase(CUSTOMER, product.id, intent_id="int_gw_1")
    return result.order.id, topup.id


def _refund_api(api: responses.RequestsMock, payment_id: str, amount: int):
    api.get(f"{RAZORPAY_BASE}/v1/payments/{payment_id}", json={
        "id": payment_id, "entity": "payment", "amount": amount, "currency": "INR",
        "status": "captured", "amount_refunded": 0, "refund_status": None, "captured": True})
    return api.post(f"{RAZORPAY_BASE}/v1/payments/{payment_id}/refund", json={
        "id": "rfnd_GapsRefund01", "entity": "refund", "amount": amount, "currency": "INR",
        "payment_id": payment_id, "notes": {}, "receipt": None, "status": "processed",
        "speed_processed": "normal", "speed_requested": "normal", "created_at": 1767226000})


async def _ledger_matches_balance(services, user_id: int) -> int:
    entries = (await services.wallet.statement(user_id, limit=100)).entries
    balance = await services.wallet.balance(user_id)
    assert balance == sum(e.amount for e in entries)
    return balance


async def test_an_order_paid_in_part_by_a_topup_is_refunded_to_the_payment(tmp_path, keyring):
    async with running_shops(tmp_path, keyring, admins=(A,)) as shops:
        services, kit = shops.services, RazorpayKit()
        order_id, topup_id = await _paid_by_topup(shops, kit, 15_000)
        alice = shops.staff(A, first_name="Alice")
        await alice.send("/orders")
        await alice.press("completed")
        await alice.press(order_id)
        with responses.RequestsMock() as api:
            call = _refund_api(api, kit.payment_id(3), 15_000)
            await alice.press("Refund to the payment, revoke item")
            assert len(call.calls) == 1
        text = alice.last()["text"]
        assert f"top-up {topup_id} (₹150.00) goes back to the original payment" in text
        assert "Refunded through the gateway" in text
        assert (await services.orders.get(order_id)).status is OrderStatus.REFUNDED
        assert (await services.payments.get(topup_id)).status is TopUpStatus.REFUNDED
        # 199.00 back to the wallet, 150.00 of it paid back at Razorpay: 49.00 stays
        assert await _ledger_matches_balance(services, CUSTOMER) == 4_900
        keys = {e.key for e in (await services.wallet.statement(CUSTOMER)).entries}
        assert {f"refund:{order_id}", f"refund:{topup_id}"} <= keys
        # a second press changes nothing: the order and the top-up are refunded once
        await alice.press_data(f"aor:gw-revoke:{order_id}", raw=True)
        assert await _ledger_matches_balance(services, CUSTOMER) == 4_900


async def test_a_large_refund_to_the_payment_waits_for_a_second_admin(tmp_path, keyring):
    async with running_shops(tmp_path, keyring, admins=(A, B), approval_limit=10_000) as shops:
        services, kit = shops.services, RazorpayKit()
        order_id, topup_id = await _paid_by_topup(shops, kit, 19_900)
        alice, bob = shops.staff(A, first_name="Alice"), shops.staff(B, first_name="Bob")
        await bob.send("/start")
        await alice.send("/orders")
        await alice.press("completed")
        await alice.press(order_id)
        await alice.press("Refund to the payment, return item")
        assert "waits for a second admin" in alice.last()["text"]
        assert (await services.payments.get(topup_id)).status is TopUpStatus.CREDITED
        await shops.deliver()
        with responses.RequestsMock() as api:
            call = _refund_api(api, kit.payment_id(3), 19_900)
            await bob.press("Approve", message=bob.last())
            assert json.loads(call.calls[0].request.body)["amount"] == 19_900
        assert "Refunded through the gateway" in bob.last()["text"]
        assert (await services.orders.get(order_id)).status is OrderStatus.REFUNDED
        assert (await services.payments.get(topup_id)).status is TopUpStatus.REFUNDED
        assert await _ledger_matches_balance(services, CUSTOMER) == 0
        (refund,) = await services.audit.latest(1, "topup.refund")
        assert refund.actor == f"staff:{A}+staff:{B}"


async def test_no_refund_to_the_payment_without_a_topup_that_covers_it(tmp_path, keyring):
    async with running_shops(tmp_path, keyring, admins=(A,)) as shops:
        services, kit = shops.services, RazorpayKit()
        # a top-up larger than the order cannot be paid back in part: not offered
        order_id, _ = await _paid_by_topup(shops, kit, 50_000)
        alice = shops.staff(A, first_name="Alice")
        await alice.send("/orders")
        await alice.press("completed")
        await alice.press(order_id)
        labels = [b["text"] for b in alice.buttons()]
        assert any("Refund, revoke item" in label for label in labels)
        assert not any("to the payment" in label for label in labels)
        answer = await alice.press_data(f"aor:gw-revoke:{order_id}", raw=True)
        assert "cannot be refunded" in (answer.get("text") or alice.last()["text"])
        assert (await services.orders.get(order_id)).status is OrderStatus.COMPLETED
        assert await _ledger_matches_balance(services, CUSTOMER) == 50_000 - 19_900
