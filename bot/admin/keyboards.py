"""Inline keyboards of the admin bot; labels come from the locale files."""

from __future__ import annotations

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.admin.callbacks import Attn, AuditAct, Choice, Nav, Prod, StaffAct, StockAct, Ticket
from bot.i18n import Tr
from core.models import Product, Role, StockStatus, SupportTicket, User
from core.services.stats import Attention
from core.services.stock import StockEntry
from core.services.support import TicketView

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
    tools = [button(t("admin-btn-products"), Nav(to="products")),
             button(t("admin-btn-stock"), Nav(to="stock")),
             button(t("admin-btn-audit"), Nav(to="audit"))]
    if role is Role.ADMIN:
        tools.append(button(t("admin-btn-staff"), Nav(to="staff")))
    rows += [tools[:2], tools[2:]]
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


EDITABLE_FIELDS = ("platform", "plan", "description", "price", "duration_days", "delivery",
                   "slots_per_item", "totp_policy", "qr_export_limit", "low_stock_threshold")


def products(t: Tr, items: list[Product]) -> InlineKeyboardMarkup:
    rows = [[button(("🟢 " if p.active else "⚪️ ") + f"{p.title} · {t.money(p.price)}",
                    Prod(action="show", id=p.id))] for p in items]
    rows.append([button(t("admin-btn-add-product"), Prod(action="new"))])
    rows.append(home_row(t))
    return markup(rows)


def product(t: Tr, p: Product) -> InlineKeyboardMarkup:
    return markup([
        [button(t("admin-btn-edit"), Prod(action="fields", id=p.id)),
         button(t("admin-btn-deactivate") if p.active else t("admin-btn-activate"),
                Prod(action="toggle", id=p.id))],
        [button(t("admin-btn-preview"), Prod(action="preview", id=p.id))],
        [button(t("admin-btn-upload-stock"), StockAct(action="upload", id=p.id)),
         button(t("admin-btn-stock-items"), StockAct(action="items", id=p.id))],
        [button(t("admin-btn-products"), Nav(to="products"))],
    ])


def back_to_product(t: Tr, product_id: str) -> InlineKeyboardMarkup:
    return markup([[button(t("admin-btn-back"), Prod(action="show", id=product_id))]])


def product_fields(t: Tr, product_id: str) -> InlineKeyboardMarkup:
    buttons = [button(t(f"admin-field-{f}"), Prod(action="edit", id=product_id, field=f))
               for f in EDITABLE_FIELDS]
    rows = [buttons[i:i + 2] for i in range(0, len(buttons), 2)]
    rows.append([button(t("admin-btn-back"), Prod(action="show", id=product_id))])
    return markup(rows)


def choices(t: Tr, field: str, values: tuple[str, ...]) -> InlineKeyboardMarkup:
    prefix = "admin-delivery-" if field == "delivery" else "admin-totp-"
    rows = [[button(t(prefix + v), Choice(field=field, value=v))] for v in values]
    rows.append([button(t("admin-btn-cancel"), Prod(action="cancel"))])
    return markup(rows)


def cancel(t: Tr) -> InlineKeyboardMarkup:
    return markup([[button(t("admin-btn-cancel"), Prod(action="cancel"))]])


def confirm_product(t: Tr) -> InlineKeyboardMarkup:
    return markup([[button(t("admin-btn-save"), Prod(action="save")),
                    button(t("admin-btn-cancel"), Prod(action="cancel"))]])


def stock_items(t: Tr, product_id: str, items: list[StockEntry]) -> InlineKeyboardMarkup:
    rows = [[button(t("admin-btn-revoke-item", id=i.id), StockAct(action="revoke", id=i.id))]
            for i in items if i.status is not StockStatus.REVOKED]
    rows.append([button(t("admin-btn-back"), Prod(action="show", id=product_id))])
    return markup(rows)


def replace_for(t: Tr, subscription_ids: list[str]) -> InlineKeyboardMarkup:
    rows = [[button(t("admin-btn-replace", id=s), StockAct(action="replace", id=s))]
            for s in subscription_ids]
    rows.append(home_row(t))
    return markup(rows)


def ticket(t: Tr, view: TicketView) -> InlineKeyboardMarkup:
    rows = [[button(t("admin-btn-reply"), Ticket(action="reply", id=view.ticket.id))]]
    if view.subscription_id:
        rows[0].append(button(t("admin-btn-replace-credential"),
                              Ticket(action="replace", id=view.ticket.id)))
    rows.append([button(t("admin-btn-tickets"), Attn(kind="tickets")), *home_row(t)])
    return markup(rows)


def back_to_ticket(t: Tr, ticket_id: str) -> InlineKeyboardMarkup:
    return markup([[button(t("admin-btn-back"), Ticket(action="show", id=ticket_id))]])


def ticket_list(t: Tr, tickets: list[SupportTicket]) -> InlineKeyboardMarkup:
    rows = [[button(t("admin-btn-ticket", id=x.id, user=str(x.user_id)),
                    Ticket(action="show", id=x.id))] for x in tickets]
    rows.append(home_row(t))
    return markup(rows)
