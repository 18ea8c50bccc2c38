"""Telegram's record of Stars payments, through ``getStarTransactions``: the bot side of
``core.services.payments.stars_source.StarTransactionsSource`` (reconciliation asks it before it
fails a Stars top-up whose ``successful_payment`` never arrived)."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from aiogram import Bot
from aiogram.exceptions import AiogramError

from core.errors import GatewayUnavailable
from core.services.payments.stars_source import StarPayment

log = logging.getLogger(__name__)
PAGE = 100
MAX_PAGES = 100


class BotStarTransactions:
    def __init__(self, bot: Bot) -> None:
        self._bot = bot

    async def star_payments(self, since: datetime) -> list[StarPayment]:
        """Incoming invoice payments since ``since`` (Telegram lists transactions oldest
        first, ``offset`` skipping; every page is read, up to 10,000 transactions)."""
        out: list[StarPayment] = []
        offset = 0
        for _ in range(MAX_PAGES):
            try:
                page = await self._bot.get_star_transactions(offset=offset, limit=PAGE)
            except AiogramError as exc:
                raise GatewayUnavailable("Telegram did not list Stars transactions",
                                         gateway="stars", error=type(exc).__name__) from None
            for tx in page.transactions:
                source = tx.source
                payload = getattr(source, "invoice_payload", None)
                user = getattr(source, "user", None)
                date = tx.date if isinstance(tx.date, datetime) else \
                    datetime.fromtimestamp(int(tx.date), UTC)
                if payload and user is not None and date >= since:
                    out.append(StarPayment(charge_id=tx.id, payload=payload, amount=tx.amount,
                                           user_id=user.id, date=date))
            if len(page.transactions) < PAGE:
                break
            offset += len(page.transactions)
        return out
