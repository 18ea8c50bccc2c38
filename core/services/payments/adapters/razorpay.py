"""Razorpay through its (synchronous, requests-based) SDK, run in a thread: a Payment Link per
top-up, fetched for its status, refunded through ``payment.refund``."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from functools import partial
from importlib.metadata import PackageNotFoundError, version
from typing import Any

import razorpay
import razorpay.client
import requests
from razorpay.errors import BadRequestError, GatewayError, ServerError

from core.errors import GatewayRejected, GatewayUnavailable
from core.models import TopUp
from core.services.payments.adapters.base import GATEWAY_TIMEOUT_SECONDS, Checkout
from core.services.payments.models import GatewayStatus, RefundResult

log = logging.getLogger(__name__)
NAME = "razorpay"


def _sdk_print(*values: object, **_: object) -> None:
    """The SDK reports retries and connection errors with ``print``: to our log instead, so
    nothing lands on a command's stdout (or in a pipe that expects JSON)."""
    log.warning("razorpay sdk: %s", " ".join(str(v) for v in values)[:300])


# The SDK's module looks ``print`` up in its globals before the builtins.
razorpay.client.print = _sdk_print  # type: ignore[attr-defined]


def _app_version() -> str:
    try:
        return version("subvault")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree
        return "dev"


class RazorpayAdapter:
    name = NAME

    def __init__(self, key_id: str, key_secret: str, *, api_base: str, public_base_url: str,
                 shop_name: str, timeout: float = GATEWAY_TIMEOUT_SECONDS) -> None:
        self._client = razorpay.Client(auth=(key_id, key_secret), base_url=api_base)
        self._client.set_app_details({"title": "subvault", "version": _app_version()})
        self._return_url = f"{public_base_url}/pay/return/razorpay"
        self._shop = shop_name
        self._timeout = timeout

    async def _call(self, what: str, fn: Callable[..., Any], *args: Any) -> dict[str, Any]:
        try:
            result = await asyncio.to_thread(partial(fn, *args, timeout=self._timeout))
        except BadRequestError as exc:
            raise GatewayRejected(f"razorpay refused to {what}", gateway=NAME,
                                  detail=str(exc)[:200]) from None
        except (ServerError, GatewayError, requests.RequestException, ValueError) as exc:
            log.warning("razorpay %s failed: %s", what, type(exc).__name__)
            raise GatewayUnavailable(f"razorpay could not {what}", gateway=NAME) from None
        if not isinstance(result, dict):
            raise GatewayUnavailable(f"razorpay gave no answer to {what}", gateway=NAME)
        return result

    async def create_checkout(self, topup: TopUp) -> Checkout:
        assert topup.expires_at is not None
        data = {
            "amount": topup.gateway_amount, "currency": topup.gateway_currency,
            "accept_partial": False, "reference_id": topup.id,
            "description": f"{self._shop} {topup.id}",
            "expire_by": int(topup.expires_at.timestamp()),
            "notify": {"sms": False, "email": False}, "reminder_enable": False,
            "notes": {"topup_id": topup.id, "user_id": str(topup.user_id)},
            "callback_url": self._return_url, "callback_method": "get",
        }
        link = await self._call("create a payment link", self._client.payment_link.create, data)
        link_id, url = link.get("id"), link.get("short_url")
        if not isinstance(link_id, str) or not isinstance(url, str):
            raise GatewayUnavailable("razorpay answered without a link", gateway=NAME)
        return Checkout(gateway_ref=link_id, pay_url=url)

    async def fetch_status(self, topup: TopUp) -> GatewayStatus:
        link = await self._call("fetch a payment link", self._client.payment_link.fetch,
                                topup.gateway_ref)
        status = link.get("status")
        if status == "paid":
            captured = [p for p in link.get("payments") or []
                        if isinstance(p, dict) and p.get("status") == "captured"]
            if captured:
                payment = captured[-1]
                return GatewayStatus("paid", payment_id=str(payment.get("payment_id", "")),
                                     amount=payment.get("amount"),
                                     currency=str(link.get("currency", "")).upper())
            return GatewayStatus("pending", reason="paid-without-payment")
        if status in ("expired", "cancelled"):
            return GatewayStatus("failed", reason=str(status))
        return GatewayStatus("pending")

    async def refund(self, topup: TopUp) -> RefundResult:
        payment = await self._call("fetch a payment", self._client.payment.fetch,
                                   topup.payment_id)
        if int(payment.get("amount_refunded") or 0) >= topup.gateway_amount:
            # Refunded already (a retry after an unknown outcome): find that refund.
            refunds = await self._call("list refunds", self._client.payment.fetch_multiple_refund,
                                       topup.payment_id, {})
            items = refunds.get("items") or [{}]
            return RefundResult(ref=str(items[0].get("id", "")))
        refund = await self._call("refund a payment", self._client.payment.refund,
                                  topup.payment_id,
                                  {"amount": topup.gateway_amount,
                                   "notes": {"topup_id": topup.id}})
        return RefundResult(ref=str(refund.get("id", "")))

    async def cancel_unsent(self, topup: TopUp) -> bool:
        found = await self._call("find payment links", self._client.payment_link.all,
                                 {"reference_id": topup.id})
        for link in found.get("payment_links") or []:
            if isinstance(link, dict) and link.get("status") in ("created", "partially_paid"):
                await self._call("cancel a payment link", self._client.payment_link.cancel,
                                 str(link.get("id")))
                log.info("top-up %s: cancelled payment link %s made after a timeout", topup.id,
                         link.get("id"))
        return True

    async def aclose(self) -> None:
        await asyncio.to_thread(self._client.session.close)
