"""Telegram Stars: the core side of an XTR invoice. The bot sends the invoice, answers the
pre-checkout query and reports the successful payment; refunds are a Bot API call the bot makes
(``refundStarPayment``), so ``refund`` returns that call instead of making it."""

from __future__ import annotations

from core.money import format_amount
from core.services.payments.adapters.base import Checkout
from core.services.payments.models import BotCall, GatewayStatus, RefundResult, StarsInvoice, TopUp

NAME = "stars"
CURRENCY = "XTR"


class StarsAdapter:
    name = NAME

    async def create_checkout(self, topup: TopUp) -> Checkout:
        invoice = StarsInvoice(
            payload=topup.id, currency=CURRENCY, amount=topup.gateway_amount,
            params={"amount": format_amount(topup.amount, topup.currency),
                    "stars": topup.gateway_amount, "topup_id": topup.id},
        )
        return Checkout(gateway_ref="", invoice=invoice)

    async def fetch_status(self, topup: TopUp) -> GatewayStatus:
        # Telegram reports Stars payments to the bot; there is nothing to ask.
        return GatewayStatus("pending")

    async def refund(self, topup: TopUp) -> RefundResult:
        return RefundResult(ref="", bot_call=BotCall("refundStarPayment", {
            "user_id": topup.user_id, "telegram_payment_charge_id": topup.payment_id}))

    async def cancel_unsent(self, topup: TopUp) -> bool:
        return True  # an invoice is a message the bot has not sent

    async def aclose(self) -> None:
        return None
