"""``subvault chat``: talk to the customer bot (or, with ``--admin``, the admin bot as the local
admin) through the local Bot API stand-in, from a terminal.

Type text or /commands; type a button's number to press it; ``:quit`` leaves. Works with the
stand-in that ``subvault run`` starts in local mode (default http://127.0.0.1:8081).
"""

from __future__ import annotations

import argparse
import asyncio
import html
import re
import sys
import tempfile
from pathlib import Path
from typing import Any

import aiohttp

from core.config import Settings
from subvault.context import EXIT_FAILURE, fail

BOT_ID = 1000001  # the local-mode customer bot (subvault.launch.together.LOCAL_TOKEN)
ADMIN_BOT_ID = 1000002  # the local-mode admin bot (LOCAL_ADMIN_TOKEN)
LOCAL_ADMIN_ID = 900001  # made admin by `subvault run` in local mode
_TAGS = re.compile(r"<[^>]+>")
MAX_TEXT = 4096
PAY = "\x00pay"  # marks an invoice's Pay button among the buttons


class ChatClient:
    """A terminal client: replies print as they arrive (a watcher follows the chat while you
    type), button presses show the bot's answer, photos are saved to ``files_dir`` and shown
    as a line with the path, and an invoice's Pay button pays it."""

    def __init__(self, base: str, user_id: int, name: str, language: str,
                 files_dir: Path | None = None, bot_id: int = BOT_ID) -> None:
        self.base = base.rstrip("/")
        self.bot_id = bot_id
        self.user_id = user_id
        self.name = name
        self.language = language
        self.files_dir = files_dir or Path(tempfile.gettempdir()) / "subvault-chat"
        self.shown: dict[int, Any] = {}
        self.buttons: list[tuple[int, str]] = []  # (message id, callback data | url | PAY)
        self._tasks: set[asyncio.Task[Any]] = set()

    async def call(self, session: aiohttp.ClientSession, action: str, **params: Any) -> Any:
        async with session.post(f"{self.base}/_control/{action}", json=params) as response:
            body = await response.json()
        if not body.get("ok"):
            raise RuntimeError(body.get("description") or body.get("error") or "control error")
        return body["result"]

    async def render(self, session: aiohttp.ClientSession,
                     transcript: list[dict[str, Any]]) -> None:
        for message in transcript:
            if message["sender"] != "bot":
                continue
            state = (message["text"], message["caption"], message["deleted"],
                     str(message["reply_markup"]))
            if self.shown.get(message["message_id"]) == state:
                continue
            self.shown[message["message_id"]] = state
            if message["deleted"]:
                say(f"  (message {message['message_id']} was deleted)")
                continue
            body = message["text"] or message["caption"] or ""
            if message.get("photo_file_id"):
                where = await self._save_photo(session, message)
                body = f"[photo saved to {where}]" + (f"\n{body}" if body else "")
            elif message.get("invoice"):
                invoice = message["invoice"]
                body = (f"[invoice] {invoice.get('title', '')}: {invoice.get('total_amount')} "
                        f"{invoice.get('currency', '')}")
            say("\n🤖 " + html.unescape(_TAGS.sub("", body)).replace("\n", "\n   "))
            self._show_buttons(message)

    def _show_buttons(self, message: dict[str, Any]) -> None:
        rows = (message["reply_markup"] or {}).get("inline_keyboard", [])
        if rows:
            self.buttons = []
        for row in rows:
            for button in row:
                target = PAY if button.get("pay") else (button.get("callback_data")
                                                        or button.get("url", ""))
                self.buttons.append((message["message_id"], target))
                say(f"   [{len(self.buttons)}] {button['text']}"
                    + (f"  → {button['url']}" if "url" in button else ""))

    async def _save_photo(self, session: aiohttp.ClientSession, message: dict[str, Any]) -> str:
        file_id = str(message["photo_file_id"])
        try:
            async with session.get(f"{self.base}/_control/file/{file_id}") as response:
                data = await response.read()
            self.files_dir.mkdir(parents=True, exist_ok=True)
            suffix = ".png" if data.startswith(b"\x89PNG") else ".jpg"
            path = self.files_dir / f"message-{message['message_id']}{suffix}"
            path.write_bytes(data)
            return str(path)
        except (aiohttp.ClientError, OSError) as exc:
            return f"(not saved: {exc})"

    async def watch(self, session: aiohttp.ClientSession) -> None:
        """Follow the chat and print what the bot sends as soon as it arrives."""
        version = 0
        while True:
            try:
                version = int(await self.call(session, "wait_chat_change", chat_id=self.user_id,
                                              since=version, timeout=20))
                await self.render(session, await self.call(
                    session, "transcript", bot_id=self.bot_id, chat_id=self.user_id))
            except RuntimeError as exc:
                say(f"  (stand-in: {exc})")
                await asyncio.sleep(1)

    async def run(self) -> int:
        async with aiohttp.ClientSession() as session:
            await self.call(session, "users", id=self.user_id, first_name=self.name,
                            language_code=self.language)
            say(f"chatting as {self.name} (id {self.user_id}); type a button's number to press "
                "it; :quit to leave")
            watcher = asyncio.create_task(self.watch(session))
            loop = asyncio.get_running_loop()
            try:
                while True:
                    line = await loop.run_in_executor(None, sys.stdin.readline)
                    if not line or line.strip() == ":quit":
                        return 0
                    try:
                        await self.say(session, line.rstrip("\n"))
                    except RuntimeError as exc:
                        say(f"  (not sent: {exc})")
            finally:
                watcher.cancel()

    async def say(self, session: aiohttp.ClientSession, text: str) -> None:
        text = text.strip()
        if text.isdigit() and 0 < int(text) <= len(self.buttons):
            await self._press(session, *self.buttons[int(text) - 1])
            return
        if len(text) > MAX_TEXT:
            say(f"  (not sent: {len(text)} characters; Telegram allows {MAX_TEXT} in a message)")
            return
        if text.startswith("/"):
            command, _, args = text[1:].partition(" ")
            await self.call(session, "send_command", bot_id=self.bot_id, user_id=self.user_id,
                            command=command, args=args)
        elif text:
            await self.call(session, "send_text", bot_id=self.bot_id, user_id=self.user_id,
                            text=text)

    async def _press(self, session: aiohttp.ClientSession, message_id: int, target: str) -> None:
        if target == PAY:
            await self.call(session, "pay", bot_id=self.bot_id, user_id=self.user_id,
                            message_id=message_id)
            say("  (paid the invoice)")
            return
        if not target or target.startswith(("http://", "https://", "tg://")):
            say(f"  (a link: open {target} in a browser)" if target else "  (nothing to press)")
            return
        action = await self.call(session, "press", bot_id=self.bot_id, user_id=self.user_id,
                                 message_id=message_id, data=target)
        task = asyncio.create_task(self._show_answer(session, str(action["query_id"])))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _show_answer(self, session: aiohttp.ClientSession, query_id: str) -> None:
        try:
            record = await self.call(session, "wait_callback_answer", query_id=query_id,
                                     timeout=15)
        except (RuntimeError, aiohttp.ClientError):
            return
        answer = record.get("answer") or {}
        if answer.get("text"):
            mark = "⚠️" if answer.get("show_alert") else "💬"
            say(f"  {mark} {answer['text']}")


