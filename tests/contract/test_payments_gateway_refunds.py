"""Refunds and chargebacks made at the gateway, on every store: the wallet gives the money back
(below zero as a debt when it was spent), a debt blocks purchases until a top-up pays it, a
dispute alerts staff, and the order of arrival does not matter. Payloads are shaped and signed
as each gateway sends them (``tests/api/gateway_side.py``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.bootstrap import Services
from core.errors import InsufficientFunds, WalletInDebt
from core.models import EventStatus, OutboxMessage, TopUp, TopUpStatus, WebhookEvent
from core.services.payments import Outcome
from tests.api.gateway_side import (
    KITS,
    USER,
    RazorpayKit,
    payment_settings,
    razorpay_headers,
    rzp_refund_event,
)
from tests.contract.test_purchase_support import make_product, stock


@pytest.fixture
def settings(tmp_path: Path):
    return payment_settings(tmp_path)


@pytest.fixture(params=KITS, ids=lambda kit: kit.name)
def kit(request: pytest.FixtureRequest):
    return request.param


async def _send(services: Services, kit, body: bytes):
    return await services.payments.handle_webhook(kit.name, body,
                                                  kit.sign(body, services.clock.now()))


async def _credited(services: Services, kit, amount: int = 50_000, n: int = 1) -> TopUp:
    topup = await kit.topup(services, amount)
    assert (await _send(services, kit, kit.paid(topup, kit.payment_id(n)))).outcome \
        is Outcome.CREDITED
    return await services.payments.get(topup.id)


async def _messages(services: Services, template: str) -> list[OutboxMessage]:
    return [m for m in await services.outbox.recent(200) if m.template == template]


async def _events(services: Services) -> list[WebhookEvent]:
    return await services.store.read(lambda tx: tx.webhook_events.recent(100))


async def test_a_dashboard_refund_after_spending_leaves_a_debt_that_blocks_buying_until_a_topup(
        services: Services, kit):
    """The reviewer's probe: wallet debited, debt recorded, purchases blocked until a top-up."""
    product = await make_product(services, price=40_000)
    await stock(services, product, 3)
    topup = await _credited(services, kit)
    await services.purchases.purchase(USER, product.id, intent_id="buy-1")
    assert await services.wallet.balance(USER) == 10_000

    settled = await _send(services, kit, kit.refunded(topup, topup.payment_id, "rfnd_Dash0001",
                                                      50_000, 50_000))
    assert settled.outcome is Outcome.REFUNDED
    assert await services.wallet.balance(USER) == -40_000
    assert await services.wallet.debt(USER) == 40_000
    taken = (await services.wallet.statement(USER)).entries[0]
    assert (taken.amount, taken.reason, taken.balance_after) == (-50_000, "gateway-refund",
                                                                 -40_000)
    assert await services.wallet.find_mismatches() == []  # balance == sum of entries
    assert (await services.payments.get(topup.id)).status is TopUpStatus.REFUNDED
    (told,) = await _messages(services, "topup-reversed-debt")
    assert told.chat_id == USER and told.params["debt"] == "₹400.00"
    assert len(await _messages(services, "staff-topup-reversed")) == 1

    with pytest.raises(WalletInDebt) as refused:
        await services.purchases.purchase(USER, product.id, intent_id="buy-2")
    assert refused.value.params["amount"] == 40_000
    with pytest.raises(WalletInDebt):
        await services.purchases.quote(USER, product.id)

    # The next top-up pays the debt first; only what is left can buy.
    await _credited(services, kit, 60_000, n=2)
    assert await services.wallet.balance(USER) == 20_000
    with pytest.raises(InsufficientFunds):
        await services.purchases.purchase(USER, product.id, intent_id="buy-3")
    await _credited(services, kit, 20_000, n=3)
    bought = await services.purchases.purchase(USER, product.id, intent_id="buy-4")
    assert bought.order.amount == 40_000 and await services.wallet.balance(USER) == 0


async def test_a_refund_is_taken_back_once_however_often_it_is_delivered(services: Services,
                                                                         kit):
    topup = await _credited(services, kit)
    body = kit.refunded(topup, topup.payment_id, "rfnd_Once0001", 50_000, 50_000)
    outcomes = [(await _send(services, kit, body)).outcome for _ in range(3)]
    assert outcomes == [Outcome.REFUNDED, Outcome.DUPLICATE, Outcome.DUPLICATE]
    assert await services.wallet.balance(USER) == 0
    assert (await services.wallet.statement(USER)).total_entries == 2


