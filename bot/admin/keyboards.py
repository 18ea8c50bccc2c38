"""Inline keyboards of the admin bot; labels come from the locale files."""

from __future__ import annotations

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.admin.callbacks import (
    AdjustGo,
    Approve,
    Attn,
    AuditAct,
    Bc,
    Choice,
    CouponAct,
    Cust,
    Manual,
    Mute,
    Nav,
    OrderAct,
    Prod,
    Segment,
    StaffAct,
    StockAct,
    Ticket,
    TopupAct,
)
from bot.i18n import Tr
from core.models import Coupon, Order, Product, Role, StockStatus, SupportTicket, TopUp, User
from core.services.staff import KINDS
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
    tools = [button(t("admin-btn-customers"), Nav(to="customers")),
             button(t("admin-btn-orders"), Nav(to="orders")),
             button(t("admin-btn-products"), Nav(to="products")),
             button(t("admin-btn-stock"), Nav(to="stock")),
             button(t("admin-btn-coupons"), Nav(to="coupons")),
             button(t("admin-btn-audit"), Nav(to="audit")),
             button(t("admin-btn-alerts"), Nav(to="alerts"))]
    if role is Role.ADMIN:
        tools.append(button(t("admin-btn-broadcast"), Nav(to="broadcast")))
        tools.append(button(t("admin-btn-staff"), Nav(to="staff")))
    rows += [tools[i:i + 2] for i in range(0, len(tools), 2)]
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
    closed = view.ticket.status.value == "closed"
    rows.append([button(t("admin-btn-reopen-ticket") if closed else t("admin-btn-close-ticket"),
                        Ticket(action="reopen" if closed else "close", id=view.ticket.id)),
                 button(t("admin-btn-customer"), Cust(action="show", id=view.ticket.user_id))])
    rows.append([button(t("admin-btn-tickets"), Attn(kind="tickets")), *home_row(t)])
    return markup(rows)


def back_to_ticket(t: Tr, ticket_id: str) -> InlineKeyboardMarkup:
    return markup([[button(t("admin-btn-back"), Ticket(action="show", id=ticket_id))]])


def ticket_list(t: Tr, tickets: list[SupportTicket]) -> InlineKeyboardMarkup:
    rows = [[button(t("admin-btn-ticket", id=x.id, user=str(x.user_id)),
                    Ticket(action="show", id=x.id))] for x in tickets]
    rows.append(home_row(t))
    return markup(rows)


def customer(t: Tr, c: User, role: Role) -> InlineKeyboardMarkup:
    cid = c.telegram_id
    rows = [[button(t("admin-btn-ledger"), Cust(action="ledger", id=cid)),
             button(t("admin-btn-orders"), Cust(action="orders", id=cid))],
            [button(t("admin-btn-subs"), Cust(action="subs", id=cid)),
             button(t("admin-btn-tickets-of"), Cust(action="tickets", id=cid))],
            [button(t("admin-btn-message"), Cust(action="message", id=cid))]]
    if role is Role.ADMIN:
        rows.append([button(t("admin-btn-adjust"), Cust(action="adjust", id=cid)),
                     button(t("admin-btn-unblock") if c.blocked else t("admin-btn-block"),
                            Cust(action="unblock" if c.blocked else "block", id=cid))])
    rows.append(home_row(t))
    return markup(rows)


def back_to_customer(t: Tr, customer_id: int) -> InlineKeyboardMarkup:
    return markup([[button(t("admin-btn-back"), Cust(action="show", id=customer_id))]])


def ledger_pages(t: Tr, customer_id: int, page: int, has_next: bool) -> InlineKeyboardMarkup:
    nav = []
    if page > 0:
        nav.append(button(t("admin-btn-prev"), Cust(action="ledger", id=customer_id,
                                                    page=page - 1)))
    if has_next:
        nav.append(button(t("admin-btn-next"), Cust(action="ledger", id=customer_id,
                                                    page=page + 1)))
    rows = [nav] if nav else []
    rows.append([button(t("admin-btn-back"), Cust(action="show", id=customer_id))])
    return markup(rows)


def adjust_confirm(t: Tr, key: str, customer_id: int) -> InlineKeyboardMarkup:
    return markup([[button(t("admin-btn-confirm"), AdjustGo(key=key))],
                   [button(t("admin-btn-cancel"), Cust(action="show", id=customer_id))]])


ORDER_STATUSES = ("pending", "completed", "refunded")


def order_statuses(t: Tr) -> InlineKeyboardMarkup:
    return markup([[button(t(f"admin-order-status-{s}"), OrderAct(action="list", id=s))
                    for s in ORDER_STATUSES], home_row(t)])


