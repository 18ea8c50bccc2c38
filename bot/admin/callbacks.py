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

    action: str  # show, reply, replace, close, reopen
    id: str


class Cust(CallbackData, prefix="acu"):
    action: str  # show, ledger, orders, subs, tickets, adjust, block, unblock, message
    id: int
    page: int = 0


class OrderAct(CallbackData, prefix="aor"):
    action: str  # list (id: a status), show, deliver, refund, return, revoke
    id: str


class Approve(CallbackData, prefix="aap"):
    """Also queued by core (``core.services.approvals.APPROVAL_CALLBACK``)."""

    action: str  # yes, no
    id: str


class Manual(CallbackData, prefix="amp"):
    """Also queued by core (``core.services.manual_payments.MANUAL_CALLBACK``)."""

    action: str  # view, yes, no
    id: str


class TopupAct(CallbackData, prefix="atu"):
    action: str  # show, refund
    id: str


class AdjustGo(CallbackData, prefix="aaj"):
    key: str  # the adjustment's idempotency key: the same for every tap of this button


class CouponAct(CallbackData, prefix="acp"):
    action: str  # on, off
    code: str


class Segment(CallbackData, prefix="asg"):
    segment: str  # all, language, active, expired, never
    arg: str = ""


class Bc(CallbackData, prefix="abc"):
    action: str  # nobutton, confirm, cancel
    id: str = ""


class Mute(CallbackData, prefix="amu"):
    kind: str
