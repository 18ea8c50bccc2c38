"""The browse journey for many customers at once, against a bare aiogram echo bot.

Each customer does ``/start`` → Plans → a plan → Back → ``/wallet`` → ``/orders`` → ``/help``
→ Menu with ``--think`` seconds between steps, all customers at once, through the local Bot
API stand-in with flood limits off: first 200, then 1,000 customers, each time beside an echo
bot (one handler, no store) taking the same number of updates in the same run. Printed per
run: updates/s, p50/p99 latency (update created → handled), errors, CPU per update; the ratio
is the echo bot's CPU per update over the customer bot's (1.0 = as cheap as echo). Then the
journey's typed commands through ``subvault run --workers 1`` and ``--workers 2`` (webhook
mode, real processes) for updates/s. Figures are noisy on a shared machine.

    .venv/bin/python bench/journey.py [--think 1.0] [--skip-workers]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import signal
import socket
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from aiogram import BaseMiddleware, Bot, Dispatcher, Router
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.types import CallbackQuery, Message

from bot.customer import build_dispatcher
from bot.factory import make_bot
from bot.ratelimit import SendPacer
from core.bootstrap import build_services
from core.config import Settings
from core.crypto import KeyRing, write_key_file
from core.i18n import Translator
from core.models import TotpPolicy
from core.storage import open_store
from standin import RateLimits, StandinState, run_standin

TOKEN = "800002:bench-journey-token"
BOT_ID = 800002
STEPS = [("cmd", "start"), ("press", "Plans"), ("press", "Netflix"), ("press", "Back"),
         ("cmd", "wallet"), ("cmd", "orders"), ("cmd", "help"), ("press", "Menu")]
ECHO_STEPS = [("cmd", "start"), ("press", "Echo")] * 4


class Done(BaseMiddleware):
    def __init__(self) -> None:
        self.waiters: dict[int, asyncio.Future[float]] = {}

    def future(self, update_id: int) -> asyncio.Future[float]:
        fut = self.waiters.get(update_id)
        if fut is None:
            fut = self.waiters[update_id] = asyncio.get_running_loop().create_future()
        return fut

    async def __call__(self, handler, event, data):
        try:
            return await handler(event, data)
        finally:
            fut = self.future(event.update_id)
            if not fut.done():
                fut.set_result(time.perf_counter())


def echo_dispatcher(done: Done) -> Dispatcher:
    router = Router()

    @router.message()
    async def echo(message: Message) -> None:
        await message.answer("hi", reply_markup={"inline_keyboard": [[
            {"text": "Echo", "callback_data": "e"}]]})

    @router.callback_query()
    async def tapped(query: CallbackQuery) -> None:
        await query.answer()

    dp = Dispatcher()
    dp.update.outer_middleware(done)
    dp.include_router(router)
    return dp


def _button(state: StandinState, user: int, label: str) -> tuple[int, str]:
    message = state.last_bot_message(BOT_ID, user)
    for row in (message.get("reply_markup") or {}).get("inline_keyboard", []):
        for button in row:
            if label in button["text"] and "callback_data" in button:
                return message["message_id"], button["callback_data"]
    raise LookupError(label)


async def _customer(state: StandinState, user: int, steps: list[tuple[str, str]], think: float,
                    wait: Callable[[int], Awaitable[float]], latencies: list[float],
                    errors: list[str]) -> None:
    for kind, arg in steps:
        started = time.perf_counter()
        try:
            if kind == "cmd":
                update_id = state.send_command(BOT_ID, user, arg, "").update_id
            else:
                message_id, data = _button(state, user, arg)
                update_id = state.press_button(BOT_ID, user, message_id, data=data).update_id
            latencies.append(await wait(update_id) - started)
        except (LookupError, TimeoutError) as exc:
            errors.append(f"{type(exc).__name__}: {exc}")
            return
        if think:
            await asyncio.sleep(think)


def _summary(latencies: list[float], updates: int, elapsed: float, cpu: float,
             errors: int) -> dict[str, float]:
    ordered = sorted(latencies) or [0.0]
    return {"updates": updates, "per_s": updates / elapsed, "elapsed_s": elapsed,
            "p50_ms": 1000 * statistics.median(ordered),
            "p99_ms": 1000 * ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))],
            "cpu_ms_per_update": 1000 * cpu / max(1, updates), "errors": errors}


def bare_bot(base_url: str) -> Bot:
    """A bot as aiogram makes it: its own session, no pacing, no retries."""
    return Bot(TOKEN, session=AiohttpSession(api=TelegramAPIServer.from_base(base_url)))


async def _run_polling(make_dp: Callable[[Done], Dispatcher], customers: int,
                       steps: list[tuple[str, str]], think: float, first_uid: int, *,
                       bare: bool = False) -> dict[str, float]:
    async with run_standin(port=0, rate_limits=RateLimits.disabled()) as standin:
        state = standin.state
        users = [first_uid + i for i in range(customers)]
        for uid in users:
            state.ensure_user(uid, first_name=f"C{uid}", language_code="en")
        bot = bare_bot(standin.base_url) if bare else make_bot(
            TOKEN, standin.base_url, pacer=SendPacer(1e9, 0.0))  # stand-in limits are off
        done = Done()
        dp = make_dp(done)
        polling = asyncio.create_task(dp.start_polling(bot, handle_signals=False,
                                                       polling_timeout=1))
        await asyncio.sleep(0.3)

        async def wait(update_id: int) -> float:
            return await asyncio.wait_for(done.future(update_id), 120)

        latencies: list[float] = []
        errors: list[str] = []
        cpu0, start = time.process_time(), time.perf_counter()
        await asyncio.gather(*(_customer(state, uid, steps, think, wait, latencies, errors)
                               for uid in users))
        elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu0
        api_errors = state.stats(BOT_ID)["errors"]
        await dp.stop_polling()
        await polling
        await bot.session.close()
    api_errors = sum(api_errors.values()) if isinstance(api_errors, dict) else int(api_errors)
    return _summary(latencies, len(latencies), elapsed - think * len(steps), cpu,
                    len(errors) + api_errors)


async def _seed(services: Any) -> None:
    await services.catalog.add(actor="bench", platform="Netflix", plan="Premium", price=29_900,
                               duration_days=30, description="4K",
                               totp_policy=TotpPolicy.CODES_AND_QR, qr_export_limit=2)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def _run_workers(workers: int, customers: int, folder: Path) -> dict[str, float]:
    """The journey's typed commands, twice, by every customer at once through ``subvault run
    --workers N`` in webhook mode; updates/s until every one is answered 200 (handled)."""
    db = folder / f"workers{workers}.db"
    store = await open_store(f"sqlite:///{db}")
    keys = folder / "bench.keys"
    if not keys.exists():
        write_key_file(KeyRing.generate(), keys)
    settings = Settings(_env_file=None, database_url=f"sqlite:///{db}")
    services = build_services(settings, store, KeyRing.generate())
    await _seed(services)
    await services.close()
    port = _free_port()
    async with run_standin(port=0, rate_limits=RateLimits.disabled()) as standin:
        state = standin.state
        env = os.environ | {
            "CUSTOMER_BOT_TOKEN": TOKEN, "TELEGRAM_API_BASE": standin.base_url,
            "BOT_MODE": "webhook", "TELEGRAM_WEBHOOK_SECRET": "bench-workers",
            "API_HOST": "127.0.0.1", "API_PORT": str(port),
            "PUBLIC_BASE_URL": f"http://127.0.0.1:{port}", "KEYS_FILE": str(keys),
            "DATABASE_URL": f"sqlite:///{db}", "LOG_LEVEL": "WARNING",
            "TELEGRAM_SEND_RATE": "1000000"}  # flood limits off, as on the stand-in
        parent = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "subvault.cli", "run", "--workers", str(workers), env=env,
            stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL)
        bot = state.bots.get(BOT_ID)
        async with asyncio.timeout(300):
            while bot is None or bot.webhook is None:
                await asyncio.sleep(0.2)
                bot = state.bots.get(BOT_ID)
            await asyncio.sleep(3.0 * workers)  # every worker up and its setWebhook done
        users = [30_000 + i for i in range(customers)]
        for uid in users:
            state.ensure_user(uid, first_name=f"W{uid}", language_code="en")
        commands = [arg for kind, arg in STEPS if kind == "cmd"] * 2
        target = bot.updates_created + len(users) * len(commands)
        start = time.perf_counter()
        sent = bot.updates_created
        for command in commands:  # typed commands only: no reply needs reading first; one
            for uid in users:  # round at a time, as customers who read each reply
                state.send_command(BOT_ID, uid, command, "")
            sent += len(users)
            async with asyncio.timeout(300):
                while bot.updates_delivered < sent:  # noqa: ASYNC110 - the stand-in's counter
                    await asyncio.sleep(0.01)  # (a 200 from a worker means handled)
        assert bot.updates_delivered >= target
        elapsed = time.perf_counter() - start
        latencies: list[float] = []
        errors: list[str] = []
        parent.send_signal(signal.SIGTERM)
        await asyncio.wait_for(parent.wait(), 60)
    return _summary(latencies, len(users) * len(commands), elapsed, 0.0, len(errors))


async def main(think: float, skip_workers: bool) -> dict[str, object]:
    logging.basicConfig(level=logging.WARNING)
    folder = Path(tempfile.mkdtemp(prefix="bench-journey-"))
    store = await open_store(f"sqlite:///{folder / 'bench.db'}")
    settings = Settings(_env_file=None, database_url=f"sqlite:///{folder / 'bench.db'}")
    services = build_services(settings, store, KeyRing.generate())
    await _seed(services)
    translator = Translator()

    def shop(done: Done) -> Dispatcher:
        return build_dispatcher(services, translator, outermost=[done], throttle_rate=1000,
                                throttle_burst=1000)

    results: dict[str, dict[str, float]] = {}
    first = 100_000
    for customers in (200, 1000):
        results[f"bot{customers}"] = await _run_polling(shop, customers, STEPS, think, first)
        results[f"echo{customers}"] = await _run_polling(echo_dispatcher, customers,
                                                         ECHO_STEPS, think, first + 50_000,
                                                         bare=True)
        first += 200_000
    await services.close()
    for name, r in results.items():
        print(f"{name:9s} {r['per_s']:7.0f} updates/s  p50 {r['p50_ms']:6.0f} ms  p99 "
              f"{r['p99_ms']:6.0f} ms  cpu {r['cpu_ms_per_update']:5.2f} ms/update  errors "
              f"{r['errors']}")
    bot_cpu = (results["bot200"]["cpu_ms_per_update"] + results["bot1000"]["cpu_ms_per_update"])
    echo_cpu = (results["echo200"]["cpu_ms_per_update"]
                + results["echo1000"]["cpu_ms_per_update"])
    ratio = echo_cpu / bot_cpu
    print(f"ratio (echo CPU per update / bot CPU per update) {ratio:.2f} (target >= 0.6)")
    workers2 = 0.0
    errors = int(sum(r["errors"] for r in results.values()))
    if not skip_workers:
        one = await _run_workers(1, 200, folder)
        two = await _run_workers(2, 200, folder)
        workers2 = two["per_s"]
        errors += int(one["errors"] + two["errors"])
        print(f"webhook, 1 worker : {one['per_s']:7.0f} updates/s  p99 {one['p99_ms']:6.0f} ms"
              f"  errors {one['errors']}")
        print(f"webhook, 2 workers: {two['per_s']:7.0f} updates/s  p99 {two['p99_ms']:6.0f} ms"
              f"  errors {two['errors']}  ({two['per_s'] / one['per_s']:.2f}x one worker; "
              "target >= 1.3x)")
    return {"bench": "journey", "per_s": round(results["bot1000"]["per_s"], 1),
            "p99_ms_200": round(results["bot200"]["p99_ms"], 1),
            "p99_ms_1000": round(results["bot1000"]["p99_ms"], 1), "ratio": round(ratio, 3),
            "workers2_per_s": round(workers2, 1), "errors": errors}


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--think", type=float, default=1.0)
    parser.add_argument("--skip-workers", action="store_true")
    args = parser.parse_args()
    print(json.dumps(asyncio.run(main(args.think, args.skip_workers))))
