"""Stripe through ``StripeClient`` and its async methods over httpx: a Checkout Session per
top-up, retrieved for its status, refunded through the payment intent. The client is created
on first use (its httpx pool belongs to the running event loop)."""

from __future__ import annotations

import logging
from collections.abc import Awaitable
from typing import Any, TypeVar

import stripe

from core.errors import GatewayRejected, GatewayUnavailable
from core.models import TopUp
from core.services.payments.adapters.base import GATEWAY_TIMEOUT_SECONDS, Checkout
from core.services.payments.models import GatewayStatus, RefundResult

log = logging.getLogger(__name__)
NAME = "stripe"
T = TypeVar("T")
_UNAVAILABLE = (stripe.APIConnectionError, stripe.APIError, stripe.RateLimitError)


class StripeAdapter:
    name = NAME

    def __init__(self, secret_key: str, *, api_base: str, public_base_url: str, shop_name: str,
                 timeout: float = GATEWAY_TIMEOUT_SECONDS, max_network_retries: int = 1) -> None:
        self._key = secret_key
        self._api_base = api_base
        self._return_url = f"{public_base_url}/pay/return/stripe"
        self._shop = shop_name
        self._timeout = timeout
        self._retries = max_network_retries
        self._http: stripe.HTTPXClient | None = None
        self._client: stripe.StripeClient | None = None

    def _stripe(self) -> stripe.StripeClient:
        if self._client is None:
            self._http = stripe.HTTPXClient(timeout=self._timeout)
            self._client = stripe.StripeClient(
                self._key, base_addresses={"api": self._api_base}, http_client=self._http,
                max_network_retries=self._retries,
            )
        return self._client

    async def _call(self, what: str, call: Awaitable[T]) -> T:
        try:
            return await call
        except _UNAVAILABLE as exc:
            log.warning("stripe %s failed: %s", what, type(exc).__name__)
            raise GatewayUnavailable(f"stripe could not {what}", gateway=NAME) from None
        except stripe.StripeError as exc:
            raise GatewayRejected(f"stripe refused to {what}", gateway=NAME,
                                  detail=str(getattr(exc, "code", "") or "")[:100]) from None

    async def create_checkout(self, topup: TopUp) -> Checkout:
        assert topup.expires_at is not None
        back = f"{self._return_url}?topup={topup.id}"
        params: dict[str, Any] = {
            "mode": "payment",
            "line_items": [{"quantity": 1, "price_data": {
                "currency": topup.gateway_currency.lower(), "unit_amount": topup.gateway_amount,
                "product_data": {"name": f"{self._shop} {topup.id}"}}}],
            "client_reference_id": topup.id,
            "metadata": {"topup_id": topup.id, "user_id": str(topup.user_id)},
            "payment_intent_data": {"metadata": {"topup_id": topup.id}},
            "success_url": back + "&session_id={CHECKOUT_SESSION_ID}",
            "cancel_url": back + "&cancelled=1",
            "expires_at": int(topup.expires_at.timestamp()),
        }
        session = await self._call("create a checkout session",
                                   self._stripe().v1.checkout.sessions.create_async(
                                       params=params,  # type: ignore[arg-type]
                                       options={"idempotency_key": f"topup-{topup.id}"}))
        data = session.to_dict()
        if not isinstance(data.get("id"), str) or not isinstance(data.get("url"), str):
            raise GatewayUnavailable("stripe answered without a session url", gateway=NAME)
        return Checkout(gateway_ref=data["id"], pay_url=data["url"])

    async def fetch_status(self, topup: TopUp) -> GatewayStatus:
        session = await self._call("retrieve a checkout session",
                                   self._stripe().v1.checkout.sessions.retrieve_async(
                                       topup.gateway_ref))
        data = session.to_dict()
        if data.get("status") == "complete" and data.get("payment_status") == "paid":
            intent = data.get("payment_intent")
            intent_id = intent.get("id") if isinstance(intent, dict) else intent
            return GatewayStatus("paid", payment_id=str(intent_id or ""),
                                 amount=data.get("amount_total"),
                                 currency=str(data.get("currency", "")).upper())
        if data.get("status") == "expired":
            return GatewayStatus("failed", reason="expired")
        return GatewayStatus("pending")

    async def refund(self, topup: TopUp) -> RefundResult:
        # One idempotency key per attempt: a retry after an unknown outcome repeats the same
        # request, while an attempt after a definite refusal is a new one.
        key = f"refund-{topup.id}-{topup.refund_attempts}"
        try:
            refund = await self._stripe().v1.refunds.create_async(
                params={"payment_intent": topup.payment_id, "metadata": {"topup_id": topup.id}},
                options={"idempotency_key": key})
        except stripe.InvalidRequestError as exc:
            if getattr(exc, "code", "") == "charge_already_refunded":
                return RefundResult(ref="already-refunded")
            raise GatewayRejected("stripe refused to refund", gateway=NAME,
                                  detail=str(getattr(exc, "code", "") or "")[:100]) from None
        except _UNAVAILABLE as exc:
            log.warning("stripe refund of %s failed: %s", topup.id, type(exc).__name__)
            raise GatewayUnavailable("stripe could not refund", gateway=NAME) from None
        except stripe.StripeError as exc:
            raise GatewayRejected("stripe refused to refund", gateway=NAME,
                                  detail=str(getattr(exc, "code", "") or "")[:100]) from None
        return RefundResult(ref=str(refund.to_dict().get("id", "")))

    async def cancel_unsent(self, topup: TopUp) -> bool:
        # A session's URL is unguessable and was never shown to anyone, and the session
        # expires at the top-up's expiry: nothing is left that a customer could pay.
        return True

    async def aclose(self) -> None:
        if self._http is not None:
            await self._http.close_async()
        self._http = self._client = None
