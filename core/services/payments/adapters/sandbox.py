"""The sandbox gateway, for local runs only (SANDBOX_GATEWAY=true). Its "hosted page" is served
by our own API at ``/sandbox/pay/{topup_id}``; pressing Pay or Decline there makes the API post a
callback shaped and signed exactly like Razorpay's (hex HMAC-SHA256 of the raw body) to our own
``/webhooks/sandbox``, so the whole flow runs with no gateway account."""

from __future__ import annotations

import json
from datetime import datetime

from core.models import TopUp
from core.services.payments.adapters.base import Checkout
from core.services.payments.models import GatewayStatus, RefundResult
from core.services.payments.signatures import hmac_hex

NAME = "sandbox"


def _suffix(topup: TopUp) -> str:
    return topup.id.split("_", 1)[-1]


class SandboxAdapter:
    name = NAME

    def __init__(self, secret: str, *, public_base_url: str) -> None:
        self._secret = secret
        self._base = public_base_url

    async def create_checkout(self, topup: TopUp) -> Checkout:
        return Checkout(gateway_ref=f"plink_sbx{_suffix(topup)}",
                        pay_url=f"{self._base}/sandbox/pay/{topup.id}")

    async def fetch_status(self, topup: TopUp) -> GatewayStatus:
        return GatewayStatus("pending")  # the sandbox keeps no state of its own

    async def refund(self, topup: TopUp) -> RefundResult:
        return RefundResult(ref=f"rfnd_sbx{_suffix(topup)}")

    async def cancel_unsent(self, topup: TopUp) -> bool:
        return True  # the sandbox page exists only for a pending top-up of ours

    async def aclose(self) -> None:
        return None

    def callback(self, topup: TopUp, *, paid: bool, event_id: str, now: datetime
                 ) -> tuple[bytes, dict[str, str]]:
        """The signed callback body and headers the sandbox "gateway" sends."""
        suffix = _suffix(topup)
        payment = {
            "id": f"pay_sbx{suffix}" if paid else f"pay_sbxf{suffix}", "entity": "payment",
            "amount": topup.gateway_amount, "currency": topup.gateway_currency,
            "status": "captured" if paid else "failed", "order_id": f"order_sbx{suffix}",
            "description": f"#{topup.gateway_ref.removeprefix('plink_')}", "notes": [],
            "method": "sandbox", "captured": paid,
            "error_code": None if paid else "BAD_REQUEST_ERROR",
            "error_reason": None if paid else "payment_declined",
            "created_at": int(now.timestamp()),
        }
        payload: dict[str, object] = {"payment": {"entity": payment}}
        if paid:
            payload["payment_link"] = {"entity": {
                "id": topup.gateway_ref, "entity": "payment_link", "reference_id": topup.id,
                "amount": topup.gateway_amount, "amount_paid": topup.gateway_amount,
                "currency": topup.gateway_currency, "status": "paid",
                "notes": {"topup_id": topup.id}}}
        event = {"entity": "event", "account_id": "acc_sandbox",
                 "event": "payment_link.paid" if paid else "payment.failed",
                 "contains": sorted(payload), "payload": payload,
                 "created_at": int(now.timestamp())}
        body = json.dumps(event, separators=(",", ":")).encode()
        headers = {"Content-Type": "application/json", "X-Razorpay-Event-Id": event_id,
                   "X-Razorpay-Signature": hmac_hex(self._secret, body)}
        return body, headers