def order_list(t: Tr, orders: list[Order], back: object | None = None) -> InlineKeyboardMarkup:
    rows = [[button(f"{o.id} · {t.money(o.amount)} · {t(f'admin-order-status-{o.status.value}')}",
                    OrderAct(action="show", id=o.id))] for o in orders]
    rows.append([button(t("admin-btn-back"), back or Nav(to="orders"))])
    return markup(rows)


def order(t: Tr, o: Order, role: Role) -> InlineKeyboardMarkup:
    rows = []
    if role is Role.ADMIN and o.status.value == "pending":
        rows.append([button(t("admin-btn-deliver"), OrderAct(action="deliver", id=o.id))])
    if role is Role.ADMIN and o.status.value != "refunded":
        rows.append([button(t("admin-btn-refund-return"), OrderAct(action="return", id=o.id)),
                     button(t("admin-btn-refund-revoke"), OrderAct(action="revoke", id=o.id))])
    rows.append([button(t("admin-btn-customer"), Cust(action="show", id=o.user_id))])
    rows.append([button(t("admin-btn-back"), Nav(to="orders")), *home_row(t)])
    return markup(rows)


def topup(t: Tr, x: TopUp, role: Role) -> InlineKeyboardMarkup:
    rows = []
    if role is Role.ADMIN and x.status.value in ("credited", "refunding"):
        rows.append([button(t("admin-btn-refund-topup"), TopupAct(action="refund", id=x.id))])
    rows.append([button(t("admin-btn-customer"), Cust(action="show", id=x.user_id))])
    rows.append(home_row(t))
    return markup(rows)


def manual_payment(t: Tr, payment_id: str) -> InlineKeyboardMarkup:
    return markup([[button(t("admin-btn-approve"), Manual(action="yes", id=payment_id)),
                    button(t("admin-btn-reject"), Manual(action="no", id=payment_id))]])


def approvals(t: Tr, ids: list[str]) -> InlineKeyboardMarkup:
    rows = [[button(t("admin-btn-approve-id", id=i), Approve(action="yes", id=i)),
             button(t("admin-btn-reject"), Approve(action="no", id=i))] for i in ids]
    rows.append(home_row(t))
    return markup(rows)


def transfers(t: Tr, ids: list[str]) -> InlineKeyboardMarkup:
    rows = [[button(t("admin-btn-view-screenshot") + f" {i}", Manual(action="view", id=i))]
            for i in ids]
    rows.append(home_row(t))
    return markup(rows)


def coupons(t: Tr, items: list[Coupon]) -> InlineKeyboardMarkup:
    rows = [[button(t("admin-btn-coupon-off", code=c.code) if c.active else
                    t("admin-btn-coupon-on", code=c.code),
                    CouponAct(action="off" if c.active else "on", code=c.code))] for c in items]
    rows.append(home_row(t))
    return markup(rows)


def segments(t: Tr, languages: tuple[str, ...]) -> InlineKeyboardMarkup:
    rows = [[button(t("admin-seg-all", arg=""), Segment(segment="all"))],
            [button(t("admin-seg-language", arg=code), Segment(segment="language", arg=code))
             for code in languages],
            [button(t("admin-seg-active", arg=""), Segment(segment="active")),
             button(t("admin-seg-never", arg=""), Segment(segment="never"))],
            [button(t("admin-seg-expired", arg=days), Segment(segment="expired", arg=days))
             for days in ("7", "30")],
            home_row(t)]
    return markup(rows)


def bc_no_button(t: Tr) -> InlineKeyboardMarkup:
    return markup([[button(t("admin-btn-no-button"), Bc(action="nobutton"))], home_row(t)])


def bc_confirm(t: Tr, broadcast_id: str) -> InlineKeyboardMarkup:
    return markup([[button(t("admin-btn-send-broadcast"), Bc(action="confirm", id=broadcast_id)),
                    button(t("admin-btn-cancel"), Bc(action="cancel", id=broadcast_id))]])


def bc_cancel(t: Tr, broadcast_id: str) -> InlineKeyboardMarkup:
    return markup([[button(t("admin-btn-stop-broadcast"), Bc(action="cancel", id=broadcast_id))]])


def alert_kinds(t: Tr, muted: set[str]) -> InlineKeyboardMarkup:
    rows = [[button(("🔕 " if kind in muted else "🔔 ") + t(f"admin-alert-{kind}"),
                    Mute(kind=kind))] for kind in KINDS]
    rows.append(home_row(t))
    return markup(rows)
