"""Run the Bot API stand-in: ``python -m standin --port 8081``."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import signal

from standin.limits import RateLimits
from standin.server import run_standin

logger = logging.getLogger(__name__)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m standin", description="Local stand-in for the Telegram Bot API."
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8081)
    parser.add_argument(
        "--no-rate-limits", action="store_true", help="disable Telegram-like flood control"
    )
    parser.add_argument("--bot-rate", type=float, default=30.0, help="messages/s per bot")
    parser.add_argument("--bot-burst", type=float, default=30.0)
    parser.add_argument("--chat-rate", type=float, default=1.0, help="messages/s per chat")
    parser.add_argument("--chat-burst", type=float, default=10.0)
    parser.add_argument("--log-level", default="INFO")
    parser.add_argument("--no-uvloop", action="store_true", help="use the default event loop")
    return parser.parse_args(argv)


def limits_from(args: argparse.Namespace) -> RateLimits:
    return RateLimits(
        enabled=not args.no_rate_limits,
        bot_rate=args.bot_rate,
        bot_burst=args.bot_burst,
        chat_rate=args.chat_rate,
        chat_burst=args.chat_burst,
    )


async def serve(args: argparse.Namespace) -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(signum, stop.set)
    async with run_standin(args.host, args.port, rate_limits=limits_from(args)) as standin:
        print(f"Bot API stand-in on {standin.base_url}", flush=True)
        await stop.wait()
    logger.info("stand-in stopped")


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    logging.basicConfig(
        level=args.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    if not args.no_uvloop:
        with contextlib.suppress(ImportError):
            import uvloop

            uvloop.run(serve(args))
            return
    asyncio.run(serve(args))


if __name__ == "__main__":
    main()
