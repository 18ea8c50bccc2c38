"""The playground (local mode only): ``/playground`` is a page with one chat pane per bot running
on the local Bot API stand-in, each a small Telegram client for one bot and one user.

The page is plain static files (``api/static/playground/``). Its endpoints under
``/playground/api/`` forward to the stand-in's JSON control API (``/_control/…``, the way a
Telegram client would act: send a text or a file, press a button, pay an invoice) and push each
chat's messages to the page as Server-Sent Events whenever the stand-in says the chat changed
(new message, edit, deletion, answered query).

Nothing here exists unless the launcher calls :func:`mount_playground` — it does so only in local
mode, with the stand-in's URL, which must be a loopback address. Every request names a pane and a
user; only the users the launcher listed for that pane are accepted, so the page cannot act as
anybody else.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import json
import logging
from collections.abc import AsyncIterator
from dataclasses import asdict, dataclass, field
from importlib.resources import files
from typing import Annotated, Any
from urllib.parse import urlsplit

import httpx
from fastapi import APIRouter, FastAPI, HTTPException, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response, StreamingResponse
from pydantic import BaseModel, Field

from core.hosts import is_loopback

log = logging.getLogger(__name__)

STATIC = files("api") / "static" / "playground"
ASSETS = {"app.js": "text/javascript; charset=utf-8", "style.css": "text/css; charset=utf-8"}
MAX_UPLOAD_BYTES = 5 * 1024 * 1024  # plenty for a stock CSV
WAIT_SECONDS = 15.0  # one long poll of the stand-in; the stream sends a keep-alive after each
ANSWER_SECONDS = 6.0  # how long a press waits for the bot's answerCallbackQuery
PaneKey = Annotated[str, Path(max_length=32, pattern=r"^[a-z0-9_-]+$")]


@dataclass(frozen=True, slots=True)
class PlaygroundUser:
    """Somebody the page may act as in one pane (a simulated Telegram user)."""

    id: int
    first_name: str
    language_code: str
    label: str = ""  # shown in the switch, e.g. "Asha · हिन्दी"


@dataclass(frozen=True, slots=True)
class PlaygroundPane:
    """One chat pane: a bot on the stand-in and the users who may talk to it."""

    key: str  # in URLs: /playground/api/<key>/…
    title: str
    bot_id: int
    users: tuple[PlaygroundUser, ...]
    attach: bool = False  # show the paperclip (send a file)
    note: str = ""


@dataclass(frozen=True, slots=True)
class PlaygroundSetup:
    standin_url: str  # the stand-in's base URL: loopback only
    panes: tuple[PlaygroundPane, ...]
    shop_name: str = "subvault"
    hints: tuple[str, ...] = field(default=())


def is_loopback_url(url: str) -> bool:
    return is_loopback(urlsplit(url).hostname or "")


class TextIn(BaseModel):
    user_id: int
    text: str = Field(min_length=1, max_length=4096)


class PressIn(BaseModel):
    user_id: int
    message_id: int
    data: str = Field(max_length=64)


class PayIn(BaseModel):
    user_id: int
    message_id: int


class FileIn(BaseModel):
    user_id: int
    file_name: str = Field(min_length=1, max_length=255)
    mime_type: str = Field(default="application/octet-stream", max_length=100)
    data_base64: str = Field(max_length=MAX_UPLOAD_BYTES * 4 // 3 + 8)
    caption: str = Field(default="", max_length=1024)


class StandinClient:
    """The stand-in's control API over HTTP."""

    def __init__(self, base_url: str) -> None:
        self._http = httpx.AsyncClient(base_url=base_url.rstrip("/"),
                                       timeout=httpx.Timeout(WAIT_SECONDS + 10.0))

    async def control(self, action: str, **args: Any) -> Any:
        try:
            answer = await self._http.post(f"/_control/{action}", json=args)
        except httpx.HTTPError as exc:
            raise HTTPException(502, f"the Bot API stand-in did not answer: "
                                     f"{type(exc).__name__}") from None
        body = answer.json()
        if answer.status_code == 408:
            raise TimeoutError(body.get("error") or "timeout")
        if not body.get("ok"):
            raise HTTPException(400 if answer.status_code < 500 else 502,
                                body.get("error") or "the stand-in refused")
        return body["result"]

    async def file(self, file_id: str) -> httpx.Response:
        return await self._http.get(f"/_control/file/{file_id}")

    async def close(self) -> None:
        await self._http.aclose()


