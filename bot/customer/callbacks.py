"""Callback data of the customer bot's buttons (each packs to at most 64 bytes).

Callback data comes back from the client and can be forged: every number is bounded here, so a
forged one fails to parse (the press is then answered as an old button) instead of reaching a
handler, the store or an alert. Strings are bounded by Telegram's 64 bytes.
"""

from __future__ import annotations

from typing import Annotated

from aiogram.filters.callback_data import CallbackData
from pydantic import Field

MAX_PAGE = 10_000
MAX_MINOR = 10**12  # far above any top-up or price in minor units
PageNumber = Annotated[int, Field(ge=0, le=MAX_PAGE)]
Amount = Annotated[int, Field(ge=0, le=MAX_MINOR)]
QuotedAmount = Annotated[int, Field(ge=-1, le=MAX_MINOR)]


class Menu(CallbackData, prefix="m"):
    to: str  # plans, subs, wallet, orders, support, language, help, home


class Lang(CallbackData, prefix="l"):
    code: str


class Page(CallbackData, prefix="pg"):
    kind: str  # history, orders
    page: PageNumber


class TopupAmount(CallbackData, prefix="ta"):
    amount: Amount  # minor units; 0 = let me type it


class TopupPay(CallbackData, prefix="tp"):
    amount: Amount
    gateway: str


class Plan(CallbackData, prefix="p"):
    action: str  # show, buy, coupon
    product: str


class Confirm(CallbackData, prefix="c"):
    intent: str  # purchase intent id: the same for every tap of this button
    product: str = ""
    sub: str = ""
    amount: int = -1  # the amount shown on the confirm screen (-1: not bound, ask again)


class PayDiff(CallbackData, prefix="pd"):
    intent: str
    gateway: str
    product: str = ""
    sub: str = ""


class Sub(CallbackData, prefix="s"):
    action: str  # show, creds, code, qr, renew, auto_on, auto_off
    sub: str
