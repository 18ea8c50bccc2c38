"""Every button answered: the customer bot's whole menu, walked over the stand-in with the real
dispatcher — every command of its setMyCommands menu, then every inline button breadth-first,
typing a plausible value where a dialog asks — in English and in Russian. Any press left
unanswered, any error in the log or any reply in another language than the customer's fails."""

from __future__ import annotations

import asyncio
import logging

import pytest
from aiogram import Dispatcher, F, Router
from aiogram.filters import Command
from aiogram.types import (
    BotCommand,
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
)

from bot.commands import register_commands
from bot.factory import make_bot
from core.i18n import Translator
from core.models import Coupon, CouponKind, TotpPolicy
from standin import RateLimits, run_standin
from tests.api.gateway_side import razorpay_api, stripe_api
from tests.bot.harness import BOT_ID, TOKEN, Finished, Shop, running_shop
from tests.bot.walker import LanguageDetector, MenuWalker, WalkReport
from tests.contract.test_purchase_support import TOTP_SECRET

INPUTS = {"Dialog:topup_amount": "250", "Dialog:coupon": "HALF",
          "Dialog:support": "My login stopped working"}
EXPECTED_SCREENS = {  # a walk that misses one of these did not get deep enough
    "m:plans", "m:subs", "m:wallet", "m:orders", "m:support", "m:language", "m:help", "m:home",
    "m:topup", "pg:history:1", "pg:orders:1", "p:show:#", "p:buy:#", "p:coupon:#", "c:#:#::100",
    "s:show:#", "s:creds:#", "s:code:#", "s:qr:#", "s:renew:#", "s:auto_on:#", "s:auto_off:#",
    "ta:0",
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


async def test_the_walker_reports_what_a_customer_would_notice():
    """The walker itself bites: over a tiny bot whose buttons misbehave (one never answers its
    press, one replies in the wrong language, one fails), each is reported."""
    translator = Translator()
    router = Router()

    def menu() -> InlineKeyboardMarkup:
        labels = {"quiet": "Quiet", "wrong": "Wrong", "boom": "Boom", "fine": "Fine"}
        return InlineKeyboardMarkup(inline_keyboard=[[InlineKeyboardButton(
            text=label, callback_data=f"t:{data}")] for data, label in labels.items()])

    @router.message(Command("start"))
    async def start(message: Message) -> None:
        await message.answer(translator.text("en", "support-ask"), reply_markup=menu())

    @router.callback_query(F.data == "t:quiet")
    async def quiet(query: CallbackQuery) -> None:
        await query.message.edit_text(translator.text("en", "subs-empty"))  # never answered

    @router.callback_query(F.data == "t:wrong")
    async def wrong(query: CallbackQuery) -> None:
        await query.answer()
        await query.message.edit_text(translator.text("ru", "subs-empty"))

    @router.callback_query(F.data == "t:boom")
    async def boom(query: CallbackQuery) -> None:
        await query.answer()
        logging.getLogger("tiny-bot").error("the handler failed")

    @router.callback_query(F.data == "t:fine")
    async def fine(query: CallbackQuery) -> None:
        await query.answer(translator.text("en", "purchase-done-toast"))

    finished = Finished()
    dp = Dispatcher()
    dp.update.outer_middleware(finished)
    dp.include_router(router)
    async with run_standin(port=0, rate_limits=RateLimits.disabled()) as standin:
        bot = make_bot(TOKEN, standin.base_url)
        await bot.set_my_commands([BotCommand(command="start", description="Start")])
        standin.state.ensure_user(7401, first_name="T", language_code="en")
        polling = asyncio.create_task(dp.start_polling(bot, handle_signals=False,
                                                       polling_timeout=1))
        try:
            async def english() -> str:
                return "en"

            report = await MenuWalker(
                state=standin.state, bot_id=BOT_ID, user_id=7401, dispatcher=dp,
                handled=finished.wait, language_of=english, inputs={}, detector=DETECTOR,
                answer_timeout=1.0).walk()
        finally:
            await dp.stop_polling()
            await asyncio.wait_for(polling, 10)
            await bot.session.close()
    assert report.commands == ["start"]
    assert report.patterns == {"t:quiet", "t:wrong", "t:boom", "t:fine"}
    assert report.unanswered == ["t:quiet"]
    assert len(report.wrong_language) == 1 and "press t:wrong" in report.wrong_language[0]
    assert any("the handler failed" in e for e in report.errors)
