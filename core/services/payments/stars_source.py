"""What Telegram says about Stars payments, for reconciliation. Core cannot call the Bot API;
the bot side implements ``StarTransactionsSource`` (with ``getStarTransactions``) and the
composition root hands it to the Stars adapter."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol


@dataclass(frozen=True, slots=True)
class StarPayment:
    """One incoming Stars payment of an invoice, as Telegram lists it."""

    charge_id: str  # telegram_payment_charge_id
    payload: str  # the invoice payload: our top-up id
    amount: int  # stars
    user_id: int
    date: datetime


class StarTransactionsSource(Protocol):
    async def star_payments(self, since: datetime) -> list[StarPayment]:
        """Incoming invoice payments made at or after ``since`` (newest last or first, any
        order). Raises ``GatewayUnavailable`` when Telegram cannot be asked."""
        ...
