"""Return pages, the sandbox's payment page, health and metrics (SQLite only)."""

from __future__ import annotations

import respx
from httpx import Response

from core.models import TopUpStatus
from tests.api.gateway_side import (
    METRICS_AUTH,
    STRIPE_BASE,
    USER,
    RazorpayKit,
    StripeKit,
    rzp_return_params,
    stripe_session,
)


async def test_the_razorpay_return_page_verifies_credits_and_speaks_the_users_language(
        client, api_services):
    topup = await RazorpayKit().topup(api_services, 49_950)
    await api_services.users.set_language(USER, "hi")
    page = await client.get("/pay/return/razorpay", params=rzp_return_params(topup, "pay_1"))
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert '<html lang="hi">' in page.text
    assert "भुगतान मिल गया" in page.text and "₹499.50" in page.text
    assert 'href="https://t.me/subvault_test_bot"' in page.text
    assert (await api_services.payments.get(topup.id)).status is TopUpStatus.CREDITED


async def test_a_forged_razorpay_redirect_credits_nothing(client, api_services):
    topup = await RazorpayKit().topup(api_services)
    params = rzp_return_params(topup, "pay_1", secret="guessed")
    page = await client.get("/pay/return/razorpay", params=params,
                            headers={"Accept-Language": "ru-RU,ru;q=0.9"})
    assert page.status_code == 200
    assert "Подтверждаем оплату" not in page.text  # the user's language (en) wins
    assert "Confirming your payment" in page.text
    assert await api_services.wallet.balance(USER) == 0


async def test_the_stripe_return_page_asks_stripe_and_credits(client, api_services):
    topup = await StripeKit().topup(api_services)
    with respx.mock(base_url=STRIPE_BASE) as stripe:
        stripe.get(f"/v1/checkout/sessions/{topup.gateway_ref}").mock(return_value=Response(
            200, json=stripe_session(topup, payment_intent="pi_Back")))
        page = await client.get("/pay/return/stripe", params={
            "topup": topup.id, "session_id": topup.gateway_ref})
    assert "Payment received" in page.text and "₹500.00" in page.text
    assert (await api_services.payments.get(topup.id)).payment_id == "pi_Back"


async def test_a_cancelled_stripe_checkout_shows_the_failed_page(client, api_services):
    topup = await StripeKit().topup(api_services)
    page = await client.get("/pay/return/stripe", params={"topup": topup.id, "cancelled": "1"})
    assert "Payment not completed" in page.text
    assert "Back to the bot" in page.text


async def test_an_unknown_topup_shows_a_pending_page_with_404(client):
    page = await client.get("/pay/return/sandbox", params={"topup": "top_nope", "lang": "bg"})
    assert page.status_code == 404 and "Потвърждаваме плащането" in page.text


async def test_the_sandbox_flow_pays_through_our_own_signed_webhook(client, api_services):
    await api_services.users.register(USER, first_name="Dev", language_code="ru")
    checkout = await api_services.payments.create_topup(USER, 25_000, "sandbox")
    assert checkout.pay_url == f"https://shop.example/sandbox/pay/{checkout.topup.id}"
    page = await client.get(f"/sandbox/pay/{checkout.topup.id}")
    assert "Оплатить ₹250.00" in page.text and "/pay\"" in page.text
    pressed = await client.post(f"/sandbox/pay/{checkout.topup.id}/pay")
    assert pressed.status_code == 303
    assert pressed.headers["location"] == f"/pay/return/sandbox?topup={checkout.topup.id}"
    done = await client.get(pressed.headers["location"])
    assert "Оплата получена" in done.text
    assert await api_services.wallet.balance(USER) == 25_000
    events = await api_services.store.read(lambda tx: tx.webhook_events.recent(5))
    assert [e.gateway for e in events] == ["sandbox"]
    again = await client.post(f"/sandbox/pay/{checkout.topup.id}/pay")
    assert again.status_code == 303
    assert await api_services.wallet.balance(USER) == 25_000


async def test_declining_in_the_sandbox_fails_the_topup(client, api_services):
    await api_services.users.register(USER, first_name="Dev")
    checkout = await api_services.payments.create_topup(USER, 5_000, "sandbox")
    pressed = await client.post(f"/sandbox/pay/{checkout.topup.id}/decline")
    done = await client.get(pressed.headers["location"])
    assert "Payment not completed" in done.text
    assert (await api_services.payments.get(checkout.topup.id)).status is TopUpStatus.FAILED


async def test_health_readiness_and_metrics(client):
    assert (await client.get("/healthz")).json() == {"status": "ok", "jobs_heartbeat_age_s": None}
    assert (await client.get("/readyz")).json() == {"status": "ready"}
    metrics = await client.get("/metrics", headers=METRICS_AUTH)
    assert metrics.headers["content-type"].startswith("text/plain")
    assert "subvault_http_request_duration_seconds_bucket" in metrics.text
    assert 'route="/readyz"' in metrics.text
