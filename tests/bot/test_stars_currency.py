"""Telegram Stars over the stand-in: a successful_payment in any currency other than the
invoice's (XTR) is parked for staff and credits nothing; the invoice as issued is credited."""

from __future__ import annotations

import asyncio

from core.models import TopUpStatus
from tests.bot.harness import BOT_ID, running_shop

USER = 7101


async def _stars_invoice(shop) -> dict:
    customer = shop.customer(USER, first_name="Noor")
    await customer.send("/start")
    await customer.send("/topup 250")
    await customer.press("Telegram Stars")
    message = customer.last()
    assert message["invoice"]["currency"] == "XTR" and message["invoice"]["total_amount"] == 250
    # the payload travels with the invoice but is not part of the Message object users see
    stored = shop.state.bots[BOT_ID].chats[USER].messages[message["message_id"]].invoice
    return {"total_amount": stored.total_amount, "payload": stored.payload}


async def _pay(shop, invoice: dict, currency: str, charge: str) -> None:
    action = shop.state.user_message(BOT_ID, USER, {"successful_payment": {
        "currency": currency, "total_amount": invoice["total_amount"],
        "invoice_payload": invoice["payload"], "telegram_payment_charge_id": charge,
        "provider_payment_charge_id": ""}})
    await shop.finished.wait(action.update_id)


async def _settled(services, status: TopUpStatus):
    for _ in range(100):
        (topup,) = await services.payments.list_topups(user_id=USER)
        if topup.status is status:
            return topup
        await asyncio.sleep(0.05)
    raise AssertionError(f"top-up still {topup.status}")


async def test_a_stars_payment_reported_in_another_currency_is_parked(tmp_path, keyring):
    async with running_shop(tmp_path, keyring) as shop:
        services = shop.services
        invoice = await _stars_invoice(shop)
        await _pay(shop, invoice, "USD", "stxcWrongCurrency1")
        held = await _settled(services, TopUpStatus.HELD)
        assert held.failure == "currency-mismatch"
        assert await services.wallet.balance(USER) == 0
        assert (await services.wallet.statement(USER)).total_entries == 0
        templates = [m.template for m in await services.outbox.recent(20)]
        assert "staff-topup-held" in templates and "topup-credited" not in templates


async def test_a_stars_payment_in_stars_is_credited(tmp_path, keyring):
    async with running_shop(tmp_path, keyring) as shop:
        invoice = await _stars_invoice(shop)
        await _pay(shop, invoice, "XTR", "stxcRightCurrency1")
        await _settled(shop.services, TopUpStatus.CREDITED)
        assert await shop.services.wallet.balance(USER) == 25_000
