"""What the payment app refuses before it works: oversized bodies (413, not read to the end),
signed but unreadable JSON (400, recorded), callbacks of another account or mode (200 refused,
recorded), the schema and metrics unless configured, and store failures (503)."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiogram import Bot, Dispatcher

from api.routes.telegram import SECRET_HEADER
from bot.webhook import TelegramWebhook
from core.bootstrap import Services
from core.models import EventStatus
from tests.api.conftest import build_client
from tests.api.gateway_side import (
    KITS,
    METRICS_AUTH,
    USER,
    StripeKit,
    payment_services,
)

MIB = 1_048_576
CHUNK = 64 * 1024


class CountingBody:
    """A 64 MiB body streamed in 64 KiB chunks, counting what the app pulled."""

    def __init__(self, total: int = 64 * MIB) -> None:
        self.total = total
        self.sent = 0

    async def __aiter__(self) -> AsyncIterator[bytes]:
        while self.sent < self.total:
            self.sent += CHUNK
            yield b"{" * CHUNK


@pytest.fixture(params=KITS, ids=lambda kit: kit.name)
def kit(request: pytest.FixtureRequest):
    return request.param


async def _events(services: Services):
    return await services.store.read(lambda tx: tx.webhook_events.recent(100))


@pytest.mark.parametrize("declared", [True, False], ids=["content-length", "chunked"])
async def test_a_64_mib_webhook_body_is_refused_413_without_being_read(client, api_services,
                                                                        kit, declared):
    body = CountingBody()
    headers = {"Content-Type": "application/json"}
    if declared:
        headers["Content-Length"] = str(body.total)
    answer = await client.post(f"/webhooks/{kit.name}", content=body, headers=headers)
    assert answer.status_code == 413
    limit = api_services.settings.webhook_max_body_bytes
    assert body.sent <= limit + CHUNK  # stopped at the limit, not at 64 MiB
    if declared:
        assert body.sent <= CHUNK  # refused on the declared length alone
    assert await _events(api_services) == []


async def test_a_body_under_the_limit_is_still_handled(client, api_services):
    kit = StripeKit()
    topup = await kit.topup(api_services)
    body = kit.paid(topup, kit.payment_id())
    answer = await client.post("/webhooks/stripe", content=body,
                               headers=kit.sign(body, api_services.clock.now()))
    assert answer.json() == {"status": "credited"}


async def test_the_telegram_webhook_route_refuses_a_64_mib_body(api_services):
    bot = Bot("1000001:limits-test-token")
    intake = TelegramWebhook(Dispatcher(), bot, "tg-secret")
    async with build_client(api_services, telegram_updates=intake) as client:
        body = CountingBody()
        answer = await client.post("/telegram/customer", content=body,
                                   headers={SECRET_HEADER: "tg-secret"})
        assert answer.status_code == 413 and body.sent <= 1 * MIB + CHUNK
        small = await client.post("/telegram/customer", content=b'{"update_id": "x"}',
                                  headers={SECRET_HEADER: "tg-secret"})
        assert small.status_code == 400  # read and judged as before
    await bot.session.close()


async def test_signed_json_nested_5000_deep_answers_400_and_is_recorded(client, api_services,
                                                                         kit):
    body = b'{"a":' * 5_000 + b"1" + b"}" * 5_000
    answer = await client.post(f"/webhooks/{kit.name}", content=body,
                               headers=kit.sign(body, api_services.clock.now()))
    assert answer.status_code == 400 and answer.json() == {"error": "bad-payload"}
    (event,) = await _events(api_services)
    assert event.outcome == "bad-payload:too-deep" and event.gateway == kit.name


async def test_a_stripe_event_of_the_other_mode_answers_200_refused(client, api_services):
    kit = StripeKit()
    topup = await kit.topup(api_services)
    body = json.loads(kit.paid(topup, kit.payment_id()))
    body["livemode"] = True  # the shop runs on a test key
    raw = json.dumps(body).encode()
    answer = await client.post("/webhooks/stripe", content=raw,
                               headers=kit.sign(raw, api_services.clock.now()))
    assert answer.status_code == 200 and answer.json() == {"status": "refused"}
    assert await api_services.wallet.balance(USER) == 0
    (event,) = await _events(api_services)
    assert event.status is EventStatus.REFUSED


async def test_the_schema_is_served_only_when_api_docs_is_on(api_services, tmp_path: Path,
                                                             keyring, clock):
    async with build_client(api_services) as client:
        assert (await client.get("/openapi.json")).status_code == 404
        assert (await client.get("/docs")).status_code == 404
    docs = payment_services(api_services.store, tmp_path, keyring, clock, api_docs=True)
    async with build_client(docs) as client:
        schema = await client.get("/openapi.json")
        assert schema.status_code == 200 and "/webhooks/razorpay" in schema.json()["paths"]
        assert "/metrics" not in schema.json()["paths"]


async def test_metrics_answer_only_to_the_metrics_token(api_services, tmp_path: Path, keyring,
                                                        clock):
    async with build_client(api_services) as client:
        assert (await client.get("/metrics")).status_code == 401
        wrong = await client.get("/metrics", headers={"Authorization": "Bearer nope"})
        assert wrong.status_code == 401 and wrong.headers["WWW-Authenticate"] == "Bearer"
        right = await client.get("/metrics", headers=METRICS_AUTH)
        assert right.status_code == 200 and "subvault_webhooks" in right.text
    untokened = payment_services(api_services.store, tmp_path, keyring, clock,
                                 metrics_token=None)
    async with build_client(untokened) as client:
        assert (await client.get("/metrics", headers=METRICS_AUTH)).status_code == 404


async def test_a_store_failure_inside_a_callback_answers_503_not_500(client, api_services):
    kit = StripeKit()
    topup = await kit.topup(api_services)
    # The store breaks underneath (a table gone, a disk error): SQLite raises its own error.
    writer = api_services.store._writer  # type: ignore[attr-defined]
    await writer.execute_blocking("DROP TABLE webhook_events")
    body = kit.paid(topup, kit.payment_id())
    answer = await client.post("/webhooks/stripe", content=body,
                               headers=kit.sign(body, api_services.clock.now()))
    assert answer.status_code == 503 and answer.headers["Retry-After"] == "30"

