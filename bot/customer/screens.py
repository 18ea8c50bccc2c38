"""The customer bot's screens are shown by the shared ``bot.screens.show``."""

from bot.screens import chat_id, show

__all__ = ["chat_id", "show"]
