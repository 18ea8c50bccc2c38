"""Telegram Stars refunds are a Bot API call of the bot that took the payment (the customer
bot): the top-up is marked refunded only when Telegram accepts, and a refusal gives the wallet
debit back."""

from __future__ import annotations

import logging
from enum import StrEnum

from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest, TelegramForbiddenError

from core.services.payments import PaymentsService, Refund

log = logging.getLogger(__name__)


class StarsOutcome(StrEnum):
    DONE = "done"  # not a Stars refund: the gateway already answered
    REFUNDED = "refunded"  # Telegram accepted refundStarPayment
    REFUSED = "refused"  # Telegram refused: the wallet debit was reversed
    UNKNOWN = "unknown"  # no answer (network): the top-up stays refunding; try again


async def finish_refund(refund: Refund, payments: PaymentsService, customer_bot: Bot | None,
                        *, actor: str) -> StarsOutcome:
    call = refund.result.bot_call
    if call is None:
        return StarsOutcome.DONE
    topup = refund.topup
    if customer_bot is None:
        log.warning("top-up %s: no customer bot to call %s; it stays refunding", topup.id,
                    call.method)
        return StarsOutcome.UNKNOWN
    try:
        accepted = await customer_bot.refund_star_payment(
            user_id=int(call.params["user_id"]),
            telegram_payment_charge_id=str(call.params["telegram_payment_charge_id"]))
    except (TelegramBadRequest, TelegramForbiddenError) as refused:
        await payments.reverse_refund(topup.id, actor=actor, reason=refused.message[:60])
        log.info("Stars refund of top-up %s refused by Telegram", topup.id)
        return StarsOutcome.REFUSED
    except Exception:
        log.exception("Stars refund of top-up %s: no answer from Telegram", topup.id)
        return StarsOutcome.UNKNOWN
    if not accepted:
        await payments.reverse_refund(topup.id, actor=actor, reason="not accepted")
        return StarsOutcome.REFUSED
    await payments.confirm_bot_refund(topup.id, actor=actor)
    return StarsOutcome.REFUNDED
