"""A new customer, end to end over HTTP: /start → language → top-up (webhook signed by the
test) → buy → credentials → code → QR (decoded back to the URI) → renew → a refund notice."""

from __future__ import annotations

import io

import cv2
import httpx
import numpy as np
import pyotp

from api import create_app
from bot.sender import OutboxSender
from core.models import TotpPolicy
from tests.api.gateway_side import PUBLIC, RazorpayKit, razorpay_api
from tests.bot.harness import BOT_ID, running_shop

SEED = "JBSWY3DPEHPK3PXPJBSWY3DP"


async def _seed_plan(services) -> str:
    product = await services.catalog.add(
        actor="test", platform="Netflix", plan="Premium", price=29_900, duration_days=30,
        description="4K, 4 screens", totp_policy=TotpPolicy.CODES_AND_QR, qr_export_limit=2)
    report = await services.stock.import_items(
        product.id, f"user1@example.com,pa55-word-1,shared profile 2,{SEED}\n"
                    f"user2@example.com,pa55-word-2,,{SEED}\n", actor="test", fmt="csv")
    assert report.ok
    return product.id


def _decode_qr(png: bytes) -> str:
    image = cv2.imdecode(np.frombuffer(png, np.uint8), cv2.IMREAD_GRAYSCALE)
    text, _, _ = cv2.QRCodeDetector().detectAndDecode(image)
    return text


async def test_new_customer_journey(tmp_path, keyring):
    async with running_shop(tmp_path, keyring, credential_autodelete_seconds=120) as shop:
        services = shop.services
        await _seed_plan(services)
        sender = OutboxSender(services.outbox, services.users, {"customer": shop.bot},
                              shop.translator)
        asha = shop.customer(5001, first_name="Asha", language_code="hi")

        welcome = await asha.send("/start")
        assert "Asha" in welcome["text"] and len(asha.buttons(welcome)) == 7
        assert (await services.users.get(5001)).language == "hi"

        await asha.press("🌐")
        await asha.press("English")
        assert "what would you like to do" in asha.last()["text"]
        assert (await services.users.get(5001)).language == "en"

        # Top up ₹500 with Razorpay; the gateway calls our webhook, signed like Razorpay.
        await asha.press("💰")
        assert "₹0.00" in asha.last()["text"]
        await asha.press("Top up")
        await asha.press("₹1,000.00")
        with razorpay_api():
            await asha.press("Razorpay")
        assert asha.url_button("Pay").startswith("https://rzp.io/")
        (topup,) = await services.payments.list_topups(user_id=5001)
        kit = RazorpayKit()
        body = kit.paid(topup, kit.payment_id(1))
        app = create_app(services)
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app), base_url=PUBLIC) as web:
            answer = await web.post("/webhooks/razorpay", content=body,
                                    headers=kit.sign(body, services.clock.now()))
        assert answer.status_code == 200
        await sender.run_once()
        assert "₹1,000.00 was added to your wallet" in asha.last()["text"]

        # Buy: plans → plan → buy → confirm shows the balance after → credentials.
        await asha.send("/plans")
        await asha.press("Netflix Premium")
        assert "₹299.00" in asha.last()["text"] and "30 days" in asha.last()["text"]
        await asha.press("Buy")
        assert "after purchase: ₹701.00" in asha.last()["text"]
        confirm = asha.last()
        await asha.press("Confirm")
        credentials = asha.last()
        assert "pa55-word-" in credentials["text"] and credentials["protected"]
        assert "deletes itself in 2 min" in credentials["text"]
        assert await services.wallet.balance(5001) == 70_100
        # The same confirm button again (a redelivered tap from the old screen) buys once.
        await asha.press_data(asha.buttons(confirm)[0]["callback_data"], confirm["message_id"],
                              raw=True)
        assert await services.wallet.balance(5001) == 70_100
        assert len(await services.orders.for_user(5001)) == 1

        # My subscriptions → code → QR.
        (owned,) = await services.subscriptions.list_for_user(5001)
        await asha.send("/subs")
        await asha.press("Netflix Premium")
        await asha.press("Get code")
        code_text = asha.last()["text"]
        assert any(pyotp.TOTP(SEED).at(services.clock.now().timestamp() + d) in code_text
                   for d in (-30, 0, 30))
        await asha.press("Back")
        await asha.press("QR")
        photo = asha.last()
        assert photo["photo_file_id"] and photo["protected"]
        file = await shop.bot.get_file(photo["photo_file_id"])
        buffer = io.BytesIO()
        await shop.bot.download_file(file.file_path, buffer)
        uri = _decode_qr(buffer.getvalue())
        assert uri.startswith("otpauth://totp/") and f"secret={SEED}" in uri

        # Renew: 30 more days on top of the current end.
        ends_before = owned.subscription.ends_at
        await asha.send("/subs")
        await asha.press("Netflix Premium")
        await asha.press("Renew")
        await asha.press("Confirm")
        renewed = await services.subscriptions.get(owned.subscription.id)
        assert (renewed.ends_at - ends_before).days == 30
        assert await services.wallet.balance(5001) == 40_200

        # Staff refund the first order: the customer is told.
        first_order = (await services.orders.for_user(5001))[-1]
        await services.orders.refund(first_order.id, actor="admin:1")
        await sender.run_once()
        assert "was refunded" in asha.last()["text"]
        assert shop.state.stats(BOT_ID)["unanswered"] == 0
