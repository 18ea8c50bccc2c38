"""Callback data of the admin bot's buttons (each packs to at most 64 bytes)."""

from __future__ import annotations

from aiogram.filters.callback_data import CallbackData


class Nav(CallbackData, prefix="an"):
    to: str  # home, chart, staff, audit


class Attn(CallbackData, prefix="al"):
    kind: str  # lowstock, manual, held, unmatched, stuck, tickets


class StaffAct(CallbackData, prefix="ast"):
    action: str  # pick, set
    id: int
    role: str = ""


class AuditAct(CallbackData, prefix="aau"):
    action: str  # verify, more
