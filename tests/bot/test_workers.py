"""Two webhook workers (real processes of ``subvault run --workers 2``) serve one bot: a
worker killed in the middle of a dialog loses nothing — the customer finishes typing the
amount on the other worker, and on workers started afresh."""

from __future__ import annotations

import asyncio
import os
import re
import signal
import socket
import sys
from pathlib import Path

from core.crypto import KeyRing, write_key_file
from standin import RateLimits, StandinState, run_standin
from tests.bot.harness import BOT_ID, TOKEN

USER = 91_001


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def _until(predicate, timeout: float = 240.0) -> None:
    async with asyncio.timeout(timeout):
        while not predicate():
            await asyncio.sleep(0.1)


def _pids(log: Path) -> dict[int, int]:
    found = re.findall(r"worker (\d+) started \(pid (\d+)\)", log.read_text())
    return {int(index): int(pid) for index, pid in found}  # the latest pid of each worker


async def _handled(state: StandinState) -> None:
    """Every update so far answered 200 by a worker — which a worker does only once the update
    is handled, replies sent."""
    bot = state.bots[BOT_ID]
    await _until(lambda: bot.updates_delivered >= bot.updates_created)


async def _press(state: StandinState, label: str) -> None:
    message = state.last_bot_message(BOT_ID, USER)
    rows = (message.get("reply_markup") or {}).get("inline_keyboard", [])
    for button in (b for row in rows for b in row):
        if label in button["text"]:
            state.press_button(BOT_ID, USER, message["message_id"],
                               data=button["callback_data"])
            await _handled(state)
            return
    raise AssertionError(f"no button {label!r} in {message['text'][:80]!r}")


async def _ask_for_amount(state: StandinState) -> None:
    state.send_command(BOT_ID, USER, "wallet", "")
    await _handled(state)
    await _press(state, "Top up")
    await _press(state, "Other amount")
    assert "amount" in state.last_bot_message(BOT_ID, USER)["text"].lower()


async def _type_amount(state: StandinState, text: str) -> str:
    state.send_text(BOT_ID, USER, text)
    await _handled(state)
    return str(state.last_bot_message(BOT_ID, USER)["text"])


async def test_a_worker_restart_in_the_middle_of_a_dialog_loses_nothing(tmp_path: Path):
    keys = tmp_path / "subvault.keys"
    write_key_file(KeyRing.generate(), keys)
    port = _free_port()
    log = tmp_path / "workers.log"
    async with run_standin(port=0, rate_limits=RateLimits.disabled()) as standin:
        state = standin.state
        state.ensure_user(USER, first_name="Wen", language_code="en")
        env = os.environ | {
            "CUSTOMER_BOT_TOKEN": TOKEN, "TELEGRAM_API_BASE": standin.base_url,
            "BOT_MODE": "webhook", "TELEGRAM_WEBHOOK_SECRET": "two-workers_1",
            "API_HOST": "127.0.0.1", "API_PORT": str(port),
            "PUBLIC_BASE_URL": f"http://127.0.0.1:{port}", "KEYS_FILE": str(keys),
            "DATABASE_URL": f"sqlite:///{tmp_path / 'shop.db'}", "LOG_LEVEL": "INFO"}
        with log.open("wb") as sink:
            parent = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "subvault.cli", "run", "--workers", "2", env=env,
                stdout=sink, stderr=sink, cwd=tmp_path)
        try:
            await _until(lambda: log.read_text().count("takes updates by webhook") >= 2)
            first = _pids(log)
            assert len(first) == 2

            await _ask_for_amount(state)
            os.kill(first[0], signal.SIGKILL)  # one worker dies mid-dialog
            reply = await _type_amount(state, "250")
            assert "250" in reply and "Telegram Stars" in str(
                state.last_bot_message(BOT_ID, USER)["reply_markup"]), reply

            await _ask_for_amount(state)  # and again, with both workers started afresh
            await _until(lambda: _pids(log)[0] != first[0])
            for pid in _pids(log).values():
                os.kill(pid, signal.SIGKILL)
            reply = await _type_amount(state, "300")
            assert "300" in reply, reply
            assert log.read_text().count("exited with") >= 3
            handled = re.findall(r"Update id=(\d+) is handled", log.read_text())
            assert len(handled) == len(set(handled)), handled  # no update handled twice
            assert state.stats(BOT_ID)["unanswered"] == 0
        except BaseException:
            print(log.read_text()[-4000:])  # what the workers said, for the failure report
            raise
        finally:
            parent.send_signal(signal.SIGTERM)
            await asyncio.wait_for(parent.wait(), 60)
