"""Inline keyboards of the customer bot; button labels come from the locale files.

Keyboards that follow only from the language and plain values are kept (``Tr.kept``) and
shared as read-only ``Keyboard`` objects; the ones carrying a fresh intent or a customer's own
subscriptions are built for each screen."""

from __future__ import annotations

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.customer.callbacks import (
    Confirm,
    Lang,
    Menu,
    Page,
    PayDiff,
    Plan,
    Sub,
    TopupAmount,
    TopupPay,
)
from bot.i18n import Tr
from bot.keyboard import Keyboard
from core.models import Product, Subscription, SubscriptionStatus

MENU_ITEMS = ("plans", "subs", "wallet", "orders", "support", "language", "help")
LANGUAGE_NAMES = {"en": "English", "hi": "हिन्दी", "ru": "Русский", "bg": "Български"}


def _button(text: str, data: object) -> InlineKeyboardButton:
    return InlineKeyboardButton(text=text, callback_data=data.pack())  # type: ignore[attr-defined]


def back_home(t: Tr) -> InlineKeyboardButton:
    return _button(t("btn-menu"), Menu(to="home"))


def _grid(buttons: list[InlineKeyboardButton], width: int) -> list[list[InlineKeyboardButton]]:
    """Rows of ``width`` buttons (plain lists: aiogram's builder deep-copies on every export,
    which costs more than the rest of a /start)."""
    return [buttons[i:i + width] for i in range(0, len(buttons), width)]


def main_menu(t: Tr) -> InlineKeyboardMarkup:
    def build() -> Keyboard:
        buttons = [_button(t(f"menu-{item}"), Menu(to=item)) for item in MENU_ITEMS]
        return Keyboard.of(_grid(buttons, 2))

    return t.kept(("main_menu",), build)


def only_home(t: Tr) -> InlineKeyboardMarkup:
    return t.kept(("only_home",), lambda: Keyboard.of([[back_home(t)]]))


def languages(t: Tr, codes: tuple[str, ...]) -> InlineKeyboardMarkup:
    def build() -> Keyboard:
        buttons = [_button(LANGUAGE_NAMES.get(code, code), Lang(code=code)) for code in codes]
        return Keyboard.of([*_grid(buttons, 2), [back_home(t)]])

    return t.kept(("languages", tuple(codes)), build)


def wallet(t: Tr, has_history: bool) -> InlineKeyboardMarkup:
    def build() -> Keyboard:
        rows = [[_button(t("btn-topup"), Menu(to="topup"))]]
        if has_history:
            rows.append([_button(t("btn-history"), Page(kind="history", page=0))])
        rows.append([back_home(t)])
        return Keyboard.of(rows)

    return t.kept(("wallet", bool(has_history)), build)


def pager(t: Tr, kind: str, page: int, has_next: bool, back: Menu) -> InlineKeyboardMarkup:
    def build() -> Keyboard:
        nav = []
        if page > 0:
            nav.append(_button(t("btn-prev"), Page(kind=kind, page=page - 1)))
        if has_next:
            nav.append(_button(t("btn-next"), Page(kind=kind, page=page + 1)))
        rows = [nav] if nav else []
        rows.append([_button(t("btn-back"), back), back_home(t)])
        return Keyboard.of(rows)

    return t.kept(("pager", kind, page, bool(has_next), back.pack()), build)


def topup_amounts(t: Tr, presets: list[int]) -> InlineKeyboardMarkup:
    def build() -> Keyboard:
        buttons = [_button(t.money(amount), TopupAmount(amount=amount)) for amount in presets]
        return Keyboard.of([
            *_grid(buttons, 2), [_button(t("btn-other-amount"), TopupAmount(amount=0))],
            [_button(t("btn-back"), Menu(to="wallet"))]])

    return t.kept(("topup_amounts", tuple(presets)), build)


def gateways(t: Tr, amount: int, names: tuple[str, ...]) -> InlineKeyboardMarkup:
    def build() -> Keyboard:
        rows = [[_button(t(f"gateway-{g}"), TopupPay(amount=amount, gateway=g))]
                for g in names]
        rows.append([_button(t("btn-back"), Menu(to="topup"))])
        return Keyboard.of(rows)

    return t.kept(("gateways", amount, tuple(names)), build)


