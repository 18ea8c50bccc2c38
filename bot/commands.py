"""The command menu, registered per language with setMyCommands."""

from __future__ import annotations

from aiogram import Bot
from aiogram.types import BotCommand

from core.i18n import Translator

CUSTOMER_COMMANDS = ("start", "plans", "subs", "wallet", "topup", "orders", "support",
                     "language", "help")


async def register_commands(bot: Bot, translator: Translator,
                            commands: tuple[str, ...] = CUSTOMER_COMMANDS, *,
                            key_prefix: str = "cmd-") -> None:
    """Each command's description is the locale key ``<key_prefix><command>``."""
    def menu(language: str) -> list[BotCommand]:
        return [BotCommand(command=c, description=translator.text(language, f"{key_prefix}{c}"))
                for c in commands]

    await bot.set_my_commands(menu(translator.fallback))
    for language in translator.languages:
        await bot.set_my_commands(menu(language), language_code=language)
