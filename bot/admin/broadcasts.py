"""Broadcasts: compose (text, or a photo with a caption; segment; optional URL button), preview
with the audience size, confirm; then a progress message edited in place with Cancel, and the
final report."""

from __future__ import annotations

import base64
import io

from aiogram import Bot, F, Router
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import (
    BufferedInputFile,
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
)

from bot.admin import keyboards
from bot.admin.broadcast_watch import BroadcastWatcher
from bot.admin.callbacks import Bc, Nav, Segment
from bot.admin.gate import ADMIN
from bot.admin.screens import show
from bot.i18n import Tr
from core.bootstrap import LANGUAGES
from core.models import User
from core.services.broadcasts import BroadcastService

router = Router(name="admin-broadcasts")


class Compose(StatesGroup):
    text = State()
    segment = State()  # data: text
    button = State()  # data: text, segment, arg


@router.message(Command("broadcast"), flags=ADMIN)
@router.callback_query(Nav.filter(F.to == "broadcast"), flags=ADMIN)
async def compose(event: Message | CallbackQuery, t: Tr, state: FSMContext) -> None:
    await state.set_state(Compose.text)
    await show(event, t("admin-bc-ask-text"), keyboards.only_home(t))


@router.message(Compose.text, F.text, flags=ADMIN)
async def typed_text(message: Message, t: Tr, state: FSMContext) -> None:
    await state.set_state(Compose.segment)
    await state.set_data({"text": message.text or ""})
    await message.answer(t("admin-bc-ask-segment"),
                         reply_markup=keyboards.segments(t, LANGUAGES))


@router.message(Compose.text, F.photo, flags=ADMIN)
async def sent_photo(message: Message, bot: Bot, t: Tr, state: FSMContext) -> None:
    if not (message.caption or "").strip():
        await message.answer(t("admin-bc-photo-caption"), reply_markup=keyboards.only_home(t))
        return
    buffer = io.BytesIO()
    await bot.download(message.photo[-1], destination=buffer)  # type: ignore[index]
    await state.set_state(Compose.segment)
    await state.set_data({"text": message.caption or "", "photo": True})
    await state.update_data(photo_b64=base64.b64encode(buffer.getvalue()).decode())
    await message.answer(t("admin-bc-ask-segment"),
                         reply_markup=keyboards.segments(t, LANGUAGES))


@router.callback_query(Compose.segment, Segment.filter(), flags=ADMIN)
async def chosen_segment(query: CallbackQuery, callback_data: Segment, t: Tr,
                         state: FSMContext) -> None:
    await state.set_state(Compose.button)
    await state.update_data(segment=callback_data.segment, arg=callback_data.arg)
    await show(query, t("admin-bc-ask-button"), keyboards.bc_no_button(t))


async def _preview(event: Message | CallbackQuery, bot: Bot, chat_id: int, t: Tr, user: User,
                   label: str, url: str, broadcasts: BroadcastService,
                   state: FSMContext) -> None:
    data = await state.get_data()
    await state.clear()
    photo = base64.b64decode(str(data.get("photo_b64", ""))) if data.get("photo") else b""
    draft = await broadcasts.create(staff_id=user.telegram_id, text=str(data["text"]),
                                    segment=str(data["segment"]), segment_arg=str(data["arg"]),
                                    button_text=label, button_url=url, photo=photo)
    count = await broadcasts.audience_size(draft.id)
    markup = InlineKeyboardMarkup(inline_keyboard=[[InlineKeyboardButton(text=label, url=url)]]
                                  ) if url else None
    if photo:
        await bot.send_photo(chat_id, BufferedInputFile(photo, "broadcast.jpg"),
                             caption=draft.text, parse_mode=None, reply_markup=markup)
    else:
        await bot.send_message(chat_id, draft.text, parse_mode=None, reply_markup=markup)
    await bot.send_message(chat_id, t("admin-bc-preview", count=count,
                                      segment=t(f"admin-seg-{draft.segment}",
                                                arg=draft.segment_arg)),
                           reply_markup=keyboards.bc_confirm(t, draft.id))
    if isinstance(event, CallbackQuery):
        await event.answer()


@router.callback_query(Compose.button, Bc.filter(F.action == "nobutton"), flags=ADMIN)
async def no_button(query: CallbackQuery, bot: Bot, t: Tr, user: User,
                    broadcasts: BroadcastService, state: FSMContext) -> None:
    await _preview(query, bot, user.telegram_id, t, user, "", "", broadcasts, state)


@router.message(Compose.button, F.text, flags=ADMIN)
async def typed_button(message: Message, bot: Bot, t: Tr, user: User,
                       broadcasts: BroadcastService, state: FSMContext) -> None:
    label, _, url = (message.text or "").partition("|")
    if not label.strip() or not url.strip().startswith(("https://", "http://", "tg://")):
        await message.answer(t("admin-bc-bad-button"), reply_markup=keyboards.bc_no_button(t))
        return
    await _preview(message, bot, user.telegram_id, t, user, label.strip(), url.strip(),
                   broadcasts, state)


@router.callback_query(Bc.filter(F.action == "confirm"), flags=ADMIN)
async def confirm(query: CallbackQuery, callback_data: Bc, bot: Bot, t: Tr, user: User,
                  broadcasts: BroadcastService, broadcast_watch: BroadcastWatcher) -> None:
    await query.answer(t("admin-bc-started"))
    progress = await bot.send_message(user.telegram_id, t("admin-bc-queueing"),
                                      reply_markup=keyboards.bc_cancel(t, callback_data.id))
    started = await broadcasts.start(callback_data.id, staff_id=user.telegram_id,
                                     chat_id=user.telegram_id, message_id=progress.message_id)
    if started.message_id != progress.message_id:  # confirmed twice: one progress message
        await bot.delete_message(user.telegram_id, progress.message_id)
        return
    broadcast_watch.follow(bot, started.id)


@router.callback_query(Bc.filter(F.action == "cancel"), flags=ADMIN)
async def cancel(query: CallbackQuery, callback_data: Bc, t: Tr, user: User,
                 broadcasts: BroadcastService) -> None:
    await broadcasts.cancel(callback_data.id, staff_id=user.telegram_id)
    await query.answer(t("admin-bc-cancelling"), show_alert=False)
