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
from typing import Any

import aiohttp

from core.config import Settings
from subvault.context import EXIT_FAILURE, fail

BOT_ID = 1000001  # the local-mode customer bot (subvault.launch.together.LOCAL_TOKEN)
ADMIN_BOT_ID = 1000002  # the local-mode admin bot (LOCAL_ADMIN_TOKEN)
LOCAL_ADMIN_ID = 900001  # made admin by `subvault run` in local mode
_TAGS = re.compile(r"<[^>]+>")


class ChatClient:
    def __init__(self, base: str, user_id: int, name: str, language: str,
                 bot_id: int = BOT_ID) -> None:
        self.base = base.rstrip("/")
        self.bot_id = bot_id
        self.user_id = user_id
        self.name = name
        self.language = language
        self.shown: dict[int, Any] = {}
        self.buttons: list[tuple[int, str]] = []

    async def call(self, session: aiohttp.ClientSession, action: str, **params: Any) -> Any:
        async with session.post(f"{self.base}/_control/{action}", json=params) as response:
            body = await response.json()
        if not body.get("ok"):
            raise RuntimeError(body.get("description") or body.get("error") or "control error")
        return body["result"]

    def render(self, transcript: list[dict[str, Any]]) -> None:
        for message in transcript:
            if message["sender"] != "bot":
                continue
            state = (message["text"], message["caption"], message["deleted"],
                     str(message["reply_markup"]))
            if self.shown.get(message["message_id"]) == state:
                continue
            self.shown[message["message_id"]] = state
            if message["deleted"]:
                print(f"  (message {message['message_id']} was deleted)")
                continue
            body = message["text"] or message["caption"] or ("[photo]" if message["photo"]
                                                             else "[invoice]")
            print("\n🤖 " + html.unescape(_TAGS.sub("", body)).replace("\n", "\n   "))
            self.buttons = []
            for row in (message["reply_markup"] or {}).get("inline_keyboard", []):
                for button in row:
                    self.buttons.append((message["message_id"], button.get("callback_data")
                                         or button.get("url", "")))
                    print(f"   [{len(self.buttons)}] {button['text']}"
                          + (f"  → {button['url']}" if "url" in button else ""))

    async def refresh(self, session: aiohttp.ClientSession, since: int) -> int:
        version = await self.call(session, "wait_chat_change", chat_id=self.user_id, since=since,
                                  timeout=2)
        self.render(await self.call(session, "transcript", bot_id=self.bot_id,
                                    chat_id=self.user_id))
        return int(version)

    async def run(self) -> int:
        async with aiohttp.ClientSession() as session:
            await self.call(session, "users", id=self.user_id, first_name=self.name,
                            language_code=self.language)
            print(f"chatting as {self.name} (id {self.user_id}); :quit to leave")
            version = 0
            loop = asyncio.get_running_loop()
            while True:
                line = (await loop.run_in_executor(None, sys.stdin.readline))
                if not line or line.strip() == ":quit":
                    return 0
                # what arrived since the last look (a slow reply) is shown, and its buttons
                # numbered, before the line is read as a button number
                self.render(await self.call(session, "transcript", bot_id=self.bot_id,
                                            chat_id=self.user_id))
                await self.say(session, line.strip())
                version = await self.refresh(session, version)

    async def say(self, session: aiohttp.ClientSession, text: str) -> None:
        if text.isdigit() and 0 < int(text) <= len(self.buttons):
            message_id, data = self.buttons[int(text) - 1]
            if not data.startswith("http"):
                await self.call(session, "press", bot_id=self.bot_id, user_id=self.user_id,
                                message_id=message_id, data=data)
            return
        if text.startswith("/"):
            command, _, args = text[1:].partition(" ")
            await self.call(session, "send_command", bot_id=self.bot_id, user_id=self.user_id,
                            command=command, args=args)
        elif text:
            await self.call(session, "send_text", bot_id=self.bot_id, user_id=self.user_id,
                            text=text)


def _chat(settings: Settings, args: argparse.Namespace) -> int:
    if args.admin:
        client = ChatClient(args.standin, args.user_id or LOCAL_ADMIN_ID,
                            args.name or "Local Admin", args.language, ADMIN_BOT_ID)
    else:
        client = ChatClient(args.standin, args.user_id or 424242, args.name or "Local Customer",
                            args.language)
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
    chat.set_defaults(handler=_chat)
