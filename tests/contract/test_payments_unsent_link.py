"""A gateway that made the payment link but never answered: the link is cancelled there, so no
customer can pay a top-up we recorded as failed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import requests
import responses

from core.errors import GatewayUnavailable
from core.services.payments import TopUpStatus
from tests.api.gateway_side import RAZORPAY_BASE, USER, payment_settings


@pytest.fixture
def settings(tmp_path: Path):
    return payment_settings(tmp_path)


async def test_a_link_made_after_a_timeout_is_cancelled_at_the_gateway(services):
    await services.users.register(USER)
    cancelled: list[str] = []
    with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:
        rsps.add(responses.POST, f"{RAZORPAY_BASE}/v1/payment_links",
                 body=requests.exceptions.ReadTimeout("the gateway took too long"))

        def listed(request):
            reference = request.params.get("reference_id", "")
            links = [{"id": "plink_late1", "status": "created", "reference_id": reference}]
            return 200, {"Content-Type": "application/json"}, json.dumps({"payment_links": links})

        def cancel(request):
            cancelled.append(request.url.rsplit("/", 2)[-2])
            return 200, {"Content-Type": "application/json"}, \
                json.dumps({"id": "plink_late1", "status": "cancelled"})

        rsps.add_callback(responses.GET, f"{RAZORPAY_BASE}/v1/payment_links", callback=listed)
        rsps.add_callback(responses.POST, f"{RAZORPAY_BASE}/v1/payment_links/plink_late1/cancel",
                          callback=cancel)
        with pytest.raises(GatewayUnavailable):
            await services.payments.create_topup(USER, 10_000, "razorpay")
    assert cancelled == ["plink_late1"]
    (topup,) = await services.payments.list_topups(user_id=USER)
    assert (topup.status, topup.failure) == (TopUpStatus.FAILED, "gateway-unavailable")
    assert [m for m in await services.outbox.recent(10)
            if m.template == "staff-topup-cancel-checkout"] == []


async def test_a_link_that_cannot_be_cancelled_now_is_left_to_staff(services):
    await services.users.register(USER)
    with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:
        rsps.add(responses.POST, f"{RAZORPAY_BASE}/v1/payment_links",
                 body=requests.exceptions.ReadTimeout("the gateway took too long"))
        rsps.add(responses.GET, f"{RAZORPAY_BASE}/v1/payment_links",
                 body=requests.exceptions.ConnectionError("still down"))
        with pytest.raises(GatewayUnavailable):
            await services.payments.create_topup(USER, 10_000, "razorpay")
    (topup,) = await services.payments.list_topups(user_id=USER)
    assert topup.status is TopUpStatus.FAILED
    (alert,) = [m for m in await services.outbox.recent(10)
                if m.template == "staff-topup-cancel-checkout"]
    assert alert.params["topup_id"] == topup.id and alert.audience == "staff"
