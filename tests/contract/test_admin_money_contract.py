"""Staff money actions on every store: balance adjustments, two-admin approvals, manual
payments credited once under concurrent approvals, and Stars refunds confirmed by the bot."""

from __future__ import annotations

import asyncio

import pytest

from core.bootstrap import Services
from core.errors import ApprovalDecided, PermissionDenied
from core.models import Decision, TopUpStatus

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


async def test_broadcast_segments_queue_once_and_progress(services: Services, clock):
    from datetime import timedelta

    from core.models import (
        BroadcastStatus,
        Order,
        OrderKind,
        OrderStatus,
        Subscription,
        SubscriptionStatus,
        User,
    )

    now = clock.now()

    async def seed(tx):
        for uid, lang in ((101, "en"), (102, "ru"), (103, "en"), (104, "hi"), (105, "en")):
            await tx.users.upsert(User(telegram_id=uid, language=lang, created_at=now,
                                       last_seen_at=now))
        await tx.users.set_blocked(105, True)
        for i, (uid, status, ended) in enumerate(((101, "active", 10), (102, "expired", -3),
                                                  (103, "expired", -40))):
            await tx.subscriptions.insert(Subscription(
                id=f"s{i}", user_id=uid, product_id="p", stock_item_id="",
                status=SubscriptionStatus(status), starts_at=now,
                ends_at=now + timedelta(days=ended), auto_renew=False, qr_exports=0,
                order_id=f"o{i}", created_at=now, updated_at=now))
            await tx.orders.insert(Order(
                id=f"o{i}", intent_id=f"i{i}", user_id=uid, product_id="p",
                kind=OrderKind.PURCHASE, status=OrderStatus.COMPLETED, price=1, discount=0,
                amount=1, currency="INR", coupon_code="", stock_item_id="", subscription_id="",
                created_at=now, updated_at=now))

    await services.store.transaction(seed)
    await services.staff.seed()
    expect = {("all", ""): [101, 102, 103, 104], ("language", "en"): [101, 103],
              ("active", ""): [101], ("expired", "7"): [102], ("never", ""): [104]}
    for (segment, arg), ids in expect.items():
        got = await services.store.read(lambda tx, s=segment, a=arg: tx.broadcasts.audience(
            s, a, now - timedelta(days=int(a or 0) if s == "expired" else 0), 0, 100))
        assert got == ids, segment
    services.broadcasts._page = 2  # several pages
    draft = await services.broadcasts.create(staff_id=7, text="Sale today", segment="all",
                                             button_text="Open", button_url="https://x.test")
    assert await services.broadcasts.audience_size(draft.id) == 4
    started = await services.broadcasts.start(draft.id, staff_id=7)
    assert started.status is BroadcastStatus.SENDING
    queued = await services.broadcasts.queue(draft.id)
    again = await services.broadcasts.queue(draft.id)  # a restart queues nobody twice
    assert (queued.queued, again.queued) == (4, 4)
    progress = await services.broadcasts.progress(draft.id)
    assert (progress.total, progress.waiting) == (4, 4)
    messages = [m for m in await services.outbox.recent(20) if m.template == "broadcast-message"]
    assert len(messages) == 4 and messages[0].options["reply_markup"][0][0]["url"]
    for m in messages[:2]:
        await services.store.transaction(lambda tx, m=m: tx.outbox.mark_sent(m.id, now))
    await services.store.transaction(
        lambda tx: tx.outbox.mark_dead(messages[2].id, "blocked: Forbidden"))
    cancelled = await services.broadcasts.cancel(draft.id, staff_id=7)
    assert cancelled.status is BroadcastStatus.CANCELLED
    final = await services.broadcasts.progress(draft.id)
    assert (final.sent, final.blocked, final.failed, final.waiting) == (2, 1, 1, 0)


async def test_alerts_go_to_admins_who_did_not_mute_or_to_the_staff_group(services: Services):
    await _people(services)
    await services.users.grant_role(20, __import__("core.models").models.Role.SUPPORT,
                                    actor="test")
    assert sorted(await services.staff.alert_recipients("staff-order-pending")) == [A, B, C]
    assert sorted(await services.staff.alert_recipients("staff-support-ticket")) == [
        A, B, C, 20]
    assert await services.staff.set_muted(B, "orders", True) == {"orders"}
    assert sorted(await services.staff.alert_recipients("staff-order-pending")) == [A, C]
    assert sorted(await services.staff.alert_recipients("staff-manual-payment")) == [A, B, C]
    await services.staff.set_muted(B, "orders", False)
    assert B in await services.staff.alert_recipients("staff-order-pending")
    services.staff.alert_chat_id = -100123
    assert await services.staff.alert_recipients("staff-bot-error") == [-100123]
