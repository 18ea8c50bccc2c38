"""Creating top-ups on every store, with the gateways faked only at the HTTP transport
(responses for Razorpay's requests-based SDK, respx for Stripe's httpx client)."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path
from urllib.parse import parse_qs

import httpx
import pytest
import requests
import responses
import respx
from httpx import Response

from core.bootstrap import Services
from core.errors import (
    GatewayDisabled,
    GatewayRejected,
    GatewayUnavailable,
    InvalidAmount,
    UserNotFound,
)
from core.models import TopUpStatus
from tests.api.gateway_side import (
    PUBLIC,
    RAZORPAY_BASE,
    RAZORPAY_KEY_ID,
    STRIPE_BASE,
    STRIPE_SECRET_KEY,
    USER,
    payment_settings,
    razorpay_api,
    stripe_api,
)


@pytest.fixture
def settings(tmp_path: Path):
    return payment_settings(tmp_path)


@pytest.fixture
async def customer(services: Services) -> int:
    await services.users.register(USER, first_name="Asha", language_code="hi")
    return USER


async def _all(services: Services):
    return await services.payments.list_topups(limit=100)


async def test_a_razorpay_topup_is_a_payment_link_carrying_our_id(services: Services,
                                                                  customer: int, clock):
    with razorpay_api() as api:
        checkout = await services.payments.create_topup(customer, 49_950, "razorpay",
                                                        intent_id="int_7")
        (call,) = list(api.calls)
    sent = json.loads(call.request.body)
    topup = checkout.topup
    assert call.request.url == f"{RAZORPAY_BASE}/v1/payment_links"
    assert sent["reference_id"] == topup.id and sent["notes"]["topup_id"] == topup.id
    assert (sent["amount"], sent["currency"], sent["accept_partial"]) == (49_950, "INR", False)
    assert sent["callback_url"] == f"{PUBLIC}/pay/return/razorpay"
    assert sent["callback_method"] == "get"
    assert sent["expire_by"] == int((clock.now() + timedelta(minutes=60)).timestamp())
    assert call.request.headers["Authorization"].startswith("Basic ")
    assert "subvault" in call.request.headers["User-Agent"]  # set_app_details
    assert checkout.pay_url.startswith("https://rzp.io/i/") and checkout.invoice is None
    stored = await services.payments.get(topup.id)
    assert stored.status is TopUpStatus.PENDING and stored.intent_id == "int_7"
    assert stored.gateway_ref.startswith("plink_") and stored.pay_url == checkout.pay_url
    assert (stored.amount, stored.currency, stored.gateway) == (49_950, "INR", "razorpay")


async def test_a_stripe_topup_is_a_checkout_session_carrying_our_id(services: Services,
                                                                    customer: int):
    with stripe_api() as api:
        checkout = await services.payments.create_topup(customer, 30_000, "stripe")
        request = api["create_session"].calls.last.request
    form = {k: v[0] for k, v in parse_qs(request.content.decode()).items()}
    topup = checkout.topup
    assert request.headers["Authorization"] == f"Bearer {STRIPE_SECRET_KEY}"
    assert request.headers["Idempotency-Key"] == f"topup-{topup.id}"
    assert form["mode"] == "payment"
    assert form["client_reference_id"] == topup.id and form["metadata[topup_id]"] == topup.id
    assert form["line_items[0][price_data][unit_amount]"] == "30000"
    assert form["line_items[0][price_data][currency]"] == "inr"
    assert form["success_url"] == (f"{PUBLIC}/pay/return/stripe?topup={topup.id}"
                                   "&session_id={CHECKOUT_SESSION_ID}")
    assert form["cancel_url"].startswith(f"{PUBLIC}/pay/return/stripe?topup={topup.id}")
    assert checkout.pay_url.startswith("https://checkout.stripe.com/")
    assert (await services.payments.get(topup.id)).gateway_ref.startswith("cs_test_")


@pytest.mark.parametrize("amount", [99, 5_000_001])
async def test_amounts_outside_the_limits_are_refused_with_the_limits(
        services: Services, customer: int, amount: int):
    with pytest.raises(InvalidAmount) as info:
        await services.payments.create_topup(customer, amount, "razorpay")
    assert info.value.params == {"amount": amount, "min": 100, "max": 5_000_000,
                                 "currency": "INR"}
    assert await _all(services) == []


@pytest.mark.parametrize("amount", [100.0, "500", True, 0, -500])
async def test_non_integer_or_non_positive_amounts_are_refused(services: Services,
                                                               customer: int, amount):
    with pytest.raises(InvalidAmount):
        await services.payments.create_topup(customer, amount, "stripe")
    assert await _all(services) == []


async def test_an_unknown_gateway_or_user_is_refused(services: Services, customer: int):
    with pytest.raises(GatewayDisabled):
        await services.payments.create_topup(customer, 1_000, "paypal")
    with pytest.raises(UserNotFound):
        await services.payments.create_topup(999, 1_000, "stars")
    assert await _all(services) == []


async def test_razorpay_down_gives_a_clear_error_and_leaves_no_pending_topup(
        services: Services, customer: int):
    with responses.RequestsMock() as api:
        api.add(responses.POST, f"{RAZORPAY_BASE}/v1/payment_links",
                body=requests.ConnectionError("connection refused"))
        with pytest.raises(GatewayUnavailable) as info:
            await services.payments.create_topup(customer, 10_000, "razorpay")
    assert info.value.code == "gateway-unavailable"
    (topup,) = await _all(services)
    assert topup.status is TopUpStatus.FAILED and topup.failure == "gateway-unavailable"
    assert await services.payments.list_topups(status=TopUpStatus.PENDING) == []


@pytest.mark.parametrize("status,body,error", [
    (500, {"error": {"code": "SERVER_ERROR", "description": "The server encountered an error."}},
     GatewayUnavailable),
    (502, "<html><body>502 Bad Gateway</body></html>", GatewayUnavailable),
    (400, {"error": {"code": "BAD_REQUEST_ERROR",
                     "description": "expire_by should be at least 15 minutes after current "
                                    "time"}}, GatewayRejected),
])
async def test_razorpay_errors_map_to_domain_errors(services: Services, customer: int,
                                                    status, body, error):
    with responses.RequestsMock() as api:
        payload = {"json": body} if isinstance(body, dict) else {"body": body}
        api.add(responses.POST, f"{RAZORPAY_BASE}/v1/payment_links", status=status, **payload)
        with pytest.raises(error):
            await services.payments.create_topup(customer, 10_000, "razorpay")
    (topup,) = await _all(services)
    assert topup.status is TopUpStatus.FAILED


async def test_stripe_down_is_retried_once_then_a_clear_error(services: Services,
                                                              customer: int):
    with respx.mock(base_url=STRIPE_BASE) as api:
        route = api.post("/v1/checkout/sessions").mock(
            side_effect=httpx.ConnectError("connection refused"))
        with pytest.raises(GatewayUnavailable):
            await services.payments.create_topup(customer, 10_000, "stripe")
    assert route.call_count == 2  # one retry, same idempotency key
    keys = {c.request.headers["Idempotency-Key"] for c in route.calls}
    assert len(keys) == 1
    (topup,) = await _all(services)
    assert topup.status is TopUpStatus.FAILED and topup.failure == "gateway-unavailable"


@pytest.mark.parametrize("status,error", [(500, GatewayUnavailable), (400, GatewayRejected)])
async def test_stripe_errors_map_to_domain_errors(services: Services, customer: int, status,
                                                  error):
    answer = {"error": {"type": "api_error" if status == 500 else "invalid_request_error",
                        "code": None if status == 500 else "parameter_invalid_integer",
                        "message": "Invalid integer: abc", "param": "line_items[0]"}}
    with respx.mock(base_url=STRIPE_BASE) as api:
        api.post("/v1/checkout/sessions").mock(return_value=Response(status, json=answer))
        with pytest.raises(error):
            await services.payments.create_topup(customer, 10_000, "stripe")
    assert (await _all(services))[0].status is TopUpStatus.FAILED


async def test_a_stars_topup_is_an_xtr_invoice_rounded_up_to_whole_stars(
        services: Services, customer: int):
    checkout = await services.payments.create_topup(customer, 1_050, "stars")
    invoice, topup = checkout.invoice, checkout.topup
    assert (invoice.currency, invoice.amount, invoice.payload) == ("XTR", 11, topup.id)
    assert (topup.amount, topup.currency) == (1_100, "INR")  # 11 stars × 100 paise
    assert (topup.gateway_amount, topup.gateway_currency) == (11, "XTR")
    assert checkout.pay_url == ""


async def test_listing_filters_by_status_and_user(services: Services, customer: int):
    await services.users.register(77, first_name="B")
    first = (await services.payments.create_topup(customer, 1_000, "stars")).topup
    await services.payments.create_topup(77, 2_000, "stars")
    with respx.mock(base_url=STRIPE_BASE) as api:
        api.post("/v1/checkout/sessions").mock(return_value=Response(503, json={}))
        with pytest.raises(GatewayUnavailable):
            await services.payments.create_topup(customer, 3_000, "stripe")
    mine = await services.payments.list_topups(user_id=customer)
    assert [t.amount for t in mine] == [3_000, 1_000]
    pending = await services.payments.list_topups(status=TopUpStatus.PENDING)
    assert {t.user_id for t in pending} == {customer, 77}
    assert first.id in {t.id for t in pending}


async def test_gateways_are_enabled_by_their_settings(tmp_path: Path, store, keyring, clock):
    from tests.api.gateway_side import payment_services

    only_stars = payment_services(store, tmp_path, keyring, clock, razorpay_key_id="",
                                  stripe_secret_key=None, sandbox_gateway=False)
    assert only_stars.payments.gateways == ("stars",)
    everything = payment_services(store, tmp_path, keyring, clock)
    assert set(everything.payments.gateways) == {"razorpay", "stripe", "stars", "sandbox"}
    assert RAZORPAY_KEY_ID  # configured through the settings, not the environment
