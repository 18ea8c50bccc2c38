"""The admin bot's screens are shown by the shared ``bot.screens.show``."""

from bot.screens import show

__all__ = ["show"]
