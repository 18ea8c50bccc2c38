"""The playground's endpoints against a real stand-in over HTTP: a bot (plain Bot API calls)
on one side, the page's requests on the other. Edits and deletions reach the event stream."""

from __future__ import annotations

import asyncio
import base64
import json
from collections.abc import AsyncIterator

import httpx
import pytest
from fastapi import FastAPI

from api.playground import (
    Playground,
    PlaygroundPane,
    PlaygroundSetup,
    PlaygroundUser,
    is_loopback_url,
    mount_playground,
)
from standin import run_standin

BOT = 1000001
TOKEN = f"{BOT}:playground-test"
ALEX = PlaygroundUser(700001, "Alex", "en", "Alex · English")
MARIA = PlaygroundUser(700003, "Мария", "ru", "Мария · Русский")


class Shop:
    def __init__(self, standin, page: httpx.AsyncClient, playground: Playground) -> None:
        self.standin = standin
        self.page = page
        self.playground = playground
        self.bot = httpx.AsyncClient(base_url=f"{standin.base_url}/bot{TOKEN}/")

    async def call(self, method: str, **params) -> dict:
        answer = (await self.bot.post(method, json=params)).json()
        assert answer["ok"], answer
        return answer["result"]


@pytest.fixture
async def shop() -> AsyncIterator[Shop]:
    async with run_standin() as standin:
        app = FastAPI()
        setup = PlaygroundSetup(standin.base_url, (
            PlaygroundPane("customer", "Customer bot", BOT, (ALEX, MARIA), attach=True),))
        playground = mount_playground(app, setup)
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app),
                                     base_url="http://127.0.0.1:8080") as page:
            shop = Shop(standin, page, playground)
            await shop.call("getMe")
            await page.get("/playground/api/config")  # registers the users
            for user in (ALEX, MARIA):
                standin.state.open_chat(BOT, user.id)  # as if each had opened the bot
            yield shop
            await shop.bot.aclose()
        await playground.close()


def test_only_a_loopback_stand_in_is_accepted():
    assert is_loopback_url("http://127.0.0.1:8081") and is_loopback_url("http://localhost:1")
    assert is_loopback_url("http://[::1]:8081")
    assert not is_loopback_url("https://api.telegram.org")
    assert not is_loopback_url("http://10.0.0.5:8081")
    with pytest.raises(ValueError, match="loopback"):
        mount_playground(FastAPI(), PlaygroundSetup("https://api.telegram.org", ()))


async def test_page_and_config_and_users_registered_with_their_languages(shop: Shop):
    page = await shop.page.get("/playground")
    assert page.status_code == 200 and "/playground/static/app.js" in page.text
    assert (await shop.page.get("/playground/static/app.js")).status_code == 200
    assert (await shop.page.get("/playground/static/style.css")).status_code == 200
    assert (await shop.page.get("/playground/static/index.html")).status_code == 404
    config = (await shop.page.get("/playground/api/config")).json()
    (pane,) = config["panes"]
    assert pane["key"] == "customer" and pane["bot_id"] == BOT and pane["attach"] is True
    assert [u["id"] for u in pane["users"]] == [ALEX.id, MARIA.id]
    assert shop.standin.state.users[MARIA.id].language_code == "ru"
    assert shop.standin.state.users[MARIA.id].first_name == "Мария"


async def test_send_acts_only_as_the_panes_users(shop: Shop):
    sent = await shop.page.post("/playground/api/customer/send",
                                json={"user_id": ALEX.id, "text": "/start"})
    assert sent.status_code == 200
    (update,) = await shop.call("getUpdates")
    assert update["message"]["text"] == "/start"
    assert update["message"]["from"]["id"] == ALEX.id
    stranger = await shop.page.post("/playground/api/customer/send",
                                    json={"user_id": 42, "text": "hi"})
    assert stranger.status_code == 403
    nowhere = await shop.page.post("/playground/api/admin/send",
                                   json={"user_id": ALEX.id, "text": "hi"})
    assert nowhere.status_code == 404
    empty = await shop.page.post("/playground/api/customer/send",
                                 json={"user_id": ALEX.id, "text": ""})
    assert empty.status_code == 422


