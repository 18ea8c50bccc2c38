"""A local stand-in for the Telegram Bot API, for tests, the terminal chat client and benchmarks.

Run real aiogram bots against it with
``Bot(token, session=AiohttpSession(api=TelegramAPIServer.from_base(standin.base_url)))``.
"""

from standin.limits import ApiError, RateLimits
from standin.server import BotApi, Standin, run_standin
from standin.state import Clock, ControlError, StandinState, UserAction

__all__ = [
    "ApiError",
    "BotApi",
    "Clock",
    "ControlError",
    "RateLimits",
    "Standin",
    "StandinState",
    "UserAction",
    "run_standin",
]
