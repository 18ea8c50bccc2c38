"""How the playground draws what a bot sends, in chromium: the page served by uvicorn with a
stand-in behind it, and a bare "bot" making plain Bot API calls — HTML formatting (bold, italic,
code, pre, links, spoilers), a reply keyboard, a document, protected content, and an edit and a
deletion arriving live (no reload)."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
import uvicorn
from fastapi import FastAPI

from api.playground import PlaygroundPane, PlaygroundSetup, PlaygroundUser, mount_playground
from standin import run_standin
from tests.playground.local import free_port

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium")
BOT = 1000009
TOKEN = f"{BOT}:rendering-test"
USER = PlaygroundUser(700001, "Alex", "en", "Alex · English")
WAIT_MS = 15_000


@dataclass
class Served:
    page_url: str
    bot: httpx.Client

    def call(self, method: str, **params) -> dict:
        answer = self.bot.post(method, json=params).json()
        assert answer["ok"], answer
        return answer["result"]


@pytest.fixture
def served() -> Iterator[Served]:
    ready = threading.Event()
    box: dict[str, object] = {}
    port = free_port()

    async def serve() -> None:
        async with run_standin() as standin:
            app = FastAPI()
            setup = PlaygroundSetup(standin.base_url, (
                PlaygroundPane("customer", "Customer bot", BOT, (USER,)),))
            playground = mount_playground(app, setup)
            server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port,
                                                   log_level="warning", lifespan="off"))
            box["server"], box["standin"] = server, standin.base_url
            task = asyncio.create_task(server.serve())
            while not server.started:
                await asyncio.sleep(0.02)
            ready.set()
            await task
            await playground.close()

    thread = threading.Thread(target=lambda: asyncio.run(serve()), daemon=True)
    thread.start()
    assert ready.wait(30)
    bot = httpx.Client(base_url=f"{box['standin']}/bot{TOKEN}/", timeout=10)
    try:
        served = Served(f"http://127.0.0.1:{port}/playground", bot)
        served.call("getMe")
        yield served
    finally:
        bot.close()
        box["server"].should_exit = True  # type: ignore[attr-defined]
        thread.join(15)


def test_the_page_draws_formatting_keyboards_files_edits_and_deletions(served: Served):
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM),
                                             args=["--no-sandbox"])
        try:
            page = browser.new_page(viewport={"width": 1000, "height": 800})
            page.goto(served.page_url)
            pane = page.locator("#pane-customer")
            expect(pane.locator("[data-status]")).to_have_text("bot", timeout=WAIT_MS)
            # The chat is open now (the page registered the user): the bot writes first.
            rich = served.call(
                "sendMessage", chat_id=USER.id, parse_mode="HTML", protect_content=True,
                text='<b>Bold</b> <i>italic</i> <code>inline</code> <a href="https://example.'
                     'com/x">a link</a> <tg-spoiler>secret</tg-spoiler>\n<pre>line 1\nline 2'
                     '</pre>')
            bubble = pane.locator(f'.row[data-message-id="{rich["message_id"]}"]')
            expect(bubble.locator("strong")).to_have_text("Bold", timeout=WAIT_MS)
            expect(bubble.locator("em")).to_have_text("italic")
            expect(bubble.locator("code")).to_have_text("inline")
            expect(bubble.locator("pre")).to_have_text("line 1\nline 2")
            expect(bubble.locator("a")).to_have_attribute("href", "https://example.com/x")
            spoiler = bubble.locator(".spoiler")
            expect(spoiler).to_have_text("secret")
            assert "revealed" not in (spoiler.get_attribute("class") or "")
            spoiler.click()
            expect(spoiler).to_have_class("spoiler revealed")
            expect(bubble.locator(".protected-badge")).to_be_visible()

            # A reply keyboard sits under the chat; a tap sends its text as the user.
            served.call("sendMessage", chat_id=USER.id, text="Pick one",
                        reply_markup={"keyboard": [[{"text": "Yes"}, {"text": "No"}]],
                                      "resize_keyboard": True, "one_time_keyboard": True})
            keyboard = pane.locator("[data-reply-keyboard]")
            expect(keyboard).to_be_visible(timeout=WAIT_MS)
            keyboard.get_by_role("button", name="Yes").click()
            expect(keyboard).to_be_hidden()  # one-time keyboards fold away after a tap
            expect(pane.locator(".row.outgoing").last).to_contain_text("Yes")
            texts = [u["message"].get("text") for u in served.call("getUpdates")
                     if "message" in u]
            assert "Yes" in texts

            # A document with its name and size; saving is allowed (not protected).
            sent = served.bot.post("sendDocument", data={"chat_id": str(USER.id)},
                                   files={"document": ("report.csv", b"a,b\n1,2\n", "text/csv")})
            assert sent.json()["ok"]
            document = pane.locator(".document").last
            expect(document.locator(".document-name")).to_have_text("report.csv",
                                                                     timeout=WAIT_MS)
            expect(document.locator(".document-save")).to_have_count(1)

            # An edit redraws the message in place; a deletion removes it. No reload.
            page.evaluate("window.__marker = 'same page'")
            served.call("editMessageText", chat_id=USER.id, message_id=rich["message_id"],
                        text="Now plain")
            expect(bubble.locator(".text")).to_have_text("Now plain", timeout=WAIT_MS)
            expect(bubble.locator(".edited")).to_be_visible()
            served.call("deleteMessage", chat_id=USER.id, message_id=rich["message_id"])
            expect(bubble).to_have_count(0, timeout=WAIT_MS)
            assert page.evaluate("window.__marker") == "same page"
        finally:
            browser.close()
