"""Callback data of the admin bot's buttons (each packs to at most 64 bytes)."""

from __future__ import annotations

from aiogram.filters.callback_data import CallbackData


class Nav(CallbackData, prefix="an"):
    to: str  # home, chart, staff, audit, products, stock


class Attn(CallbackData, prefix="al"):
    kind: str  # lowstock, manual, held, unmatched, stuck, tickets


class StaffAct(CallbackData, prefix="ast"):
    action: str  # pick, set
    id: int
    role: str = ""


class AuditAct(CallbackData, prefix="aau"):
    action: str  # verify, more


class Prod(CallbackData, prefix="ap"):
    action: str  # show, new, toggle, preview, fields, edit, save, cancel
    id: str = ""
    field: str = ""


class Choice(CallbackData, prefix="apc"):
    field: str  # delivery, totp_policy
    value: str


class StockAct(CallbackData, prefix="ask"):
    action: str  # upload, items, revoke, replace
    id: str  # a product id (upload, items), a stock item id (revoke), a subscription (replace)


class Ticket(CallbackData, prefix="atk"):
    """Also queued by core (``core.services.support.STAFF_TICKET_CALLBACK``): keep the layout."""

    action: str  # show, reply, replace
    id: str