class Playground:
    def __init__(self, setup: PlaygroundSetup) -> None:
        if not is_loopback_url(setup.standin_url):
            raise ValueError("the playground only talks to a stand-in on a loopback address")
        self.setup = setup
        self.panes = {pane.key: pane for pane in setup.panes}
        self.client = StandinClient(setup.standin_url)
        self._registered = False
        self._closing = asyncio.Event()  # set by close(): open event streams end

    def pane(self, key: str, user_id: int | None = None) -> PlaygroundPane:
        pane = self.panes.get(key)
        if pane is None:
            raise HTTPException(404, "no such pane")
        if user_id is not None and user_id not in {u.id for u in pane.users}:
            raise HTTPException(403, "this pane does not act as that user")
        return pane

    async def register_users(self) -> None:
        """Tell the stand-in who the panes' users are (names, languages) and open their chats
        with the pane's bot — once."""
        if self._registered:
            return
        for pane in self.setup.panes:
            await self.client.control("bots", bot_id=pane.bot_id)
            for user in pane.users:
                await self.client.control("users", id=user.id, first_name=user.first_name,
                                          language_code=user.language_code)
                # as if each had opened the bot once: staff alerts can reach the admin pane
                await self.client.control("open_chat", bot_id=pane.bot_id, user_id=user.id)
        self._registered = True

    async def config(self) -> dict[str, Any]:
        await self.register_users()
        bots = {bot["id"]: bot for bot in await self.client.control("bots")}
        panes = []
        for pane in self.setup.panes:
            bot = bots.get(pane.bot_id, {})
            panes.append({**asdict(pane), "bot_username": bot.get("username", ""),
                          "bot_name": bot.get("first_name", pane.title)})
        return {"shop_name": self.setup.shop_name, "panes": panes,
                "hints": list(self.setup.hints)}

    async def transcript(self, pane: PlaygroundPane, user_id: int) -> list[dict[str, Any]]:
        messages = await self.client.control("transcript", bot_id=pane.bot_id, chat_id=user_id)
        return [_for_page(m) for m in messages if not m.get("deleted")]

    async def events(self, request: Request, pane: PlaygroundPane,
                     user_id: int) -> AsyncIterator[bytes]:
        """The chat as Server-Sent Events: ``chat`` (every message, in order) at once and after
        every change; a comment line as keep-alive while nothing happens."""
        version, sent = 0, None
        while not self._closing.is_set() and not await request.is_disconnected():
            try:
                await self.register_users()
                version = await self.client.control("chat_version", chat_id=user_id)
                messages = await self.transcript(pane, user_id)
            except HTTPException:
                return  # the stand-in stopped (shutting down): end the stream; the page retries
            payload = json.dumps(messages, ensure_ascii=False, separators=(",", ":"))
            if payload != sent:
                sent = payload
                yield f"event: chat\ndata: {payload}\n\n".encode()
            else:
                yield b": waiting\n\n"
            change = asyncio.ensure_future(self.client.control(
                "wait_chat_change", chat_id=user_id, since=version, timeout=WAIT_SECONDS))
            change.add_done_callback(_retrieved)  # the page may leave while it runs
            closing = asyncio.ensure_future(self._closing.wait())
            try:
                await asyncio.wait({change, closing}, return_when=asyncio.FIRST_COMPLETED)
            finally:
                closing.cancel()
                closed = not change.done()
                if closed:
                    change.cancel()
            if closed:
                return
            try:
                change.result()
            except TimeoutError:
                continue
            except HTTPException:
                return

    async def press(self, pane: PlaygroundPane, body: PressIn) -> dict[str, Any]:
        action = await self.client.control("press", bot_id=pane.bot_id, user_id=body.user_id,
                                           message_id=body.message_id, data=body.data)
        try:
            record = await self.client.control("wait_callback_answer",
                                               query_id=action["query_id"],
                                               timeout=ANSWER_SECONDS)
        except TimeoutError:
            return {"answered": False}
        answer = record.get("answer") or {}
        return {"answered": True, "text": answer.get("text") or "",
                "show_alert": bool(answer.get("show_alert")), "url": answer.get("url") or ""}

    async def close(self) -> None:
        """End the open event streams (so the server can stop) and the stand-in client."""
        self._closing.set()
        await asyncio.sleep(0)
        await self.client.close()


def _retrieved(task: asyncio.Future[Any]) -> None:
    if not task.cancelled():
        task.exception()


