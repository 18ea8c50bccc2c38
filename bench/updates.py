"""Updates per second the customer bot handles end to end, against a bare aiogram echo bot.

1,000 simulated customers send /start at the same moment through the local Bot API stand-in;
the real customer dispatcher registers each one in the SQLite store and answers with the menu.
The same load then goes through an echo bot (one handler, no store, aiogram's own session: no
pacing): the ceiling of this machine for bare aiogram + the stand-in. Errors (failed Bot API
calls) and unanswered updates are counted; the target is zero of each. The last line is one
JSON object.

    .venv/bin/python bench/updates.py [--customers 1000]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from aiogram import Bot, Dispatcher, Router
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.types import Message

from bot.customer import build_dispatcher
from bot.factory import make_bot
from bot.ratelimit import SendPacer
from core.bootstrap import build_services
from core.config import Settings
from core.crypto import KeyRing
from core.i18n import Translator
from core.storage import open_store
from standin import RateLimits, run_standin

# The stand-in runs with its flood limits off, so the bots' own pacing (30 sends/s per bot by
# default) is lifted too: the bench measures handling, not the pacer.
UNPACED = lambda: SendPacer(1e9, 0.0)  # noqa: E731
TOKEN = "800001:bench-token"
BOT_ID = 800001


def echo_dispatcher() -> Dispatcher:
    router = Router()

    @router.message()
    async def echo(message: Message) -> None:
        await message.answer("hi")

    dp = Dispatcher()
    dp.include_router(router)
    return dp


def bare_bot(base_url: str) -> Bot:
    """A bot as aiogram makes it: its own session, no pacing, no retries."""
    return Bot(TOKEN, session=AiohttpSession(api=TelegramAPIServer.from_base(base_url)))


async def _load(make_dp: Callable[[], Dispatcher], customers: int, *,
                bare: bool = False) -> dict[str, float]:
    async with run_standin(port=0, rate_limits=RateLimits.disabled()) as standin:
        state = standin.state
        for uid in range(1, customers + 1):
            state.ensure_user(10_000 + uid, first_name=f"C{uid}", language_code="en")
        bot = bare_bot(standin.base_url) if bare else make_bot(TOKEN, standin.base_url,
                                                               pacer=UNPACED())
        dp = make_dp()
        polling = asyncio.create_task(dp.start_polling(bot, handle_signals=False,
                                                       polling_timeout=1))
        await asyncio.sleep(0.3)
        start = time.perf_counter()
        for uid in range(1, customers + 1):
            state.send_command(BOT_ID, 10_000 + uid, "start")
        timed_out = False
        try:
            await state.wait_until_answered(BOT_ID, timeout=300)
        except TimeoutError:
            timed_out = True
        elapsed = time.perf_counter() - start
        stats = state.stats(BOT_ID)
        await dp.stop_polling()
        await polling
        await bot.session.close()
    errors = stats["errors"]
    errors = sum(errors.values()) if isinstance(errors, dict) else int(errors)
    return {"per_s": customers / elapsed, "seconds": elapsed, "errors": errors,
            "unanswered": stats["unanswered"], "timed_out": timed_out}


async def main(customers: int) -> dict[str, object]:
    logging.basicConfig(level=logging.WARNING)
    folder = Path(tempfile.mkdtemp(prefix="bench-updates-"))
    store = await open_store(f"sqlite:///{folder / 'bench.db'}")
    settings = Settings(_env_file=None, database_url=f"sqlite:///{folder / 'bench.db'}")
    services = build_services(settings, store, KeyRing.generate())
    translator = Translator()
    bot_run = await _load(lambda: build_dispatcher(services, translator), customers)
    ceiling = await _load(echo_dispatcher, customers, bare=True)
    users = await store.read(lambda tx: tx.users.count())
    await services.close()
    ratio = bot_run["per_s"] / ceiling["per_s"]
    print(f"customer bot: {bot_run['per_s']:7.0f} updates/s ({customers} /start in "
          f"{bot_run['seconds']:.2f} s), errors {bot_run['errors']}, unanswered "
          f"{bot_run['unanswered']}, users registered {users}")
    print(f"echo ceiling: {ceiling['per_s']:7.0f} updates/s, errors {ceiling['errors']}, "
          f"unanswered {ceiling['unanswered']}")
    print(f"ratio {ratio:.2f} (target >= 0.5); target >= 300 updates/s")
    return {"bench": "updates", "per_s": round(bot_run["per_s"], 1),
            "ceiling_per_s": round(ceiling["per_s"], 1), "ratio": round(ratio, 3),
            "errors": bot_run["errors"], "unanswered": bot_run["unanswered"],
            "registered": users}


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=1000)
    args = parser.parse_args()
    print(json.dumps(asyncio.run(main(args.customers))))
