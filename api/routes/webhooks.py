"""Gateway callbacks. The route only hands the raw bytes and headers to core, which verifies,
records and acts; errors become 400 (bad signature or body), 413 (body above the limit, refused
before it is read whole), 404 (gateway off) or 503 (store down: the gateway retries)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from api.body import read_limited
from api.deps import MetricsDep, PaymentsDep, SettingsDep
from core.errors import DomainError
from core.services.payments import Outcome

router = APIRouter(prefix="/webhooks", tags=["webhooks"])


def _documented(*headers: str) -> dict[str, Any]:
    """The raw JSON body and the signature headers, documented for clients and the fuzzer but
    not parsed by FastAPI: core reads them from the raw request, untouched."""
    return {
        "requestBody": {"required": True, "content": {
            "application/json": {"schema": {"type": "object"}}}},
        "parameters": [{"name": name, "in": "header", "required": False,
                        "schema": {"type": "string"}} for name in headers],
    }


RAZORPAY_HEADERS = _documented("X-Razorpay-Signature", "X-Razorpay-Event-Id")
_ANSWERS: dict[int | str, dict[str, Any]] = {
    200: {"description": "handled: credited, failed, duplicate, ignored, parked, unmatched, "
                         "refunded, disputed, or refused (another account or mode: recorded, "
                         "never acted on)",
          "content": {"application/json": {"schema": {
              "type": "object", "properties": {"status": {"type": "string"}}}}}},
    400: {"description": "signature not valid (nothing stored), or a signed body that cannot "
                         "be read (recorded)"},
    413: {"description": "body above WEBHOOK_MAX_BODY_BYTES; not read to its end"},
    404: {"description": "gateway not configured"},
    503: {"description": "store unavailable; the gateway retries"},
}


async def _receive(gateway: str, request: Request, payments: PaymentsDep,
                   settings: SettingsDep, metrics: MetricsDep) -> JSONResponse:
    try:
        body = await read_limited(request, settings.webhook_max_body_bytes)
        settled = await payments.handle_webhook(gateway, body, request.headers)
    except DomainError as exc:
        metrics.webhooks.labels(gateway, exc.code).inc()
        raise
    metrics.webhooks.labels(gateway, settled.outcome.value).inc()
    if settled.outcome is Outcome.CREDITED:
        metrics.credited.labels(gateway).inc()
    return JSONResponse({"status": settled.outcome.value})


@router.post("/razorpay", openapi_extra=RAZORPAY_HEADERS, responses=_ANSWERS)
async def razorpay(request: Request, payments: PaymentsDep, settings: SettingsDep,
                   metrics: MetricsDep) -> JSONResponse:
    return await _receive("razorpay", request, payments, settings, metrics)


@router.post("/stripe", openapi_extra=_documented("Stripe-Signature"), responses=_ANSWERS)
async def stripe(request: Request, payments: PaymentsDep, settings: SettingsDep,
                 metrics: MetricsDep) -> JSONResponse:
    return await _receive("stripe", request, payments, settings, metrics)


@router.post("/sandbox", openapi_extra=RAZORPAY_HEADERS, responses=_ANSWERS)
async def sandbox(request: Request, payments: PaymentsDep, settings: SettingsDep,
                  metrics: MetricsDep) -> JSONResponse:
    return await _receive("sandbox", request, payments, settings, metrics)
