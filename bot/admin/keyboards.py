"""Inline keyboards of the admin bot; labels come from the locale files."""

from __future__ import annotations

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.admin.callbacks import Attn, AuditAct, Nav, StaffAct
from bot.i18n import Tr
from core.models import Role, User
from core.services.stats import Attention

ATTENTION_KINDS = ("lowstock", "manual", "held", "unmatched", "stuck", "tickets")


def button(text: str, data: object) -> InlineKeyboardButton:
    return InlineKeyboardButton(text=text, callback_data=data.pack())  # type: ignore[attr-defined]


def markup(rows: list[list[InlineKeyboardButton]]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(inline_keyboard=rows)


def home_row(t: Tr) -> list[InlineKeyboardButton]:
    return [button(t("admin-btn-home"), Nav(to="home"))]


def only_home(t: Tr) -> InlineKeyboardMarkup:
    return markup([home_row(t)])


def attention_counts(attention: Attention) -> dict[str, int]:
    return {"lowstock": attention.low_stock, "manual": attention.manual_orders,
            "held": attention.held_topups, "unmatched": attention.unmatched_payments,
            "stuck": attention.stuck_topups, "tickets": attention.open_tickets}


def dashboard(t: Tr, attention: Attention, role: Role) -> InlineKeyboardMarkup:
    counts = attention_counts(attention)
    rows = [[button(t(f"admin-attn-{kind}", count=counts[kind]), Attn(kind=kind))]
            for kind in ATTENTION_KINDS if counts[kind]]
    rows.append([button(t("admin-btn-chart"), Nav(to="chart")),
                 button(t("admin-btn-refresh"), Nav(to="home"))])
    tools = [button(t("admin-btn-audit"), Nav(to="audit"))]
    if role is Role.ADMIN:
        tools.insert(0, button(t("admin-btn-staff"), Nav(to="staff")))
    rows.append(tools)
    return markup(rows)


def staff_list(t: Tr, members: list[User]) -> InlineKeyboardMarkup:
    rows = [[button(f"{m.display_name} · {t('admin-role-' + m.role.value)}",
                    StaffAct(action="pick", id=m.telegram_id))] for m in members]
    rows.append(home_row(t))
    return markup(rows)


def staff_member(t: Tr, member: User) -> InlineKeyboardMarkup:
    roles = [r for r in (Role.ADMIN, Role.SUPPORT, Role.CUSTOMER) if r is not member.role]
    rows = [[button(t(f"admin-btn-make-{r.value}"),
                    StaffAct(action="set", id=member.telegram_id, role=r.value))] for r in roles]
    rows.append([button(t("admin-btn-back"), Nav(to="staff"))])
    return markup(rows)


def audit(t: Tr) -> InlineKeyboardMarkup:
    return markup([[button(t("admin-btn-verify"), AuditAct(action="verify"))], home_row(t)])
