"""/start, the main menu, help and language."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command, CommandStart
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message

from bot.customer import keyboards
from bot.customer.callbacks import Lang, Menu
from bot.customer.screens import show
from bot.i18n import Tr
from core.i18n import Translator
from core.models import User
from core.services.users import UserService

router = Router(name="customer-start")


async def _home(event: Message | CallbackQuery, t: Tr, user: User, *, first: bool = False,
                notice: str | None = None) -> None:
    key = "welcome" if first else "menu-title"
    await show(event, t(key, name=user.first_name or user.username or "🙂",
                        shop=t("shop-name")), keyboards.main_menu(t), notice=notice)


@router.message(CommandStart())
async def start(message: Message, t: Tr, user: User, state: FSMContext) -> None:
    await state.clear()
    await _home(message, t, user, first=True)


@router.callback_query(Menu.filter(F.to == "home"))
async def home(query: CallbackQuery, t: Tr, user: User, state: FSMContext) -> None:
    await state.clear()
    await _home(query, t, user)


@router.message(Command("help"))
@router.callback_query(Menu.filter(F.to == "help"))
async def help_(event: Message | CallbackQuery, t: Tr) -> None:
    await show(event, t("help-text"), keyboards.only_home(t))


@router.message(Command("language"))
@router.callback_query(Menu.filter(F.to == "language"))
async def language(event: Message | CallbackQuery, t: Tr, users: UserService) -> None:
    await show(event, t("language-pick"), keyboards.languages(t, users.languages))


@router.callback_query(Lang.filter())
async def set_language(query: CallbackQuery, callback_data: Lang, t: Tr, users: UserService,
                       translator: Translator, user: User) -> None:
    updated = await users.set_language(user.telegram_id, callback_data.code)
    t = Tr(translator, updated.language, t.currency)
    await _home(query, t, updated, notice=t("language-set"))