async def test_partial_refunds_take_back_each_part_once(services: Services, kit):
    topup = await _credited(services, kit)
    first = kit.refunded(topup, topup.payment_id, "rfnd_Part0001", 10_000, 10_000)
    second = kit.refunded(topup, topup.payment_id, "rfnd_Part0002", 15_000, 25_000)
    assert (await _send(services, kit, first)).outcome is Outcome.REFUNDED
    assert (await _send(services, kit, second)).outcome is Outcome.REFUNDED
    assert await services.wallet.balance(USER) == 25_000
    # The first one delivered again, after the second: nothing more is taken.
    await _send(services, kit, first)
    assert await services.wallet.balance(USER) == 25_000
    assert (await services.payments.get(topup.id)).refunded_amount == 25_000


async def test_a_refund_that_overtakes_its_capture_ends_in_the_same_state(services: Services,
                                                                          kit):
    topup = await kit.topup(services)
    payment_id = kit.payment_id()
    early = await _send(services, kit, kit.refunded(topup, payment_id, "rfnd_Early001", 50_000,
                                                    50_000))
    assert early.outcome is Outcome.PARKED
    assert await services.wallet.balance(USER) == 0
    waiting = [e for e in await _events(services) if e.payment_id == payment_id]
    assert [e.status for e in waiting] == [EventStatus.PARKED]

    settled = await _send(services, kit, kit.paid(topup, payment_id))
    assert settled.outcome is Outcome.CREDITED
    assert settled.topup.status is TopUpStatus.REFUNDED
    assert await services.wallet.balance(USER) == 0
    amounts = sorted(e.amount for e in (await services.wallet.statement(USER)).entries)
    assert amounts == [-50_000, 50_000]
    (applied,) = [e for e in await _events(services) if e.key == early.event_key]
    assert applied.status is EventStatus.PROCESSED and applied.topup_id == topup.id
    # Anything arriving afterwards changes nothing.
    await _send(services, kit, kit.paid(topup, payment_id))
    await _send(services, kit, kit.refunded(topup, payment_id, "rfnd_Early001", 50_000, 50_000))
    assert await services.wallet.balance(USER) == 0


async def test_a_refund_the_shop_made_is_not_taken_twice_when_the_gateway_reports_it(
        services: Services, kit):
    topup = await _credited(services, kit)
    # The shop's own refund debited the wallet and left the top-up refunding (outcome unknown).
    await services.store.transaction(lambda tx: _mark_refunding(tx, topup))
    settled = await _send(services, kit, kit.refunded(topup, topup.payment_id, "rfnd_Shop0001",
                                                      50_000, 50_000))
    assert settled.outcome is Outcome.IGNORED
    assert await services.wallet.balance(USER) == 50_000  # untouched by the callback


async def _mark_refunding(tx, topup: TopUp) -> None:
    import dataclasses

    assert await tx.topups.update(dataclasses.replace(topup, status=TopUpStatus.REFUNDING),
                                  TopUpStatus.CREDITED)


async def test_a_failed_razorpay_refund_gives_the_money_back(services: Services):
    kit = RazorpayKit()
    topup = await _credited(services, kit)
    await _send(services, kit, rzp_refund_event(topup, topup.payment_id, "rfnd_Fail0001",
                                                50_000))
    assert await services.wallet.balance(USER) == 0
    await _send(services, kit, rzp_refund_event(topup, topup.payment_id, "rfnd_Fail0001",
                                                50_000, event="refund.failed"))
    assert await services.wallet.balance(USER) == 50_000
    assert (await services.payments.get(topup.id)).status is TopUpStatus.CREDITED


async def test_a_dispute_alerts_staff_with_the_orders_since_that_topup(services: Services, kit):
    product = await make_product(services, price=20_000)
    await stock(services, product, 2)
    topup = await _credited(services, kit)
    bought = await services.purchases.purchase(USER, product.id, intent_id="before-dispute")
    settled = await _send(services, kit, kit.disputed(topup, topup.payment_id))
    assert settled.outcome is Outcome.DISPUTED
    (alert,) = await _messages(services, "staff-payment-disputed")
    assert alert.audience == "staff"
    assert alert.params["topup_id"] == topup.id and alert.params["user_id"] == USER
    assert bought.order.id in alert.params["orders"] and "₹200.00" in alert.params["orders"]
    assert await services.wallet.balance(USER) == 30_000  # a dispute alone moves no money


