"""What the scheduled jobs send, over HTTP through the real sender and the stand-in: a reminder
in the customer's language whose Renew and Top up buttons lead to the customer bot's renew and
top-up screens, and a shortfall reminder whose button tops up the shortfall."""

from __future__ import annotations

from datetime import timedelta

from bot.customer.callbacks import Menu, Sub, TopupAmount
from bot.sender import OutboxSender
from core.services.reminders import (
    RENEW_CALLBACK,
    TOPUP_AMOUNT_CALLBACK,
    TOPUP_CALLBACK,
    ReminderService,
)
from core.services.renewals import RenewalService
from tests.bot.harness import running_shop


def test_the_callback_data_core_writes_is_the_customer_bots():
    renew = Sub.unpack(RENEW_CALLBACK.format(subscription_id="sub_0123456789abcdefghij"))
    assert (renew.action, renew.sub) == ("renew", "sub_0123456789abcdefghij")
    assert Menu.unpack(TOPUP_CALLBACK).to == "topup"
    assert TopupAmount.unpack(TOPUP_AMOUNT_CALLBACK.format(amount=7_000)).amount == 7_000


async def _buy_short_plan(services, user_id: int, *, days: int = 2, extra: int = 0,
                         plan: str = "Premium"):
    product = await services.catalog.add(actor="test", platform="Netflix", plan=plan,
                                         price=29_900, duration_days=days)
    assert (await services.stock.import_items(product.id, f"{plan}@x.io:pw-n-1\n",
                                              actor="test", fmt="lines")).ok
    await services.wallet.credit(user_id, 29_900 + extra, key=f"seed:{user_id}:{plan}",
                                 reason="topup")
    return (await services.purchases.purchase(user_id, product.id,
                                              intent_id=f"b-{plan}")).subscription


def _now_showing(customer, message) -> str:
    (now,) = [m for m in customer.bot_messages() if m["message_id"] == message["message_id"]]
    return now["text"]


async def test_reminder_in_the_customers_language_leads_to_renew_and_top_up(tmp_path, keyring):
    async with running_shop(tmp_path, keyring) as shop:
        services = shop.services
        sender = OutboxSender(services.outbox, services.users, {"customer": shop.bot},
                              shop.translator)
        ivan = shop.customer(7101, first_name="Ivan", language_code="ru")
        await ivan.send("/start")
        await sender.run_once()
        await _buy_short_plan(services, 7101, plan="Premium")
        await _buy_short_plan(services, 7101, plan="Basic")
        job = ReminderService(services.store, services.clock, services.ids,
                              offsets=services.settings.reminder_offsets, currency="INR")
        assert await job.run() == 2
        await sender.run_once()
        first, second = [m for m in ivan.bot_messages() if "заканчивается" in (m["text"] or "")]
        assert "Netflix Premium" in first["text"] and "₹299.00" in first["text"]
        assert "через 2 дня" in first["text"] and "Netflix Basic" in second["text"]
        labels = [b["text"] for b in ivan.buttons(first)]
        assert len(labels) == 2 and all(labels)
        renew_label, topup_label = labels
        await ivan.press(renew_label, message=first)
        # the renewal's confirm screen, in Russian (the bot edits the pressed message)
        confirm = _now_showing(ivan, first)
        assert "Netflix Premium" in confirm and "₹299.00" in confirm and "Итого" in confirm
        await ivan.press(topup_label, message=second)
        assert shop.translator.text("ru", "topup-pick-amount") in (
            _now_showing(ivan, second), ivan.last()["text"])


async def test_shortfall_reminder_tops_up_the_shortfall(tmp_path, keyring):
    async with running_shop(tmp_path, keyring) as shop:
        services = shop.services
        sender = OutboxSender(services.outbox, services.users, {"customer": shop.bot},
                              shop.translator)
        asha = shop.customer(7102, first_name="Asha")
        await asha.send("/start")
        sub = await _buy_short_plan(services, 7102, days=1, extra=9_900)
        await services.subscriptions.set_auto_renew(7102, sub.id, True)
        job = RenewalService(services.store, services.clock, services.ids, services.purchases,
                             ahead=timedelta(hours=24), currency="INR",
                             min_topup=services.payments.config.topup_min)
        assert (await job.run()).short == 1
        await sender.run_once()
        short = asha.last()
        assert "₹200.00" in short["text"] and "₹99.00" in short["text"]
        await asha.press("Top up", message=short)
        choose = shop.translator.text("en", "topup-choose-gateway", amount="₹200.00")
        assert choose in (_now_showing(asha, short), asha.last()["text"])
        assert await services.wallet.balance(7102) == 9_900
