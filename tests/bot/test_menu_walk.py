"""Every button answered: the customer bot's whole menu, walked over the stand-in with the real
dispatcher — every command of its setMyCommands menu, then every inline button breadth-first,
typing a plausible value where a dialog asks — in English and in Russian. Any press left
unanswered, any error in the log or any reply in another language than the customer's fails."""

from __future__ import annotations

import pytest

from bot.commands import register_commands
from core.i18n import Translator
from core.models import Coupon, CouponKind, TotpPolicy
from tests.api.gateway_side import razorpay_api, stripe_api
from tests.bot.harness import BOT_ID, Shop, running_shop
from tests.bot.walker import LanguageDetector, MenuWalker, WalkReport
from tests.contract.test_purchase_support import TOTP_SECRET

INPUTS = {"Dialog:topup_amount": "250", "Dialog:coupon": "HALF",
          "Dialog:support": "My login stopped working"}
EXPECTED_SCREENS = {  # a walk that misses one of these did not get deep enough
    "m:plans", "m:subs", "m:wallet", "m:orders", "m:support", "m:language", "m:help", "m:home",
    "m:topup", "pg:history:1", "pg:orders:1", "p:show:#", "p:buy:#", "p:coupon:#", "c:#:#:",
    "s:show:#", "s:creds:#", "s:code:#", "s:qr:#", "s:renew:#", "s:auto_on:#", "ta:0",
    "ta:#", "tp:#:stars", "tp:#:razorpay", "tp:#:stripe", "l:en", "l:ru",
}


async def _seed(shop: Shop, user_id: int, language: str) -> None:
    """A shop with plans in stock, a coupon, and a customer with money, orders (more than one
    page), a wallet history (more than one page) and a live subscription with 2FA codes."""
    services = shop.services
    plans = await services.catalog.list(active_only=False)
    if not plans:
        totp = await services.catalog.add(actor="test", platform="YouTube", plan="Premium",
                                          price=10_000, duration_days=30,
                                          totp_policy=TotpPolicy.CODES_AND_QR, qr_export_limit=3)
        cheap = await services.catalog.add(actor="test", platform="Spotify", plan="Duo",
                                           price=100, duration_days=30)
        lines = "".join(f"yt{n}@x.io|pw-yt-{n}|note|{TOTP_SECRET}\n" for n in range(24))
        assert (await services.stock.import_items(totp.id, lines, actor="test")).ok
        lines = "".join(f"sp{n}@x.io|pw-sp-{n}\n" for n in range(30))
        assert (await services.stock.import_items(cheap.id, lines, actor="test")).ok
        await services.coupons.add(Coupon(code="HALF", kind=CouponKind.PERCENT, value=5_000),
                                   actor="test")
        plans = await services.catalog.list(active_only=False)
    totp, cheap = sorted(plans, key=lambda p: -p.price)
    shop.state.ensure_user(user_id, first_name="Walker", language_code=language)
    await services.users.register(user_id, first_name="Walker", language_code=language)
    for n in range(10):
        await services.wallet.credit(user_id, 50_000, key=f"seed:{user_id}:{n}", reason="topup")
    for n in range(9):  # every subscription has 2FA codes, whichever one the walk opens
        await services.purchases.purchase(user_id, totp.id, intent_id=f"seed-{user_id}-{n}")
    assert cheap.price < totp.price


async def _walk(shop: Shop, user_id: int) -> WalkReport:
    async def language() -> str:
        return (await shop.services.users.get(user_id)).language

    walker = MenuWalker(state=shop.state, bot_id=BOT_ID, user_id=user_id, dispatcher=shop.dp,
                        handled=shop.finished.wait, language_of=language, inputs=INPUTS,
                        detector=DETECTOR, press_last=("l:",), max_presses=120)
    return await walker.walk()


DETECTOR = LanguageDetector()


@pytest.fixture
async def shop(tmp_path, keyring):
    async with running_shop(tmp_path, keyring) as running:
        await register_commands(running.bot, running.translator)
        yield running


@pytest.mark.parametrize("language,user_id", [("en", 7301), ("ru", 7302)])
async def test_every_command_and_button_is_answered_in_the_customers_language(
        shop, language, user_id):
    await _seed(shop, user_id, language)
    with razorpay_api(), stripe_api():
        report = await _walk(shop, user_id)

    assert report.language == language
    assert report.problems() == []
    assert set(report.commands) >= {"start", "plans", "subs", "wallet", "topup", "orders",
                                    "support", "language", "help"}
    assert report.patterns >= EXPECTED_SCREENS, sorted(EXPECTED_SCREENS - report.patterns)
    assert {state for state, _ in report.typed} == set(INPUTS)
    assert len(report.links) >= 2 and report.invoices >= 1  # pay links recorded, not followed
    assert report.left_unpressed == []
    assert shop.state.stats(BOT_ID)["unanswered_update_ids"] == []


def test_the_detector_tells_the_languages_apart():
    translator = Translator()
    for key in ("subs-empty", "support-ask", "purchase-done-toast"):
        english, russian = translator.text("en", key), translator.text("ru", key)
        assert DETECTOR.problem(english, "en") == "" and DETECTOR.problem(russian, "ru") == ""
        assert DETECTOR.problem(english, "ru") != "" and DETECTOR.problem(russian, "en") != ""
    assert DETECTOR.problem(translator.text("bg", "support-ask"), "ru") == "reads as bg"
    assert DETECTOR.problem("Hello there, friend", "en") == "matches no locale text"
