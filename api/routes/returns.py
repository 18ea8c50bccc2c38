"""Where the gateways send the customer back: a localized page saying paid, pending or failed,
with a link back to the bot. Razorpay's signed redirect and Stripe's session are verified (and
settled) by core; nothing on this page is trusted without that."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Header, Query, Request
from fastapi.responses import HTMLResponse

from api.deps import MetricsDep, PagesDep, PaymentsDep, UsersDep
from core.models import TopUp, TopUpStatus
from core.money import format_amount
from core.services.payments import Outcome

router = APIRouter(tags=["return pages"])

STATE = {
    TopUpStatus.CREDITED: "paid", TopUpStatus.REFUNDING: "paid", TopUpStatus.REFUNDED: "paid",
    TopUpStatus.FAILED: "failed", TopUpStatus.PENDING: "pending", TopUpStatus.HELD: "pending",
}
Param = Annotated[str | None, Query(max_length=200)]
GATEWAY_PARAMS = {
    "topup": "our top-up id (Stripe and sandbox return URLs)",
    "session_id": "the Stripe Checkout Session id, checked with Stripe",
    "razorpay_payment_id": "Razorpay's payment id",
    "razorpay_payment_link_id": "the Payment Link id",
    "razorpay_payment_link_reference_id": "our top-up id, as Razorpay echoes it",
    "razorpay_payment_link_status": "paid, or another link state",
    "razorpay_signature": "HMAC-SHA256 of the four values above, verified by core",
}
# The gateways' own query parameters: documented for readers and the fuzzer, not declared as
# arguments, since the route passes them to core as they arrived (values over 200 characters
# are dropped).
DOCUMENTED = {"parameters": [
    {"name": name, "in": "query", "required": False, "description": about,
     "schema": {"type": "string", "maxLength": 200}} for name, about in GATEWAY_PARAMS.items()]}


def _state(topup: TopUp | None, cancelled: bool) -> str:
    if topup is None:
        return "pending"
    state = STATE[topup.status]
    return "failed" if cancelled and state == "pending" else state


@router.get("/pay/return/{gateway}", response_class=HTMLResponse,
            openapi_extra=DOCUMENTED)
async def return_page(
    gateway: Literal["razorpay", "stripe", "sandbox"], request: Request,
    payments: PaymentsDep, users: UsersDep, pages: PagesDep, metrics: MetricsDep,
    cancelled: Param = None, lang: Param = None,
    accept_language: Annotated[str | None, Header(max_length=200)] = None,
) -> HTMLResponse:
    """``cancelled`` (any value: the customer left the gateway's page) and ``lang`` are ours;
    the gateway's parameters (see ``GATEWAY_PARAMS``) go to core untouched."""
    params = {k: v for k, v in request.query_params.items() if len(v) <= 200}
    visit = await payments.verify_return(gateway, params)
    if visit.outcome is Outcome.CREDITED:
        metrics.credited.labels(gateway).inc()
    found = visit.topup
    user = await users.find(found.user_id) if found is not None else None
    language = pages.language(user.language if user else None, lang, accept_language)
    amount = format_amount(found.amount, found.currency) if found is not None else ""
    html = pages.result(language, _state(found, bool(cancelled)), amount)
    return HTMLResponse(html, status_code=200 if found is not None else 404)
