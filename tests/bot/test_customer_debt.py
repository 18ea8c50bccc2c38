"""A wallet in debt after a refund at the gateway, as the customer meets it in the bot."""

from __future__ import annotations

from core.services.wallet import Posting, post
from tests.bot.harness import running_shop


async def _refunded_at_gateway(services, user_id: int, amount: int) -> None:
    """What a dashboard refund does to a wallet whose money was spent (see settle.refunded)."""
    await services.store.transaction(lambda tx: post(
        tx, Posting(user_id, -amount, f"gateway-refund:razorpay:rfnd_{user_id}",
                    "gateway-refund"),
        currency="INR", clock=services.clock, ids=services.ids, allow_negative=True))


async def test_a_customer_in_debt_is_told_what_is_owed_and_buys_after_a_topup(tmp_path,
                                                                               keyring):
    async with running_shop(tmp_path, keyring) as shop:
        services = shop.services
        product = await services.catalog.add(actor="test", platform="YouTube", plan="Premium",
                                             price=20_000, duration_days=30)
        assert (await services.stock.import_items(product.id, "yt@x.io:pw-yt-1\n",
                                                  actor="test", fmt="lines")).ok
        dev = shop.customer(7101, first_name="Dev")
        await dev.send("/start")
        await services.wallet.credit(7101, 5_000, key="seed", reason="topup")
        await _refunded_at_gateway(services, 7101, 8_000)
        await dev.send("/plans")
        await dev.press("YouTube Premium")
        answer = await dev.press("Buy")
        shown = answer.get("text") or dev.last()["text"]
        assert "owes ₹30.00" in shown and "Top up first" in shown
        assert await services.orders.for_user(7101) == []

        await services.wallet.credit(7101, 23_000, key="later", reason="topup")
        assert await services.wallet.balance(7101) == 20_000
        await dev.send("/plans")
        await dev.press("YouTube Premium")
        await dev.press("Buy")
        await dev.press("Confirm")
        (order,) = await services.orders.for_user(7101)
        assert order.amount == 20_000 and await services.wallet.balance(7101) == 0
