"""Products: list, add in validated steps, edit any field, activate/deactivate, preview."""

from __future__ import annotations

from typing import Any

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message

from bot.admin import keyboards
from bot.admin.callbacks import Choice, Nav, Prod
from bot.admin.gate import ADMIN, SUPPORT
from bot.admin.product_fields import CHOICES, FieldError, next_field, parse_field
from bot.admin.screens import show
from bot.i18n import Tr
from core.models import Product, StockLevel
from core.services.catalog import CatalogService, validate
from core.services.stock import StockService

router = Router(name="admin-products")


class ProductForm(StatesGroup):
    value = State()  # waiting for the value of data["field"]
    confirm = State()  # a new product's preview, waiting for Save


def render_product(t: Tr, p: Product, level: StockLevel | None) -> str:
    lv = level or StockLevel(p.id, 0, 0, 0, 0)
    return t("admin-product-card", title=p.title, id=p.id, description=p.description or "—",
             price=t.money(p.price), days=p.duration_days,
             delivery=t(f"admin-delivery-{p.delivery.value}"), slots=p.slots_per_item,
             totp=t(f"admin-totp-{p.totp_policy.value}"), qr=p.qr_export_limit,
             threshold=p.low_stock_threshold,
             state=t("admin-product-on") if p.active else t("admin-product-off"),
             available=lv.available_items, free=lv.free_slots, sold=lv.sold_items,
             revoked=lv.revoked_items)


def render_preview(t: Tr, p: Product, available: bool = True) -> str:
    """What a customer sees when they open the plan."""
    card = t("plan-detail", title=p.title, description=p.description or "—",
             price=t.money(p.price), days=p.duration_days,
             stock=t("plan-available") if available else t("plan-sold-out"))
    return t("admin-preview-title") + "\n\n" + card


async def _show_product(event: Message | CallbackQuery, t: Tr, catalog: CatalogService,
                        stock: StockService, product_id: str, notice: str | None = None) -> None:
    product = await catalog.get(product_id)
    levels = await stock.levels([product_id])
    await show(event, render_product(t, product, levels[0] if levels else None),
               keyboards.product(t, product), notice=notice)


@router.message(Command("products"), flags=SUPPORT)
@router.callback_query(Nav.filter(F.to == "products"), flags=SUPPORT)
async def product_list(event: Message | CallbackQuery, t: Tr, catalog: CatalogService,
                       state: FSMContext) -> None:
    await state.clear()
    products = await catalog.list(active_only=False)
    await show(event, t("admin-products-title", count=len(products)),
               keyboards.products(t, products))


@router.callback_query(Prod.filter(F.action == "show"), flags=SUPPORT)
async def product_show(query: CallbackQuery, callback_data: Prod, t: Tr, catalog: CatalogService,
                       stock: StockService, state: FSMContext) -> None:
    await state.clear()
    await _show_product(query, t, catalog, stock, callback_data.id)


@router.callback_query(Prod.filter(F.action == "preview"), flags=SUPPORT)
async def product_preview(query: CallbackQuery, callback_data: Prod, t: Tr,
                          catalog: CatalogService, stock: StockService) -> None:
    product = await catalog.get(callback_data.id)
    levels = await stock.levels([product.id])
    free = levels[0].free_slots if levels else 0
    available = product.active and (free > 0 or product.delivery.value == "manual")
    await show(query, render_preview(t, product, available),
               keyboards.back_to_product(t, product.id))


@router.callback_query(Prod.filter(F.action == "toggle"), flags=ADMIN)
async def product_toggle(query: CallbackQuery, callback_data: Prod, t: Tr, actor: str,
                         catalog: CatalogService, stock: StockService) -> None:
    product = await catalog.get(callback_data.id)
    await catalog.edit(product.id, actor=actor, active=not product.active)
    await _show_product(query, t, catalog, stock, product.id,
                        notice=t("admin-product-saved"))


