"""``subvault run`` with no bot token: the stand-in, sandbox payments, the API and the customer bot
in one process; a person can chat with the bot through the stand-in (as ``subvault chat`` does)."""

from __future__ import annotations

import asyncio
import socket
import subprocess
import time

import aiohttp

from subvault.commands.chat import BOT_ID, ChatClient
from tests.cli.conftest import SUBVAULT, base_env


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def _talk(base: str) -> list[dict]:
    client = ChatClient(base, 5151, "Local", "en")
    async with aiohttp.ClientSession() as session:
        await client.call(session, "users", id=5151, first_name="Local", language_code="en")
        await client.say(session, "/start")
        # The page and the stand-in answer before the bot has loaded: it may take a while.
        await client.call(session, "wait_bot_message", chat_id=5151, bot_id=BOT_ID, timeout=90)
        await client.say(session, "/wallet")
        sent = await client.call(session, "transcript", bot_id=BOT_ID, chat_id=5151)
        wallet = max(m["message_id"] for m in sent if m["sender"] == "user")
        await client.call(session, "wait_bot_message", chat_id=5151, bot_id=BOT_ID,
                          after_message_id=wallet, timeout=15)
        return await client.call(session, "transcript", bot_id=BOT_ID, chat_id=5151)


def test_run_without_tokens_starts_local_mode_and_the_bot_answers(tmp_path):
    standin, api = _free_port(), _free_port()
    env = base_env(tmp_path, STANDIN_PORT=str(standin), API_PORT=str(api), LOG_LEVEL="WARNING")
    for name in ("CUSTOMER_BOT_TOKEN", "PUBLIC_BASE_URL"):
        env.pop(name, None)
    env.pop("DATABASE_URL")  # local mode uses the default ./subvault.db (here in tmp_path)
    process = subprocess.Popen([SUBVAULT, "run"], cwd=tmp_path, env=env, text=True,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        first_line = process.stdout.readline()  # type: ignore[union-attr]
        assert first_line.startswith("subvault: local mode")
        assert "set CUSTOMER_BOT_TOKEN to leave local mode" in first_line
        # with no PUBLIC_BASE_URL, the sandbox payment links follow the port the app is on
        assert f"sandbox payments at http://127.0.0.1:{api};" in first_line
        deadline = time.monotonic() + 120
        transcript = None
        while transcript is None:
            try:
                transcript = asyncio.run(_talk(f"http://127.0.0.1:{standin}"))
            except (aiohttp.ClientError, RuntimeError):
                assert time.monotonic() < deadline, "the local bot never answered"
                time.sleep(0.3)
        bot_texts = [m["text"] for m in transcript if m["sender"] == "bot"]
        assert any("Welcome to subvault" in t for t in bot_texts)
        assert any("Balance" in t for t in bot_texts)
        assert (tmp_path / "shop.keys").exists()
    finally:
        process.terminate()
        process.wait(timeout=20)
    assert process.returncode in (0, -15)
