"""/audit: the latest audit entries and a check of the whole chain."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, Message

from bot.admin import keyboards
from bot.admin.callbacks import AuditAct, Nav
from bot.admin.gate import SUPPORT
from bot.admin.screens import show
from bot.i18n import Tr
from core.services.audit import AuditService

router = Router(name="admin-audit")
LATEST = 15


async def _latest(event: Message | CallbackQuery, t: Tr, audit: AuditService,
                  notice: str | None = None) -> None:
    entries = await audit.latest(LATEST)
    lines = [t("admin-audit-line", seq=e.seq, at=t.datetime(e.at), actor=e.actor,
               action=e.action, target=e.target or "—") for e in entries]
    await show(event, t("admin-audit-title") + "\n\n" + ("\n".join(lines) or
                                                          t("admin-list-empty")),
               keyboards.audit(t), notice=notice)


@router.message(Command("audit"), flags=SUPPORT)
@router.callback_query(Nav.filter(F.to == "audit"), flags=SUPPORT)
async def latest(event: Message | CallbackQuery, t: Tr, audit: AuditService) -> None:
    await _latest(event, t, audit)


@router.callback_query(AuditAct.filter(F.action == "verify"), flags=SUPPORT)
async def verify(query: CallbackQuery, t: Tr, audit: AuditService) -> None:
    report = await audit.verify()
    text = (t("admin-audit-ok", count=report.checked) if report.ok else
            t("admin-audit-broken", seq=report.first_bad_seq or 0, problem=report.problem))
    await query.answer()
    await query.message.answer(text, reply_markup=keyboards.only_home(t))  # type: ignore[union-attr]
