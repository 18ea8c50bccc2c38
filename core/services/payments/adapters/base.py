"""The interface every gateway adapter implements."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from core.models import TopUp
from core.services.payments.models import GatewayStatus, RefundResult, StarsInvoice

GATEWAY_TIMEOUT_SECONDS = 15.0


@dataclass(frozen=True, slots=True)
class Checkout:
    """Where the customer pays: a hosted page (``pay_url``) or a Stars ``invoice``."""

    gateway_ref: str
    pay_url: str = ""
    invoice: StarsInvoice | None = None


class GatewayAdapter(Protocol):
    """Adapters raise ``GatewayUnavailable`` (unreachable, timeout, 5xx: the outcome may be
    unknown) or ``GatewayRejected`` (a definite refusal) and nothing else."""

    name: str

    async def create_checkout(self, topup: TopUp) -> Checkout: ...

    async def fetch_status(self, topup: TopUp) -> GatewayStatus: ...

    async def refund(self, topup: TopUp) -> RefundResult:
        """Refund ``topup.payment_id`` in full; safe to call again after an unknown outcome."""
        ...

    async def cancel_unsent(self, topup: TopUp) -> bool:
        """``create_checkout`` failed without an answer, yet the gateway may have made the
        checkout: cancel any it made for ``topup``. True when none is left payable; False when
        that cannot be established here (the top-up is then marked for cancel)."""
        ...

    async def aclose(self) -> None: ...
