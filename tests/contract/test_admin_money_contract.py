"""Staff money actions on every store: balance adjustments, two-admin approvals, manual
payments credited once under concurrent approvals, and Stars refunds confirmed by the bot."""

from __future__ import annotations

import asyncio

import pytest

from core.bootstrap import Services
from core.errors import ApprovalDecided, PermissionDenied
from core.models import Decision
from core.services.payments import TopUpStatus

A, B, C, CUSTOMER = 11, 12, 13, 501


async def _people(services: Services) -> None:
    services.staff.admin_ids = (A, B, C)
    await services.staff.seed()
    await services.users.register(CUSTOMER, first_name="Cara", username="cara_k")


async def test_small_adjustment_applies_once_and_is_audited(services: Services):
    await _people(services)
    services.approvals.limit = 10_000
    first = await services.approvals.adjust_balance(CUSTOMER, 5_000, reason="goodwill",
                                                    key="k1", staff_id=A)
    again = await services.approvals.adjust_balance(CUSTOMER, 5_000, reason="goodwill",
                                                    key="k1", staff_id=A)
    assert not first.waiting and first.entry is not None and again.entry.id == first.entry.id
    assert await services.wallet.balance(CUSTOMER) == 5_000
    adjusted = await services.audit.latest(5, "wallet.adjust")
    assert len(adjusted) == 1 and adjusted[0].actor == f"staff:{A}"
    assert (await services.store.read(lambda tx: tx.directory.by_username("@CARA_K"))
            ).telegram_id == CUSTOMER


async def test_large_adjustment_waits_for_a_second_admin(services: Services):
    await _people(services)
    services.approvals.limit = 10_000
    asked = await services.approvals.adjust_balance(CUSTOMER, 50_000, reason="promo",
                                                    key="k2", staff_id=A)
    assert asked.waiting and await services.wallet.balance(CUSTOMER) == 0
    with pytest.raises(PermissionDenied):
        await services.approvals.approve(asked.approval.id, staff_id=A)
    assert await services.wallet.balance(CUSTOMER) == 0
    results = await asyncio.gather(
        services.approvals.approve(asked.approval.id, staff_id=B),
        services.approvals.approve(asked.approval.id, staff_id=C), return_exceptions=True)
    assert any(not isinstance(r, Exception) for r in results)
    assert await services.wallet.balance(CUSTOMER) == 50_000
    (decided,) = await services.audit.latest(3, "approval.approved")
    assert decided.details["requested_by"] == f"staff:{A}"
    assert decided.details["decided_by"] in (f"staff:{B}", f"staff:{C}")
    (entry,) = await services.audit.latest(3, "wallet.adjust")
    assert entry.actor.startswith(f"staff:{A}+staff:")
    assert (await services.approvals.get(asked.approval.id)).status is Decision.APPROVED
    with pytest.raises(ApprovalDecided):
        await services.approvals.reject(asked.approval.id, staff_id=B)


async def test_manual_payment_approved_twice_at_once_credits_once(services: Services):
    await _people(services)
    services.manual_payments.instructions = "IBAN XX00 0000"
    payment = await services.manual_payments.submit(CUSTOMER, 25_000, b"\x89PNGfake")
    alert = (await services.outbox.recent(1))[0]
    assert alert.template == "staff-manual-payment" and alert.options["reply_markup"]
    results = await asyncio.gather(
        services.manual_payments.approve(payment.id, staff_id=A),
        services.manual_payments.approve(payment.id, staff_id=B), return_exceptions=True)
    assert sum(isinstance(r, ApprovalDecided) for r in results) == 1
    assert await services.wallet.balance(CUSTOMER) == 25_000
    told = [m for m in await services.outbox.recent(10) if m.chat_id == CUSTOMER]
    assert [m.template for m in told] == ["manual-payment-approved"]
    with pytest.raises(ApprovalDecided):
        await services.manual_payments.reject(payment.id, staff_id=C)
    rejected = await services.manual_payments.submit(CUSTOMER, 1_000, b"img")
    await services.manual_payments.reject(rejected.id, staff_id=A, reason="no such transfer")
    assert await services.wallet.balance(CUSTOMER) == 25_000
    assert (await services.manual_payments.get(rejected.id)).reason == "no such transfer"


async def test_stars_refund_is_refunded_only_when_the_bot_confirms(services: Services):
    await _people(services)
    checkout = await services.payments.create_topup(CUSTOMER, 5_000, "stars")
    await services.payments.credit_stars_payment(checkout.topup.id, "stxCharge1", 50)
    refund = await services.payments.refund_topup(checkout.topup.id, actor="staff:11")
    assert refund.result.bot_call is not None
    assert refund.topup.status is TopUpStatus.REFUNDING
    assert not [m for m in await services.outbox.recent(10) if m.template == "topup-refunded"]
    done = await services.payments.confirm_bot_refund(checkout.topup.id, actor="staff:11")
    assert done.status is TopUpStatus.REFUNDED
    assert (await services.payments.confirm_bot_refund(checkout.topup.id, actor="staff:11")
            ).status is TopUpStatus.REFUNDED
    told = [m for m in await services.outbox.recent(10) if m.template == "topup-refunded"]
    assert len(told) == 1 and await services.wallet.balance(CUSTOMER) == 0


async def test_staff_message_and_tickets_of_a_customer(services: Services):
    await _people(services)
    first = await services.support.open_ticket(CUSTOMER, "one")
    await services.support.open_ticket(CUSTOMER + 1, "other customer")
    second = await services.support.open_ticket(CUSTOMER, "two")
    assert {t.id for t in await services.support.for_user(CUSTOMER)} == {first.id, second.id}
    await services.support.message_customer(CUSTOMER, "Your order is on its way", staff_id=A)
    (sent,) = [m for m in await services.outbox.recent(10) if m.template == "staff-message"]
    assert sent.chat_id == CUSTOMER and sent.params["text"] == "Your order is on its way"
    (entry,) = await services.audit.latest(1, "customer.message")
    assert entry.actor == f"staff:{A}" and "Your order" not in str(entry.details)
