"""Wrong input gets a clear answer and changes nothing; every press and message is answered."""

from __future__ import annotations

from datetime import timedelta

from core.models import Coupon, CouponKind
from tests.bot.harness import BOT_ID, running_shop


async def _plan(services, price: int = 29_900) -> str:
    product = await services.catalog.add(actor="test", platform="Spotify", plan="Family",
                                         price=price, duration_days=30)
    report = await services.stock.import_items(product.id, "a@x.io:secret-one\nb@x.io:two\n",
                                               actor="test", fmt="lines")
    assert report.ok
    return product.id


async def test_unknown_command_and_free_text_get_a_hint_and_the_menu(tmp_path, keyring):
    async with running_shop(tmp_path, keyring) as shop:
        ravi = shop.customer(6001)
        await ravi.send("/start")
        reply = await ravi.send("/frobnicate")
        assert "don't know that command" in reply["text"] and len(ravi.buttons(reply)) == 7
        reply = await ravi.send("hello there")
        assert "use the menu" in reply["text"]
        assert shop.state.stats(BOT_ID)["unanswered"] == 0


async def test_bad_amounts_get_clear_answers_and_create_nothing(tmp_path, keyring):
    async with running_shop(tmp_path, keyring) as shop:
        ravi = shop.customer(6002)
        await ravi.send("/start")
        assert "not a valid amount" in (await ravi.send("/topup lots")).get("text", "")
        assert "not a valid amount" in (await ravi.send("/topup -5")).get("text", "")
        reply = await ravi.send("/topup 99999999")
        assert "from ₹1.00 to ₹50,000.00" in reply["text"]  # the range is named
        await ravi.send("/wallet")
        await ravi.press("Top up")
        await ravi.press("Other amount")
        assert "from ₹1.00 to ₹50,000.00" in ravi.last()["text"]
        assert "not a valid amount" in (await ravi.send("twelve"))["text"]
        assert "not a valid amount" in (await ravi.send("9" * 4000))["text"]
        reply = await ravi.send("250")
        assert "Top up ₹250.00 with" in reply["text"]
        assert await shop.services.payments.list_topups(user_id=6002) == []
        assert await shop.services.wallet.balance(6002) == 0


async def test_expired_coupon_is_refused_and_nothing_is_bought(tmp_path, keyring):
    async with running_shop(tmp_path, keyring) as shop:
        services = shop.services
        product_id = await _plan(services)
        await services.coupons.add(Coupon(
            code="GONE", kind=CouponKind.PERCENT, value=1000,
            expires_at=services.clock.now() - timedelta(days=1)), actor="test")
        await services.users.register(6003, first_name="Ravi")
        await services.wallet.credit(6003, 100_000, key="seed", reason="topup")
        ravi = shop.customer(6003)
        await ravi.send("/plans")
        await ravi.press("Spotify Family")
        await ravi.press("Coupon")
        reply = await ravi.send("GONE")
        assert "coupon cannot be used" in reply["text"]
        assert await services.orders.for_user(6003) == []
        assert await services.wallet.balance(6003) == 100_000
        (level,) = await services.stock.levels([product_id])
        assert (level.available_items, level.sold_items) == (2, 0)  # nothing was claimed
        assert (await services.coupons.get("GONE")).used == 0
        assert (await services.wallet.statement(6003)).total_entries == 1  # only the seed


async def test_old_forged_and_foreign_buttons_are_answered_and_change_nothing(tmp_path, keyring):
    async with running_shop(tmp_path, keyring) as shop:
        services = shop.services
        product_id = await _plan(services)
        for user_id in (6004, 6005):
            await services.users.register(user_id)
            await services.wallet.credit(user_id, 100_000, key=f"seed{user_id}", reason="topup")
        owner = await services.purchases.purchase(6004, product_id, intent_id="int_owner")
        mallory = shop.customer(6005)
        await mallory.send("/start")
        answer = await mallory.press_data(f"s:creds:{owner.subscription.id}", raw=True)
        assert "could not find that subscription" in answer["text"]
        assert "secret-one" not in str(mallory.transcript())
        answer = await mallory.press_data("zz:nonsense", raw=True)
        assert answer["text"] == "This button is no longer active."
        assert len(await services.orders.for_user(6005)) == 0
        assert shop.state.stats(BOT_ID)["unanswered"] == 0


async def test_out_of_stock_purchase_is_refused_without_a_debit(tmp_path, keyring):
    async with running_shop(tmp_path, keyring) as shop:
        services = shop.services
        product = await services.catalog.add(actor="test", platform="Disney", plan="Basic",
                                             price=10_000, duration_days=30)
        await services.users.register(6006)
        await services.wallet.credit(6006, 50_000, key="seed", reason="topup")
        ravi = shop.customer(6006)
        await ravi.send("/plans")
        await ravi.press("Disney Basic")
        assert "Sold out" in ravi.last()["text"]
        answer = await ravi.press_data(f"p:buy:{product.id}", raw=True)
        assert "sold out" in answer["text"]
        assert await services.wallet.balance(6006) == 50_000


async def test_flooding_is_throttled_with_one_warning_and_answered_presses(tmp_path, keyring):
    async with running_shop(tmp_path, keyring, throttle=(0.2, 3)) as shop:
        ravi = shop.customer(6007)
        await ravi.send("/start")
        await ravi.send("/help")
        await ravi.send("/help")
        warned = await ravi.send("/help")
        assert "Too fast" in warned["text"]
        answer = await ravi.press("Menu")
        assert "Too fast" in answer["text"]
        assert shop.state.stats(BOT_ID)["unanswered"] == 0
