"""The webhook routes over HTTP (in-process), on SQLite: status codes, dedupe and metrics."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from core.bootstrap import Services
from core.models import TopUpStatus
from tests.api.conftest import build_client
from tests.api.gateway_side import (
    KITS,
    METRICS_AUTH,
    USER,
    RazorpayKit,
    StripeKit,
    rzp_return_params,
)


@pytest.fixture(params=KITS, ids=lambda kit: kit.name)
def kit(request: pytest.FixtureRequest):
    return request.param


async def _post(client: httpx.AsyncClient, services: Services, kit, body: bytes, **sign):
    headers = kit.sign(body, services.clock.now(), **sign)
    return await client.post(f"/webhooks/{kit.name}", content=body, headers=headers)


def _metric(text: str, name: str, **labels: str) -> float:
    wanted = ",".join(f'{k}="{v}"' for k, v in sorted(labels.items()))
    for line in text.splitlines():
        if line.startswith(f"{name}{{") and "{" + wanted + "}" in line:
            return float(line.rsplit(" ", 1)[1])
    return 0.0


async def test_a_valid_callback_credits_and_answers_200(client, api_services, kit):
    topup = await kit.topup(api_services)
    answer = await _post(client, api_services, kit, kit.paid(topup, kit.payment_id()))
    assert answer.status_code == 200 and answer.json() == {"status": "credited"}
    assert await api_services.wallet.balance(USER) == 50_000
    metrics = (await client.get("/metrics", headers=METRICS_AUTH)).text
    assert _metric(metrics, "subvault_webhooks_total", gateway=kit.name,
                   outcome="credited") == 1
    assert _metric(metrics, "subvault_topups_credited_total", gateway=kit.name) == 1
    assert _metric(metrics, "subvault_http_request_duration_seconds_count", method="POST",
                   route=f"/webhooks/{kit.name}") == 1


async def test_the_same_callback_ten_times_at_once_credits_once(client, api_services, kit):
    topup = await kit.topup(api_services)
    body = kit.paid(topup, kit.payment_id())
    answers = await asyncio.gather(*(_post(client, api_services, kit, body)
                                     for _ in range(10)))
    assert {a.status_code for a in answers} == {200}
    assert sorted(a.json()["status"] for a in answers).count("credited") == 1
    assert await api_services.wallet.balance(USER) == 50_000


async def test_one_changed_byte_answers_400_and_stores_nothing(client, api_services, kit):
    topup = await kit.topup(api_services)
    body = kit.paid(topup, kit.payment_id())
    headers = kit.sign(body, api_services.clock.now())
    tampered = body.replace(b'"status"', b'"stbtus"', 1)
    answer = await client.post(f"/webhooks/{kit.name}", content=tampered, headers=headers)
    assert answer.status_code == 400 and answer.json() == {"error": "invalid-signature"}
    assert kit.secret not in answer.text
    stored = await api_services.store.read(lambda tx: tx.webhook_events.recent(5))
    assert stored == []
    metrics = (await client.get("/metrics", headers=METRICS_AUTH)).text
    assert _metric(metrics, "subvault_webhooks_total", gateway=kit.name,
                   outcome="invalid-signature") == 1


@pytest.mark.parametrize("skew", [-301, 301])
async def test_a_stripe_callback_301_seconds_off_answers_400(client, api_services, skew):
    kit = StripeKit()
    topup = await kit.topup(api_services)
    answer = await _post(client, api_services, kit, kit.paid(topup, kit.payment_id()),
                         skew=skew)
    assert answer.status_code == 400
    assert await api_services.wallet.balance(USER) == 0


async def test_an_unknown_event_type_answers_200_and_is_ignored(client, api_services, kit):
    topup = await kit.topup(api_services)
    answer = await _post(client, api_services, kit, kit.unknown_type(topup))
    assert answer.status_code == 200 and answer.json() == {"status": "ignored"}


async def test_a_mismatched_amount_answers_200_parked(client, api_services, kit):
    topup = await kit.topup(api_services)
    answer = await _post(client, api_services, kit,
                         kit.paid(topup, kit.payment_id(), amount=1))
    assert answer.json() == {"status": "parked"}
    assert (await api_services.payments.get(topup.id)).status is TopUpStatus.HELD


async def test_a_store_that_is_down_answers_503_so_the_gateway_retries(client, api_services,
                                                                       kit):
    topup = await kit.topup(api_services)
    body = kit.paid(topup, kit.payment_id())
    await api_services.store.close()
    answer = await _post(client, api_services, kit, body)
    assert answer.status_code == 503 and answer.headers["Retry-After"] == "30"
    assert (await client.get("/readyz")).status_code == 503
    assert (await client.get("/healthz")).status_code == 200


async def test_a_webhook_and_the_return_page_at_once_credit_once(client, api_services):
    kit = RazorpayKit()
    topup = await kit.topup(api_services)
    body = kit.paid(topup, "pay_Race")
    hook, page = await asyncio.gather(
        _post(client, api_services, kit, body),
        client.get("/pay/return/razorpay", params=rzp_return_params(topup, "pay_Race")))
    assert hook.status_code == 200 and page.status_code == 200
    assert await api_services.wallet.balance(USER) == 50_000
    assert (await api_services.wallet.statement(USER)).total_entries == 1
    metrics = (await client.get("/metrics", headers=METRICS_AUTH)).text
    assert _metric(metrics, "subvault_topups_credited_total", gateway="razorpay") == 1


async def test_a_gateway_without_a_webhook_secret_answers_404(api_services, tmp_path, keyring,
                                                              clock):
    from tests.api.gateway_side import payment_services

    bare = payment_services(api_services.store, tmp_path, keyring, clock, sandbox_gateway=False,
                            stripe_secret_key=None)
    async with build_client(bare) as client:
        answer = await client.post("/webhooks/stripe", content=b"{}")
        assert answer.status_code == 404 and answer.json() == {"error": "gateway-disabled"}
        assert (await client.post("/webhooks/sandbox", content=b"{}")).status_code == 404
        assert (await client.get("/sandbox/pay/top_1")).status_code == 404