async def test_a_press_returns_the_bots_notice_or_alert(shop: Shop):
    keyboard = {"inline_keyboard": [[{"text": "Wallet", "callback_data": "wallet"}]]}
    message = await shop.call("sendMessage", chat_id=ALEX.id, text="<b>Menu</b>",
                              parse_mode="HTML", reply_markup=keyboard)

    async def bot_answers() -> None:
        for _ in range(100):
            updates = await shop.call("getUpdates")
            queries = [u["callback_query"] for u in updates if "callback_query" in u]
            if queries:
                assert queries[0]["data"] == "wallet"
                await shop.call("answerCallbackQuery", callback_query_id=queries[0]["id"],
                                text="Balance is low", show_alert=True)
                return
            await asyncio.sleep(0.02)
        raise AssertionError("no callback query reached the bot")

    pressed, _ = await asyncio.gather(
        shop.page.post("/playground/api/customer/press",
                       json={"user_id": ALEX.id, "message_id": message["message_id"],
                             "data": "wallet"}),
        bot_answers())
    assert pressed.json() == {"answered": True, "text": "Balance is low", "show_alert": True,
                              "url": ""}
    forged = await shop.page.post("/playground/api/customer/press",
                                  json={"user_id": ALEX.id, "message_id": message["message_id"],
                                        "data": "not-a-button"})
    assert forged.status_code == 400


async def test_an_uploaded_file_reaches_the_bot_byte_for_byte(shop: Shop):
    csv = b"login,password,notes,totp\nnew@example.com,pw-1,,JBSWY3DPEHPK3PXP\n"
    sent = await shop.page.post("/playground/api/customer/file", json={
        "user_id": ALEX.id, "file_name": "stock.csv", "mime_type": "text/csv",
        "data_base64": base64.b64encode(csv).decode()})
    assert sent.status_code == 200, sent.text
    (update,) = await shop.call("getUpdates")
    document = update["message"]["document"]
    assert document["file_name"] == "stock.csv" and document["file_size"] == len(csv)
    file = await shop.call("getFile", file_id=document["file_id"])
    download = await httpx.AsyncClient().get(
        f"{shop.standin.base_url}/file/bot{TOKEN}/{file['file_path']}")
    assert download.content == csv
    bad = await shop.page.post("/playground/api/customer/file", json={
        "user_id": ALEX.id, "file_name": "x.csv", "data_base64": "***"})
    assert bad.status_code == 400


async def test_photos_are_served_to_the_page(shop: Shop):
    png = base64.b64decode(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5E"
        "rkJggg==")
    files = {"photo": ("qr.png", png, "image/png")}
    answer = await shop.bot.post("sendPhoto", data={"chat_id": str(ALEX.id),
                                                    "protect_content": "true"}, files=files)
    photo = answer.json()["result"]["photo"][-1]
    served = await shop.page.get(f"/playground/api/file/{photo['file_id']}")
    assert served.status_code == 200 and served.content == png
    assert (await shop.page.get("/playground/api/file/unknown")).status_code == 404


class _Request:
    def __init__(self) -> None:
        self.gone = False

    async def is_disconnected(self) -> bool:
        return self.gone


async def test_the_event_stream_carries_new_messages_edits_and_deletions(shop: Shop):
    pane = shop.playground.pane("customer")
    request = _Request()
    stream = shop.playground.events(request, pane, ALEX.id)  # type: ignore[arg-type]

    async def next_chat() -> list[dict]:
        while True:
            chunk = (await asyncio.wait_for(anext(stream), 20)).decode()
            if chunk.startswith("event: chat"):
                return json.loads(chunk.split("data: ", 1)[1])

    assert await next_chat() == []
    sent = await shop.call("sendMessage", chat_id=ALEX.id, text="<i>Hello</i> <tg-spoiler>x"
                           "</tg-spoiler>", parse_mode="HTML", protect_content=True)
    (message,) = await next_chat()
    assert message["text"] == "Hello x" and message["protected"] is True
    assert {e["type"] for e in message["entities"]} == {"italic", "spoiler"}
    await shop.call("editMessageText", chat_id=ALEX.id, message_id=sent["message_id"],
                    text="Changed")
    (edited,) = await next_chat()
    assert edited["text"] == "Changed" and edited["edited"] is True
    await shop.call("deleteMessage", chat_id=ALEX.id, message_id=sent["message_id"])
    assert await next_chat() == []
    request.gone = True
    await stream.aclose()


async def test_commands_come_from_set_my_commands(shop: Shop):
    await shop.call("setMyCommands", commands=[{"command": "plans", "description": "Plans"}])
    answer = await shop.page.get("/playground/api/customer/commands",
                                 params={"user_id": ALEX.id})
    assert answer.json() == [{"command": "plans", "description": "Plans"}]


async def test_closing_the_playground_ends_open_streams(shop: Shop):
    """So that ``subvault run`` stops promptly on Ctrl-C while a page is open."""
    stream = shop.playground.events(_Request(), shop.playground.pane("customer"),  # type: ignore[arg-type]
                                    ALEX.id)
    assert (await anext(stream)).startswith(b"event: chat")
    waiting = asyncio.ensure_future(anext(stream))
    await asyncio.sleep(0.2)
    assert not waiting.done()  # a long poll of the stand-in is under way
    await shop.playground.close()
    with pytest.raises(StopAsyncIteration):
        await asyncio.wait_for(waiting, 5)