def say(line: str) -> None:
    print(line, flush=True)


def _chat(settings: Settings, args: argparse.Namespace) -> int:
    files = Path(args.files) if args.files else None
    if args.admin:
        client = ChatClient(args.standin, args.user_id or LOCAL_ADMIN_ID,
                            args.name or "Local Admin", args.language, files, ADMIN_BOT_ID)
    else:
        client = ChatClient(args.standin, args.user_id or 424242, args.name or "Local Customer",
                            args.language, files)
    try:
        return asyncio.run(client.run())
    except aiohttp.ClientError:
        fail(f"no Bot API stand-in at {args.standin} (start `subvault run` in local mode)",
             EXIT_FAILURE)
    except KeyboardInterrupt:
        return 130


def register(sub: argparse._SubParsersAction) -> None:
    chat = sub.add_parser("chat", help="talk to the local-mode customer bot (or --admin: the "
                                       "admin bot) from this terminal")
    chat.add_argument("--standin", default="http://127.0.0.1:8081", help="stand-in base URL")
    chat.add_argument("--admin", action="store_true",
                      help=f"talk to the admin bot as the local admin (id {LOCAL_ADMIN_ID})")
    chat.add_argument("--user-id", type=int, default=None,
                      help=f"Telegram id to chat as (default 424242, or {LOCAL_ADMIN_ID} "
                           "with --admin)")
    chat.add_argument("--name", default=None)
    chat.add_argument("--language", default="en", help="Telegram language code to start with")
    chat.add_argument("--files", help="where photos the bot sends are saved "
                                      "(default: <temp>/subvault-chat)")
    chat.set_defaults(handler=_chat)
