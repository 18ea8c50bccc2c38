"""Telegram Stars: the core side of an XTR invoice. The bot sends the invoice, answers the
pre-checkout query and reports the successful payment; refunds are a Bot API call the bot makes
(``refundStarPayment``), so ``refund`` returns that call instead of making it."""

from __future__ import annotations

from datetime import timedelta

from core.models import TopUp
from core.money import format_amount
from core.services.payments.adapters.base import Checkout
from core.services.payments.models import BotCall, GatewayStatus, RefundResult, StarsInvoice
from core.services.payments.stars_source import StarTransactionsSource

NAME = "stars"
CURRENCY = "XTR"


CLOCK_SLACK = timedelta(minutes=5)


class StarsAdapter:
    """``source`` (set by the composition root when a bot runs) lets reconciliation ask
    Telegram, through ``getStarTransactions``, whether a pending invoice was paid."""

    name = NAME

    def __init__(self, source: StarTransactionsSource | None = None) -> None:
        self.source = source

    async def create_checkout(self, topup: TopUp) -> Checkout:
        invoice = StarsInvoice(
            payload=topup.id, currency=CURRENCY, amount=topup.gateway_amount,
            params={"amount": format_amount(topup.amount, topup.currency),
                    "stars": topup.gateway_amount, "topup_id": topup.id},
        )
        return Checkout(gateway_ref="", invoice=invoice)

    async def fetch_status(self, topup: TopUp) -> GatewayStatus:
        """Paid if Telegram lists a payment of this invoice (its payload is the top-up id);
        pending otherwise, or when no bot is there to ask."""
        if self.source is None:
            return GatewayStatus("pending")
        for payment in await self.source.star_payments(topup.created_at - CLOCK_SLACK):
            if payment.payload == topup.id and payment.user_id == topup.user_id:
                return GatewayStatus("paid", payment_id=payment.charge_id,
                                     amount=payment.amount, currency=CURRENCY)
        return GatewayStatus("pending")

    async def refund(self, topup: TopUp) -> RefundResult:
        return RefundResult(ref="", bot_call=BotCall("refundStarPayment", {
            "user_id": topup.user_id, "telegram_payment_charge_id": topup.payment_id}))

    async def cancel_unsent(self, topup: TopUp) -> bool:
        return True  # an invoice is a message the bot has not sent

    async def aclose(self) -> None:
        return None
