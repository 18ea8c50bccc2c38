"""The sandbox gateway's hosted page (only when SANDBOX_GATEWAY=true). Pressing Pay or Decline
posts to us; we then send the signed callback to our own ``/webhooks/sandbox`` over HTTP, exactly
as a gateway would, and send the customer to the return page."""

from __future__ import annotations

import logging
from typing import Annotated, Literal

import httpx
from fastapi import APIRouter, Header, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from api.deps import PagesDep, PaymentsDep, SettingsDep, UsersDep
from core.models import TopUpStatus
from core.money import format_amount

log = logging.getLogger(__name__)
router = APIRouter(prefix="/sandbox", tags=["sandbox"])
TopupId = Annotated[str, Path(max_length=64)]


def _client(request: Request, public_base_url: str) -> httpx.AsyncClient:
    client = request.app.state.sandbox_client
    if client is None:
        client = httpx.AsyncClient(base_url=public_base_url, timeout=10.0)
        request.app.state.sandbox_client = client
    return client


@router.get("/pay/{topup_id}", response_class=HTMLResponse)
async def sandbox_page(topup_id: TopupId, payments: PaymentsDep, users: UsersDep,
                       pages: PagesDep,
                       accept_language: Annotated[str | None, Header(max_length=200)] = None
                       ) -> HTMLResponse:
    topup = await payments.get(topup_id)
    if topup.gateway != "sandbox":
        return HTMLResponse(pages.result(pages.language(accept_language), "failed"), 404)
    user = await users.find(topup.user_id)
    language = pages.language(user.language if user else None, accept_language)
    amount = format_amount(topup.amount, topup.currency)
    if topup.status is not TopUpStatus.PENDING:
        return HTMLResponse(pages.result(language, "paid" if topup.status is
                                         TopUpStatus.CREDITED else "failed", amount))
    return HTMLResponse(pages.sandbox(language, topup.id, amount))


@router.post("/pay/{topup_id}/{choice}", status_code=303,
             responses={303: {"description": "to the return page"}})
async def sandbox_choice(topup_id: TopupId, choice: Literal["pay", "decline"],
                         request: Request, payments: PaymentsDep, settings: SettingsDep,
                         pages: PagesDep) -> Response:
    body, headers = await payments.sandbox_callback(topup_id, paid=choice == "pay")
    try:
        client = _client(request, settings.public_base_url)
        answer = await client.post("/webhooks/sandbox", content=body, headers=headers)
        delivered = answer.status_code == 200
    except httpx.HTTPError as exc:
        log.warning("sandbox callback for %s not delivered: %s", topup_id, type(exc).__name__)
        delivered = False
    if not delivered:
        return HTMLResponse(pages.result(pages.default_language, "pending"), status_code=502)
    return RedirectResponse(f"/pay/return/sandbox?topup={topup_id}", status_code=303)