def pay_link(t: Tr, url: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(inline_keyboard=[
        [InlineKeyboardButton(text=t("btn-pay"), url=url)], [back_home(t)]])


def plans(t: Tr, products: list[tuple[Product, bool]]) -> InlineKeyboardMarkup:
    """Kept by what the buttons show (titles, prices, availability): a changed product or
    stock level makes another keyboard."""
    shown = tuple((product.id, product.title, product.price, bool(available))
                  for product, available in products)

    def build() -> Keyboard:
        rows = []
        for product_id, title, price, available in shown:
            mark = "" if available else " ✖"
            rows.append([_button(f"{title} · {t.money(price)}{mark}",
                                 Plan(action="show", product=product_id))])
        rows.append([back_home(t)])
        return Keyboard.of(rows)

    return t.kept(("plans", shown), build)


def plan_detail(t: Tr, product_id: str, available: bool) -> InlineKeyboardMarkup:
    def build() -> Keyboard:
        rows = []
        if available:
            rows.append([_button(t("btn-buy"), Plan(action="buy", product=product_id)),
                         _button(t("btn-coupon"), Plan(action="coupon", product=product_id))])
        rows.append([_button(t("btn-back"), Menu(to="plans")), back_home(t)])
        return Keyboard.of(rows)

    return t.kept(("plan_detail", product_id, bool(available)), build)


def confirm(t: Tr, intent: str, *, product: str = "", sub: str = "", amount: int = -1,
            shortfall: int = 0, gateway_names: tuple[str, ...] = ()) -> InlineKeyboardMarkup:
    rows = []
    if shortfall <= 0:
        rows.append([_button(t("btn-confirm"), Confirm(intent=intent, product=product, sub=sub,
                                                       amount=amount))])
    else:
        for g in gateway_names:
            rows.append([_button(t("btn-pay-difference", gateway=t(f"gateway-{g}")),
                                 PayDiff(intent=intent, gateway=g, product=product, sub=sub))])
    back = Plan(action="show", product=product) if product else Sub(action="show", sub=sub)
    rows.append([_button(t("btn-back"), back), back_home(t)])
    return InlineKeyboardMarkup(inline_keyboard=rows)


def after_purchase(t: Tr, sub_id: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(inline_keyboard=[
        [_button(t("btn-open-sub"), Sub(action="show", sub=sub_id))], [back_home(t)]])


def subscriptions(t: Tr, items: list[tuple[Subscription, str]]) -> InlineKeyboardMarkup:
    rows = [[_button(f"{title} · {t(f'sub-status-{sub.status.value}')}",
                     Sub(action="show", sub=sub.id))] for sub, title in items]
    rows.append([_button(t("menu-plans"), Menu(to="plans")), back_home(t)])
    return InlineKeyboardMarkup(inline_keyboard=rows)


def subscription(t: Tr, sub: Subscription, *, codes: bool, qr: bool) -> InlineKeyboardMarkup:
    rows = []
    if sub.status is SubscriptionStatus.ACTIVE:
        rows.append([_button(t("btn-credentials"), Sub(action="creds", sub=sub.id))])
        extra = []
        if codes:
            extra.append(_button(t("btn-code"), Sub(action="code", sub=sub.id)))
        if qr:
            extra.append(_button(t("btn-qr"), Sub(action="qr", sub=sub.id)))
        if extra:
            rows.append(extra)
        rows.append([_button(t("btn-report-problem"), Sub(action="report", sub=sub.id))])
    if sub.status in (SubscriptionStatus.ACTIVE, SubscriptionStatus.EXPIRED):
        toggle = "auto_off" if sub.auto_renew else "auto_on"
        rows.append([_button(t("btn-renew"), Sub(action="renew", sub=sub.id)),
                     _button(t(f"btn-{toggle.replace('_', '-')}"),
                             Sub(action=toggle, sub=sub.id))])
    rows.append([_button(t("btn-back"), Menu(to="subs")), back_home(t)])
    return InlineKeyboardMarkup(inline_keyboard=rows)


def back_to_sub(t: Tr, sub_id: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(inline_keyboard=[
        [_button(t("btn-back"), Sub(action="show", sub=sub_id)), back_home(t)]])


def code_refresh(t: Tr, sub_id: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(inline_keyboard=[
        [_button(t("btn-refresh"), Sub(action="code", sub=sub_id))],
        [_button(t("btn-back"), Sub(action="show", sub=sub_id))]])