# --- item 7: another account or mode ----------------------------------------------------------


async def test_a_razorpay_event_of_another_account_is_refused_and_recorded(
        services: Services, tmp_path: Path, keyring, clock):
    from tests.api.gateway_side import payment_services

    kit = RazorpayKit()
    guarded = payment_services(services.store, tmp_path, keyring, clock,
                               razorpay_account_id="acc_OurShop000001")
    topup = await kit.topup(guarded)
    settled = await _send(guarded, kit, kit.paid(topup, kit.payment_id()))  # acc_BFQ7uQEaa7j2z7
    assert settled.outcome is Outcome.REFUSED
    assert await guarded.wallet.balance(USER) == 0
    (event,) = await _events(guarded)
    assert event.status is EventStatus.REFUSED and event.outcome == "foreign-account"
    assert (await _send(guarded, kit, kit.paid(topup, kit.payment_id()))).outcome \
        is Outcome.DUPLICATE
    await guarded.close()


@pytest.mark.parametrize(("key", "livemode"), [("sk_test_subvault", True),
                                                ("sk_live_subvault", False)])
async def test_a_stripe_event_of_the_other_mode_is_refused(services: Services, tmp_path: Path,
                                                           keyring, clock, key, livemode):
    import json

    from tests.api.gateway_side import StripeKit, payment_services

    kit = StripeKit()
    shop = payment_services(services.store, tmp_path, keyring, clock, stripe_secret_key=key)
    topup = await kit.topup(shop)
    body = json.loads(kit.paid(topup, kit.payment_id()))
    body["livemode"] = livemode
    settled = await _send(shop, kit, json.dumps(body).encode())
    assert settled.outcome is Outcome.REFUSED
    assert await shop.wallet.balance(USER) == 0
    assert (await shop.payments.get(topup.id)).status is TopUpStatus.PENDING
    (event,) = await _events(shop)
    assert event.status is EventStatus.REFUSED
    await shop.close()


# --- item 11: Razorpay replays under new event ids ----------------------------------------------


async def test_razorpay_replays_with_new_event_ids_add_one_row_and_one_alert(services: Services):
    import dataclasses

    kit = RazorpayKit()
    ours = await kit.topup(services)
    not_ours = dataclasses.replace(ours, id="top_NotOurs", gateway_ref="plink_NotOurs0001")
    body = kit.paid(not_ours, "pay_Unmatched01")
    for n in range(5):
        headers = razorpay_headers(body, event_id=f"evt_Replay{n:08d}")
        settled = await services.payments.handle_webhook("razorpay", body, headers)
        assert settled.outcome is (Outcome.UNMATCHED if n == 0 else Outcome.DUPLICATE)
    assert len([e for e in await _events(services) if e.payment_id == "pay_Unmatched01"]) == 1
    assert len(await _messages(services, "staff-payment-unmatched")) == 1


# --- item 9: deeply nested signed JSON ----------------------------------------------------------


async def test_deeply_nested_signed_json_is_a_bad_payload_and_recorded(services: Services, kit):
    from core.errors import BadPayload

    body = b'{"a":' * 5_000 + b"1" + b"}" * 5_000
    with pytest.raises(BadPayload):
        await _send(services, kit, body)
    (event,) = await _events(services)
    assert event.type == "unreadable" and event.outcome == "bad-payload:too-deep"
    assert event.status is EventStatus.IGNORED


# --- item 21: raw bodies purged after the retention period --------------------------------------


async def test_raw_bodies_are_purged_after_the_retention_period_and_records_kept(
        services: Services, kit, clock):
    old = await _credited(services, kit)
    clock.advance(days=91)
    fresh = await _credited(services, kit, n=2)
    purged = await services.payments.purge_webhook_bodies(services.clock.now())
    assert purged == 1
    events = {e.topup_id: e for e in await _events(services)}
    assert events[old.id].body == "" and events[old.id].status is EventStatus.PROCESSED
    assert events[fresh.id].body.startswith("{")
    assert await services.payments.purge_webhook_bodies(services.clock.now()) == 0
