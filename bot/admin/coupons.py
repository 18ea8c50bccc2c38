"""Coupons: list with usage, create (``/newcoupon``), disable or enable again."""

from __future__ import annotations

from datetime import UTC, datetime

from aiogram import F, Router
from aiogram.filters import Command, CommandObject
from aiogram.types import CallbackQuery, Message

from bot.admin import keyboards
from bot.admin.callbacks import CouponAct, Nav
from bot.admin.gate import ADMIN, SUPPORT
from bot.admin.screens import show
from bot.i18n import Tr
from core.errors import InvalidAmount
from core.models import Coupon, CouponKind
from core.money import parse_price
from core.services.coupons import CouponService

router = Router(name="admin-coupons")
FULL_PERCENT = 10_000  # basis points


class SpecError(ValueError):
    """What is wrong with a /newcoupon line (``str()`` names the part)."""


def parse_coupon(args: str, currency: str) -> Coupon:
    """``CODE 10%|₹50 [total=N] [per_user=N] [expires=YYYY-MM-DD] [plans=ID,ID] [min=AMOUNT]``"""
    words = (args or "").split()
    if len(words) < 2:
        raise SpecError("CODE VALUE")
    code, value = words[0], words[1]
    if value.endswith("%"):
        try:
            percent = parse_price(value[:-1], "USD")  # two decimals: basis points
        except InvalidAmount:
            raise SpecError(value) from None
        coupon = Coupon(code=code, kind=CouponKind.PERCENT, value=percent)
    else:
        try:
            coupon = Coupon(code=code, kind=CouponKind.FIXED, value=parse_price(value, currency))
        except InvalidAmount:
            raise SpecError(value) from None
    for word in words[2:]:
        name, _, raw = word.partition("=")
        try:
            if name in ("total", "per_user"):
                setattr(coupon, f"{name}_limit", int(raw))
            elif name == "expires":
                coupon.expires_at = datetime.strptime(raw, "%Y-%m-%d").replace(tzinfo=UTC)
            elif name == "plans":
                coupon.product_ids = [p for p in raw.split(",") if p]
            elif name == "min":
                coupon.min_amount = parse_price(raw, currency)
            else:
                raise SpecError(word)
        except (ValueError, InvalidAmount):
            raise SpecError(word) from None
    return coupon


def _value(t: Tr, c: Coupon) -> str:
    if c.kind is CouponKind.PERCENT:
        whole, cents = divmod(c.value, 100)
        return f"{whole}%" if not cents else f"{whole}.{cents:02d}%"
    return t.money(c.value)


async def _list(event: Message | CallbackQuery, t: Tr, coupons: CouponService,
                notice: str | None = None) -> None:
    items = await coupons.list()
    lines = [t("admin-coupon-line", code=c.code, value=_value(t, c), used=c.used,
               limit=str(c.total_limit) if c.total_limit is not None else "∞",
               expires=t.date(c.expires_at) if c.expires_at else "—",
               state=t("admin-coupon-on") if c.active else t("admin-coupon-off"))
             for c in items]
    await show(event, t("admin-coupons-title") + "\n\n" +
               ("\n".join(lines) or t("admin-list-empty")),
               keyboards.coupons(t, items), notice=notice)


@router.message(Command("coupons"), flags=SUPPORT)
@router.callback_query(Nav.filter(F.to == "coupons"), flags=SUPPORT)
async def coupon_list(event: Message | CallbackQuery, t: Tr, coupons: CouponService) -> None:
    await _list(event, t, coupons)


@router.message(Command("newcoupon"), flags=ADMIN)
async def coupon_new(message: Message, command: CommandObject, t: Tr, actor: str,
                     coupons: CouponService) -> None:
    try:
        draft = parse_coupon(command.args or "", t.currency)
    except SpecError as bad:
        await message.answer(t("admin-coupon-usage", part=str(bad)))
        return
    coupon = await coupons.add(draft, actor=actor)
    await message.answer(t("admin-coupon-added", code=coupon.code, value=_value(t, coupon)),
                         reply_markup=keyboards.only_home(t))


@router.callback_query(CouponAct.filter(), flags=ADMIN)
async def coupon_toggle(query: CallbackQuery, callback_data: CouponAct, t: Tr, actor: str,
                        coupons: CouponService) -> None:
    await coupons.set_active(callback_data.code, callback_data.action == "on", actor=actor)
    await _list(query, t, coupons, notice=t("admin-product-saved"))
