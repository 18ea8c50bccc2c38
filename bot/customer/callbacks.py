"""Callback data of the customer bot's buttons (each packs to at most 64 bytes)."""

from __future__ import annotations

from aiogram.filters.callback_data import CallbackData


class Menu(CallbackData, prefix="m"):
    to: str  # plans, subs, wallet, orders, support, language, help, home


class Lang(CallbackData, prefix="l"):
    code: str


class Page(CallbackData, prefix="pg"):
    kind: str  # history, orders
    page: int


class TopupAmount(CallbackData, prefix="ta"):
    amount: int  # minor units; 0 = let me type it


class TopupPay(CallbackData, prefix="tp"):
    amount: int
    gateway: str


class Plan(CallbackData, prefix="p"):
    action: str  # show, buy, coupon
    product: str


class Confirm(CallbackData, prefix="c"):
    intent: str  # purchase intent id: the same for every tap of this button
    product: str = ""
    sub: str = ""


class PayDiff(CallbackData, prefix="pd"):
    intent: str
    gateway: str
    product: str = ""
    sub: str = ""


class Sub(CallbackData, prefix="s"):
    action: str  # show, creds, code, qr, renew, auto_on, auto_off
    sub: str
