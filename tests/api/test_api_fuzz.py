"""Property-based fuzzing of every route from the app's own OpenAPI document: whatever a
client sends (headers, bodies, query strings, path ids), the app never answers 5xx while the
store is up. Signatures cannot be guessed, so webhooks answer 400; that is the point."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error

from api import create_app
from core.clock import FixedClock
from core.crypto import KeyRing
from core.storage import open_store
from tests.api.gateway_side import payment_services

EXAMPLES_PER_OPERATION = 80


@pytest.fixture
def fuzz_app(tmp_path: Path):
    # Sync on purpose: schemathesis drives the ASGI app on its own event loop.
    store = asyncio.run(open_store(f"sqlite:///{tmp_path / 'fuzz.db'}"))
    services = payment_services(store, tmp_path, KeyRing.generate(), FixedClock(),
                                api_docs=True)
    yield create_app(services)
    asyncio.run(services.close())


def test_no_generated_request_gets_a_server_error(fuzz_app):
    schema = schemathesis.openapi.from_asgi("/openapi.json", fuzz_app)
    operations = [result.ok() for result in schema.get_all_operations()]
    labels = {f"{op.method.upper()} {op.path}" for op in operations}
    assert {"POST /webhooks/razorpay", "POST /webhooks/stripe", "GET /pay/return/{gateway}",
            "POST /sandbox/pay/{topup_id}/{choice}", "GET /readyz"} <= labels
    seen: dict[str, set[int]] = {}

    for operation in operations:
        @given(case=operation.as_strategy())
        @settings(max_examples=EXAMPLES_PER_OPERATION, deadline=None, database=None,
                  suppress_health_check=list(HealthCheck))
        def fuzz(case) -> None:
            response = case.call()
            seen.setdefault(case.operation.label, set()).add(response.status_code)
            assert response.status_code < 500, (case.method, case.formatted_path,
                                                response.status_code, response.text[:200])
            case.validate_response(response, checks=[not_a_server_error])

        fuzz()
    assert seen["POST /webhooks/razorpay"] >= {400}  # bad signatures are refused, not crashed