async def _ask(event: Message | CallbackQuery, t: Tr, field: str, *, error: str = "") -> None:
    text = t(f"admin-ask-{field}")
    if error:
        text = f"{error}\n\n{text}"
    markup = keyboards.choices(t, field, CHOICES[field]) if field in CHOICES else \
        keyboards.cancel(t)
    await show(event, text, markup)


@router.callback_query(Prod.filter(F.action == "new"), flags=ADMIN)
async def product_new(query: CallbackQuery, t: Tr, state: FSMContext) -> None:
    first = next_field(None, {})
    assert first is not None
    await state.set_state(ProductForm.value)
    await state.set_data({"mode": "add", "field": first, "draft": {}})
    await _ask(query, t, first)


@router.callback_query(Prod.filter(F.action == "fields"), flags=ADMIN)
async def product_fields(query: CallbackQuery, callback_data: Prod, t: Tr) -> None:
    await show(query, t("admin-edit-which"), keyboards.product_fields(t, callback_data.id))


@router.callback_query(Prod.filter(F.action == "edit"), flags=ADMIN)
async def product_edit(query: CallbackQuery, callback_data: Prod, t: Tr,
                       state: FSMContext) -> None:
    if callback_data.field not in keyboards.EDITABLE_FIELDS:
        await query.answer(t("admin-button-stale"), show_alert=True)
        return
    await state.set_state(ProductForm.value)
    await state.set_data({"mode": "edit", "field": callback_data.field,
                          "product": callback_data.id})
    await _ask(query, t, callback_data.field)


async def _accept(event: Message | CallbackQuery, text: str, t: Tr, actor: str,
                  state: FSMContext, catalog: CatalogService, stock: StockService) -> None:
    data: dict[str, Any] = await state.get_data()
    field = str(data.get("field", ""))
    try:
        value = parse_field(field, text, t.currency)
    except FieldError as bad:
        await _ask(event, t, field, error=t(bad.key, **bad.params))
        return
    if data.get("mode") == "edit":
        await catalog.edit(str(data["product"]), actor=actor, **{field: value})
        await state.clear()
        await _show_product(event, t, catalog, stock, str(data["product"]),
                            notice=t("admin-product-saved"))
        return
    draft = dict(data.get("draft", {}))
    draft[field] = value
    following = next_field(field, draft)
    if following is not None:
        await state.update_data(field=following, draft=draft)
        await _ask(event, t, following)
        return
    await state.set_state(ProductForm.confirm)
    await state.update_data(field="", draft=draft)
    preview = validate(Product(id="new", **draft))
    await show(event, render_preview(t, preview) + "\n\n" + render_product(t, preview, None),
               keyboards.confirm_product(t))


@router.message(ProductForm.value, F.text, flags=ADMIN)
async def typed_value(message: Message, t: Tr, actor: str, state: FSMContext,
                      catalog: CatalogService, stock: StockService) -> None:
    await _accept(message, message.text or "", t, actor, state, catalog, stock)


@router.callback_query(ProductForm.value, Choice.filter(), flags=ADMIN)
async def chosen_value(query: CallbackQuery, callback_data: Choice, t: Tr, actor: str,
                       state: FSMContext, catalog: CatalogService, stock: StockService) -> None:
    if (await state.get_data()).get("field") != callback_data.field:
        await query.answer(t("admin-button-stale"), show_alert=True)
        return
    await _accept(query, callback_data.value, t, actor, state, catalog, stock)


@router.callback_query(ProductForm.confirm, Prod.filter(F.action == "save"), flags=ADMIN)
async def product_save(query: CallbackQuery, t: Tr, actor: str, state: FSMContext,
                       catalog: CatalogService, stock: StockService) -> None:
    draft = dict((await state.get_data()).get("draft", {}))
    await state.clear()
    product = await catalog.add(actor=actor, **draft)
    await _show_product(query, t, catalog, stock, product.id, notice=t("admin-product-saved"))


@router.callback_query(Prod.filter(F.action == "cancel"), flags=SUPPORT)
async def product_cancel(query: CallbackQuery, t: Tr, catalog: CatalogService,
                         state: FSMContext) -> None:
    await state.clear()
    await product_list(query, t, catalog, state)