def _for_page(message: dict[str, Any]) -> dict[str, Any]:
    """What the page needs from a stand-in transcript entry (not the raw update)."""
    keep = ("message_id", "sender", "date", "text", "entities", "caption", "caption_entities",
            "reply_markup", "reply_keyboard", "protected", "edited", "photo_file_id",
            "document", "invoice", "successful_payment")
    return {key: message.get(key) for key in keep}


async def _playground(request: Request) -> Playground:
    return request.app.state.playground


def _router() -> APIRouter:
    router = APIRouter(prefix="/playground", include_in_schema=False)
    @router.get("", response_class=HTMLResponse)
    async def page() -> HTMLResponse:
        html = (STATIC / "index.html").read_text(encoding="utf-8")
        return HTMLResponse(html, headers={"Cache-Control": "no-store"})

    @router.get("/", include_in_schema=False)
    async def slash() -> RedirectResponse:
        return RedirectResponse("/playground", status_code=308)

    @router.get("/static/{name}")
    async def asset(name: Annotated[str, Path(max_length=32)]) -> Response:
        if name not in ASSETS:
            raise HTTPException(404)
        return Response((STATIC / name).read_bytes(), media_type=ASSETS[name],
                        headers={"Cache-Control": "no-cache"})

    @router.get("/api/config")
    async def config(request: Request) -> dict[str, Any]:
        return await (await _playground(request)).config()

    @router.get("/api/{key}/events")
    async def events(key: PaneKey, request: Request,
                     user_id: Annotated[int, Query()]) -> StreamingResponse:
        playground = await _playground(request)
        pane = playground.pane(key, user_id)
        return StreamingResponse(playground.events(request, pane, user_id),
                                 media_type="text/event-stream",
                                 headers={"Cache-Control": "no-store",
                                          "X-Accel-Buffering": "no"})

    @router.get("/api/{key}/commands")
    async def commands(key: PaneKey, request: Request,
                       user_id: Annotated[int, Query()]) -> list[dict[str, str]]:
        playground = await _playground(request)
        pane = playground.pane(key, user_id)
        return await playground.client.control("commands", bot_id=pane.bot_id, user_id=user_id)

    @router.post("/api/{key}/send")
    async def send(key: PaneKey, body: TextIn, request: Request) -> dict[str, Any]:
        playground = await _playground(request)
        pane = playground.pane(key, body.user_id)
        return await playground.client.control("send_text", bot_id=pane.bot_id,
                                               user_id=body.user_id, text=body.text)

    @router.post("/api/{key}/press")
    async def press(key: PaneKey, body: PressIn, request: Request) -> dict[str, Any]:
        playground = await _playground(request)
        return await playground.press(playground.pane(key, body.user_id), body)

    @router.post("/api/{key}/pay")
    async def pay(key: PaneKey, body: PayIn, request: Request) -> dict[str, Any]:
        playground = await _playground(request)
        pane = playground.pane(key, body.user_id)
        return await playground.client.control("pay", bot_id=pane.bot_id, user_id=body.user_id,
                                               message_id=body.message_id)

    @router.post("/api/{key}/file")
    async def send_file(key: PaneKey, body: FileIn, request: Request) -> dict[str, Any]:
        playground = await _playground(request)
        pane = playground.pane(key, body.user_id)
        try:
            size = len(base64.b64decode(body.data_base64, validate=True))
        except binascii.Error:
            raise HTTPException(400, "the file is not base64") from None
        if size > MAX_UPLOAD_BYTES:
            raise HTTPException(413, "files up to 5 MB")
        return await playground.client.control(
            "send_document", bot_id=pane.bot_id, user_id=body.user_id,
            file_name=body.file_name, mime_type=body.mime_type,
            data_base64=body.data_base64, caption=body.caption)

    @router.get("/api/file/{file_id}")
    async def file(file_id: Annotated[str, Path(max_length=200, pattern=r"^[A-Za-z0-9_-]+$")],
                   request: Request) -> Response:
        answer = await (await _playground(request)).client.file(file_id)
        if answer.status_code != 200:
            raise HTTPException(404, "no such file")
        return Response(answer.content,
                        media_type=answer.headers.get("content-type", "application/octet-stream"),
                        headers={"Cache-Control": "private, max-age=3600"})

    return router


def mount_playground(app: FastAPI, setup: PlaygroundSetup) -> Playground:
    """Add ``/playground`` and its endpoints to ``app`` (local mode only: the launcher decides,
    and closes the returned playground when it stops)."""
    playground = Playground(setup)
    app.state.playground = playground
    app.include_router(_router())

    return playground
