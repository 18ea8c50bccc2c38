"""Stock: counts per product and state, imports from a CSV/TXT document or pasted lines (the
report in the chat), revoke an item, replace a live subscription's broken credential."""

from __future__ import annotations

import io

from aiogram import Bot, F, Router
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message

from bot.admin import keyboards
from bot.admin.callbacks import Nav, StockAct
from bot.admin.gate import ADMIN, SUPPORT
from bot.admin.screens import show
from bot.i18n import Tr
from core.services.catalog import CatalogService
from core.services.stock import ImportReport, StockService

router = Router(name="admin-stock")
MAX_UPLOAD_BYTES = 2 * 1024 * 1024
SHOWN_PROBLEMS = 30


class StockUpload(StatesGroup):
    lines = State()  # data: product


def render_report(t: Tr, title: str, report: ImportReport) -> str:
    lines = [t("admin-import-report", product=title, added=report.added,
               duplicates=len(report.duplicates), errors=len(report.errors))]
    problems = sorted(report.errors + report.duplicates, key=lambda p: p.line_no)
    lines += [t("admin-import-line", line=p.line_no, reason=p.reason)
              for p in problems[:SHOWN_PROBLEMS]]
    if len(problems) > SHOWN_PROBLEMS:
        lines.append(t("admin-import-more", count=len(problems) - SHOWN_PROBLEMS))
    return "\n".join(lines)


@router.message(Command("stock"), flags=SUPPORT)
@router.callback_query(Nav.filter(F.to == "stock"), flags=SUPPORT)
async def levels(event: Message | CallbackQuery, t: Tr, catalog: CatalogService,
                 stock: StockService) -> None:
    products = await catalog.list(active_only=False)
    by_id = {lv.product_id: lv for lv in await stock.levels([p.id for p in products])}
    rows = []
    for p in products:
        lv = by_id.get(p.id)
        rows.append(t("admin-stock-line", product=p.title, available=lv.available_items if lv
                      else 0, free=lv.free_slots if lv else 0, sold=lv.sold_items if lv else 0,
                      revoked=lv.revoked_items if lv else 0))
    body = "\n".join(rows) if rows else t("admin-list-empty")
    await show(event, t("admin-stock-title") + "\n\n" + body, keyboards.products(t, products))


@router.callback_query(StockAct.filter(F.action == "upload"), flags=ADMIN)
async def upload(query: CallbackQuery, callback_data: StockAct, t: Tr, catalog: CatalogService,
                 state: FSMContext) -> None:
    product = await catalog.get(callback_data.id)
    await state.set_state(StockUpload.lines)
    await state.set_data({"product": product.id})
    await show(query, t("admin-upload-ask", product=product.title),
               keyboards.back_to_product(t, product.id))


async def _import(message: Message, text: str, t: Tr, actor: str, state: FSMContext,
                  catalog: CatalogService, stock: StockService, fmt: str = "auto") -> None:
    product_id = str((await state.get_data()).get("product", ""))
    await state.clear()
    product = await catalog.get(product_id)
    report = await stock.import_items(product.id, text, actor=actor, fmt=fmt)
    await message.answer(render_report(t, product.title, report),
                         reply_markup=keyboards.back_to_product(t, product.id))


@router.message(StockUpload.lines, F.document, flags=ADMIN)
async def uploaded_file(message: Message, bot: Bot, t: Tr, actor: str, state: FSMContext,
                        catalog: CatalogService, stock: StockService) -> None:
    document = message.document
    assert document is not None
    name = (document.file_name or "").lower()
    if not name.endswith((".csv", ".txt")) or (document.file_size or 0) > MAX_UPLOAD_BYTES:
        await message.answer(t("admin-upload-bad-file"))
        return
    buffer = io.BytesIO()
    await bot.download(document, destination=buffer)
    try:
        text = buffer.getvalue().decode("utf-8-sig")
    except UnicodeDecodeError:
        await message.answer(t("admin-upload-bad-file"))
        return
    fmt = "csv" if name.endswith(".csv") else "lines"
    await _import(message, text, t, actor, state, catalog, stock, fmt)


@router.message(StockUpload.lines, F.text, flags=ADMIN)
async def pasted_lines(message: Message, t: Tr, actor: str, state: FSMContext,
                       catalog: CatalogService, stock: StockService) -> None:
    await _import(message, message.text or "", t, actor, state, catalog, stock)


@router.callback_query(StockAct.filter(F.action == "items"), flags=SUPPORT)
async def items(query: CallbackQuery, callback_data: StockAct, t: Tr,
                stock: StockService) -> None:
    entries = await stock.list_items(callback_data.id, limit=20)
    lines = [t("admin-item-line", id=e.id, status=t(f"admin-item-status-{e.status.value}"),
               used=e.slots_used, total=e.slots_total, batch=e.batch or "—") for e in entries]
    body = "\n".join(lines) if lines else t("admin-list-empty")
    await show(query, t("admin-items-title") + "\n\n" + body,
               keyboards.stock_items(t, callback_data.id, entries))


@router.callback_query(StockAct.filter(F.action == "revoke"), flags=ADMIN)
async def revoke(query: CallbackQuery, callback_data: StockAct, t: Tr, actor: str,
                 stock: StockService) -> None:
    live = await stock.revoke(callback_data.id, actor=actor, reason="revoked by staff")
    text = t("admin-item-revoked", id=callback_data.id, count=len(live))
    await show(query, text, keyboards.replace_for(t, [s.id for s in live]),
               notice=t("admin-item-revoked-short"))


@router.callback_query(StockAct.filter(F.action == "replace"), flags=ADMIN)
async def replace(query: CallbackQuery, callback_data: StockAct, t: Tr, actor: str,
                  stock: StockService) -> None:
    sub = await stock.replace_credential(callback_data.id, actor=actor,
                                         reason="replaced by staff")
    await show(query, t("admin-replaced", sub=sub.id, user=str(sub.user_id)),
               keyboards.only_home(t), notice=t("admin-replaced-short"))
