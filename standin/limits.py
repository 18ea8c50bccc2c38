"""Telegram Bot API validation rules, text parsing and rate limits for the stand-in.

Everything here is pure (no I/O, no event loop) so it can be unit-tested and reused by the
server. Limits and error descriptions follow the real Bot API; where Telegram's exact wording is
not known, the description keeps Telegram's style ("Bad Request: ...").
"""

from __future__ import annotations

import json
import math
import re
import struct
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

MAX_TEXT_LENGTH = 4096
MAX_CAPTION_LENGTH = 1024
MAX_CALLBACK_DATA_BYTES = 64
MAX_CALLBACK_ANSWER_LENGTH = 200
MAX_INLINE_BUTTONS = 100
MAX_COMMANDS = 100
DELETE_WINDOW_SECONDS = 48 * 3600
MAX_PHOTO_BYTES = 10 * 1024 * 1024
MAX_UPLOAD_BYTES = 50 * 1024 * 1024
MAX_DOWNLOAD_BYTES = 20 * 1024 * 1024

ERR_TEXT_EMPTY = "Bad Request: message text is empty"
ERR_TEXT_TOO_LONG = "Bad Request: message is too long"
ERR_CAPTION_TOO_LONG = "Bad Request: message caption is too long"
ERR_BUTTON_DATA = "Bad Request: BUTTON_DATA_INVALID"
ERR_CHAT_NOT_FOUND = "Bad Request: chat not found"
ERR_BLOCKED = "Forbidden: bot was blocked by the user"
ERR_CANT_INITIATE = "Forbidden: bot can't initiate conversation with a user"
ERR_EDIT_NOT_FOUND = "Bad Request: message to edit not found"
ERR_DELETE_NOT_FOUND = "Bad Request: message to delete not found"
ERR_CANT_DELETE = "Bad Request: message can't be deleted for everyone"
ERR_NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup are "
    "exactly the same as a current content and reply markup of the message"
)
ERR_QUERY_TOO_OLD = (
    "Bad Request: query is too old and response timeout expired or query ID is invalid"
)
ERR_WRONG_FILE_ID = "Bad Request: wrong file identifier/HTTP URL specified"
ERR_SERVER = "Internal Server Error"

_TEXT_BUTTON_ACTIONS = (
    "url",
    "callback_data",
    "web_app",
    "login_url",
    "switch_inline_query",
    "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat",
    "copy_text",
    "callback_game",
    "pay",
)
_URL_SCHEMES = ("http://", "https://", "tg://", "ton://")
_COMMAND_RE = re.compile(r"^[a-z0-9_]{1,32}$")
_SECRET_RE = re.compile(r"^[A-Za-z0-9_-]{1,256}$")
_LANGUAGE_RE = re.compile(r"^[a-z]{2}$")


class ApiError(Exception):
    """An error answer of the Bot API: ``{"ok": false, "error_code": ..., "description": ...}``."""

    def __init__(self, error_code: int, description: str, retry_after: int | None = None) -> None:
        super().__init__(description)
        self.error_code = error_code
        self.description = description
        self.retry_after = retry_after

    def payload(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "ok": False,
            "error_code": self.error_code,
            "description": self.description,
        }
        if self.retry_after is not None:
            body["parameters"] = {"retry_after": self.retry_after}
        return body


def bad_request(detail: str) -> ApiError:
    return ApiError(400, f"Bad Request: {detail}")


def too_many_requests(retry_after: int) -> ApiError:
    return ApiError(429, f"Too Many Requests: retry after {retry_after}", retry_after)


def forbidden(detail: str) -> ApiError:
    return ApiError(403, f"Forbidden: {detail}")


# --------------------------------------------------------------------------------------------
# Text measurement and parsing
# --------------------------------------------------------------------------------------------


def utf16_len(text: str) -> int:
    """Length in UTF-16 code units, the unit Telegram uses for limits and entity offsets."""
    if text.isascii():
        return len(text)
    return len(text.encode("utf-16-le")) // 2


def _byte_offset(text: str, index: int) -> int:
    return len(text[:index].encode("utf-8"))


def _parse_error(detail: str) -> ApiError:
    return bad_request(f"can't parse entities: {detail}")


class _Out:
    """Plain text being built, with its running length in UTF-16 code units."""

    __slots__ = ("parts", "pos")

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.pos = 0

    def add(self, chunk: str) -> None:
        if chunk:
            self.parts.append(chunk)
            self.pos += utf16_len(chunk)

    def text(self) -> str:
        return "".join(self.parts)


@dataclass
class _Open:
    tag: str
    kind: str
    start: int
    index: int  # position in the source text (for error messages)
    extra: dict[str, Any]


def _entity(kind: str, start: int, end: int, extra: dict[str, Any]) -> dict[str, Any] | None:
    if end <= start:
        return None
    entity: dict[str, Any] = {"type": kind, "offset": start, "length": end - start}
    entity.update(extra)
    return entity


# ---- HTML ----------------------------------------------------------------------------------

_HTML_TAGS = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "tg-spoiler": "spoiler",
    "span": "spoiler",
    "a": "text_link",
    "code": "code",
    "pre": "pre",
    "blockquote": "blockquote",
    "tg-emoji": "custom_emoji",
}
_HTML_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_HTML_SPECIAL = re.compile(r"[<&]")
_HTML_ENTITY = re.compile(r"&(#[0-9]{1,8}|#[xX][0-9a-fA-F]{1,8}|[a-zA-Z][a-zA-Z0-9]{0,31});")
_HTML_NAME = re.compile(r"[a-zA-Z][a-zA-Z0-9-]*")
_HTML_ATTR = re.compile(
    r"""\s*([a-zA-Z][a-zA-Z0-9_-]*)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?"""
)


def _html_unescape(value: str) -> str:
    out = _Out()
    index = 0
    while index < len(value):
        match = _HTML_SPECIAL.search(value, index)
        if match is None or match.group() == "<":
            out.add(value[index:])
            break
        out.add(value[index : match.start()])
        index = _html_entity(value, match.start(), out)
    return out.text()


def _html_entity(text: str, index: int, out: _Out) -> int:
    match = _HTML_ENTITY.match(text, index)
    if match is None:
        out.add("&")
        return index + 1
    name = match.group(1)
    char: str | None = _HTML_NAMED.get(name)
    if name.startswith("#"):
        code = int(name[2:], 16) if name[1] in "xX" else int(name[1:])
        if 0 < code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF:
            char = chr(code)
    out.add(char if char is not None else match.group())
    return match.end()


def _html_attrs(text: str, index: int) -> tuple[dict[str, str], int]:
    attrs: dict[str, str] = {}
    while True:
        while index < len(text) and text[index] in " \t\r\n":
            index += 1
        if index >= len(text):
            return attrs, -1
        if text[index] == ">":
            return attrs, index
        if text.startswith("/>", index):
            return attrs, index + 1
        match = _HTML_ATTR.match(text, index)
        if match is None:
            return attrs, -1
        raw = next((g for g in match.groups()[1:] if g is not None), "")
        attrs[match.group(1).lower()] = _html_unescape(raw)
        index = match.end()


def _html_start_tag(
    text: str, index: int, out: _Out, stack: list[_Open], entities: list[dict[str, Any]]
) -> int:
    match = _HTML_NAME.match(text, index + 1)
    name = match.group().lower() if match else ""
    if name not in _HTML_TAGS:
        raise _parse_error(
            f'Unsupported start tag "{name}" at byte offset {_byte_offset(text, index)}'
        )
    attrs, end = _html_attrs(text, index + 1 + len(name))
    if end < 0:
        raise _parse_error(
            f"Can't find end of the tag starting at byte offset {_byte_offset(text, index)}"
        )
    kind, extra = _HTML_TAGS[name], {}
    if name == "span" and attrs.get("class") != "tg-spoiler":
        raise _parse_error('Tag "span" must have class "tg-spoiler"')
    if name == "a":
        extra = {"url": attrs["href"]} if attrs.get("href") else {}
        kind = "text_link" if extra else ""
    elif name == "tg-emoji":
        extra = {"custom_emoji_id": attrs.get("emoji-id", "")}
    elif name == "blockquote" and "expandable" in attrs:
        kind = "expandable_blockquote"
    elif name == "code" and stack and stack[-1].tag == "pre":
        language = attrs.get("class", "")
        if language.startswith("language-"):
            stack[-1].extra["language"] = language[len("language-") :]
            kind = ""
    stack.append(_Open(name, kind, out.pos, index, extra))
    return end + 1


def _html_end_tag(
    text: str, index: int, out: _Out, stack: list[_Open], entities: list[dict[str, Any]]
) -> int:
    end = text.find(">", index)
    if end < 0:
        offset = _byte_offset(text, index)
        raise _parse_error(f"Can't find end of the tag starting at byte offset {offset}")
    name = text[index + 2 : end].strip().lower()
    if not stack:
        raise _parse_error(f"Unexpected end tag at byte offset {_byte_offset(text, index)}")
    top = stack[-1]
    if name != top.tag:
        offset = _byte_offset(text, index)
        raise _parse_error(
            f'Unmatched end tag at byte offset {offset}, expected "</{top.tag}>", found "</{name}>"'
        )
    stack.pop()
    if top.kind:
        entity = _entity(top.kind, top.start, out.pos, top.extra)
        if entity is not None:
            entities.append(entity)
    return end + 1


def parse_html(text: str) -> tuple[str, list[dict[str, Any]]]:
    """Parse Telegram-flavoured HTML into plain text and entities (UTF-16 offsets)."""
    out, stack, entities = _Out(), [], []  # type: ignore[var-annotated]
    index = 0
    while index < len(text):
        match = _HTML_SPECIAL.search(text, index)
        if match is None:
            out.add(text[index:])
            break
        out.add(text[index : match.start()])
        index = match.start()
        if text[index] == "&":
            index = _html_entity(text, index, out)
        elif text.startswith("</", index):
            index = _html_end_tag(text, index, out, stack, entities)
        else:
            index = _html_start_tag(text, index, out, stack, entities)
    if stack:
        raise _parse_error(f'Can\'t find end tag corresponding to start tag "{stack[-1].tag}"')
    return out.text(), entities


# ---- shared text pipeline ------------------------------------------------------------------


def _clean_entities(text: str, raw: Any) -> list[dict[str, Any]]:
    if not isinstance(raw, list):
        raise bad_request("can't parse entities JSON object")
    total = utf16_len(text)
    cleaned: list[dict[str, Any]] = []
    for item in raw:
        if not isinstance(item, dict) or not isinstance(item.get("type"), str):
            raise bad_request("can't parse MessageEntity JSON object")
        offset, length = item.get("offset"), item.get("length")
        if not isinstance(offset, int) or not isinstance(length, int):
            raise bad_request("can't parse MessageEntity JSON object")
        end = min(total, offset + length)
        if offset >= 0 and end > offset:
            cleaned.append({**item, "offset": offset, "length": end - offset})
    return cleaned


def _strip(text: str, entities: list[dict[str, Any]]) -> tuple[str, list[dict[str, Any]]]:
    stripped = text.strip()
    if stripped == text:
        return text, entities
    shift = utf16_len(text[: len(text) - len(text.lstrip())])
    total = utf16_len(stripped)
    adjusted: list[dict[str, Any]] = []
    for entity in entities:
        start = max(0, entity["offset"] - shift)
        end = min(total, entity["offset"] + entity["length"] - shift)
        if end > start:
            adjusted.append({**entity, "offset": start, "length": end - start})
    return stripped, adjusted


def format_text(
    text: str, parse_mode: str | None, entities: Any | None
) -> tuple[str, list[dict[str, Any]]]:
    """Turn (text, parse_mode, entities) into Telegram's stored (plain text, entities).

    Only the HTML parse mode is modelled (the bots send HTML); another one is refused, so a bot
    that switches parse mode finds out here.
    """
    if entities is not None:
        plain, found = text, _clean_entities(text, entities)
    elif not parse_mode:
        plain, found = text, []
    elif parse_mode.lower() != "html":
        raise bad_request(f"unsupported parse_mode {parse_mode!r}")
    elif "<" not in text and "&" not in text:
        plain, found = text, []
    else:
        plain, found = parse_html(text)
    plain, found = _strip(plain, found)
    found.sort(key=lambda item: (item["offset"], -item["length"]))
    return plain, found


def validate_text(
    text: str | None, parse_mode: str | None, entities: Any | None
) -> tuple[str, list[dict[str, Any]]]:
    """Message text: required, 1..4096 UTF-16 code units after entity parsing."""
    if not text:
        raise ApiError(400, ERR_TEXT_EMPTY)
    plain, found = format_text(text, parse_mode, entities)
    if not plain:
        raise ApiError(400, ERR_TEXT_EMPTY)
    if utf16_len(plain) > MAX_TEXT_LENGTH:
        raise ApiError(400, ERR_TEXT_TOO_LONG)
    return plain, found


def validate_caption(
    caption: str | None, parse_mode: str | None, entities: Any | None
) -> tuple[str, list[dict[str, Any]]]:
    """Media caption: optional, at most 1024 UTF-16 code units after entity parsing."""
    if not caption:
        return "", []
    plain, found = format_text(caption, parse_mode, entities)
    if utf16_len(plain) > MAX_CAPTION_LENGTH:
        raise ApiError(400, ERR_CAPTION_TOO_LONG)
    return plain, found


def bot_command_entities(text: str) -> list[dict[str, Any]]:
    """Entities a Telegram client attaches to ``/commands`` in a user's text."""
    entities: list[dict[str, Any]] = []
    for match in re.finditer(r"(?:(?<=\s)|^)/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{3,32})?", text):
        offset = utf16_len(text[: match.start()])
        entities.append(
            {"type": "bot_command", "offset": offset, "length": utf16_len(match.group())}
        )
    return entities


# --------------------------------------------------------------------------------------------
# Reply markup
# --------------------------------------------------------------------------------------------


def _load_json(value: Any, error: str) -> Any:
    if not isinstance(value, str | bytes):
        return value
    try:
        return json.loads(value)
    except ValueError as exc:
        raise bad_request(error) from exc


def _validate_callback_data(data: Any) -> None:
    if not isinstance(data, str):
        raise ApiError(400, ERR_BUTTON_DATA)
    size = len(data.encode("utf-8"))
    if size < 1 or size > MAX_CALLBACK_DATA_BYTES:
        raise ApiError(400, ERR_BUTTON_DATA)


def _validate_inline_button(button: Any) -> None:
    if not isinstance(button, dict) or not isinstance(button.get("text"), str):
        raise bad_request(
            "can't parse inline keyboard button: InlineKeyboardButton must be an Object"
        )
    actions = [key for key in _TEXT_BUTTON_ACTIONS if key in button]
    if not actions:
        raise bad_request(
            "can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard"
        )
    if len(actions) > 1:
        raise bad_request("can't parse inline keyboard button: more than one action specified")
    if "callback_data" in button:
        _validate_callback_data(button["callback_data"])
    url = button.get("url")
    if url is not None and (not isinstance(url, str) or not url.startswith(_URL_SCHEMES)):
        raise bad_request(f"inline keyboard button URL '{url}' is invalid: Wrong HTTP URL")
    if not button["text"].strip():
        raise bad_request("BUTTON_TEXT_INVALID")


def _validate_inline_keyboard(rows: Any) -> None:
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise bad_request(
            'field "inline_keyboard" of the InlineKeyboardMarkup should be an Array of Arrays'
        )
    count = 0
    for row in rows:
        for button in row:
            _validate_inline_button(button)
            count += 1
    if count > MAX_INLINE_BUTTONS:
        raise bad_request("reply markup is too long")


def _validate_reply_keyboard(rows: Any) -> None:
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise bad_request(
            'field "keyboard" of the ReplyKeyboardMarkup should be an Array of Arrays'
        )
    for row in rows:
        for button in row:
            if isinstance(button, str):
                continue
            if not isinstance(button, dict) or not isinstance(button.get("text"), str):
                raise bad_request("can't parse keyboard button: KeyboardButton must be a String")


def validate_reply_markup(raw: Any) -> dict[str, Any] | None:
    """Parse and validate ``reply_markup``; returns the markup object or ``None``."""
    if raw is None or raw == "":
        return None
    markup = _load_json(raw, "can't parse reply keyboard markup JSON object")
    if not isinstance(markup, dict):
        raise bad_request("can't parse reply keyboard markup JSON object")
    if "inline_keyboard" in markup:
        _validate_inline_keyboard(markup["inline_keyboard"])
        return {"inline_keyboard": markup["inline_keyboard"]}
    if "keyboard" in markup:
        _validate_reply_keyboard(markup["keyboard"])
        return markup
    if markup.get("remove_keyboard") or markup.get("force_reply"):
        return markup
    raise bad_request("can't parse reply keyboard markup JSON object")


def inline_markup(markup: dict[str, Any] | None) -> dict[str, Any] | None:
    """The part of a markup that stays on a message (only inline keyboards do)."""
    if markup and "inline_keyboard" in markup:
        return markup
    return None


def callback_buttons(markup: dict[str, Any] | None) -> list[dict[str, Any]]:
    if not markup:
        return []
    rows = markup.get("inline_keyboard") or []
    return [button for row in rows for button in row if "callback_data" in button]


# --------------------------------------------------------------------------------------------
# Commands, webhooks, files, invoices
# --------------------------------------------------------------------------------------------


def validate_commands(raw: Any) -> list[dict[str, str]]:
    commands = _load_json(raw, "can't parse commands JSON object")
    if not isinstance(commands, list):
        raise bad_request("can't parse commands JSON object")
    if len(commands) > MAX_COMMANDS:
        raise bad_request("too many commands specified")
    cleaned: list[dict[str, str]] = []
    for item in commands:
        if not isinstance(item, dict):
            raise bad_request("can't parse BotCommand JSON object")
        command = str(item.get("command", "")).lower()
        description = str(item.get("description", "")).strip()
        if not _COMMAND_RE.match(command):
            raise bad_request("BOT_COMMAND_INVALID")
        if not description or len(description) > 256:
            raise bad_request("command description must be non-empty and at most 256 characters")
        cleaned.append({"command": command, "description": description})
    return cleaned


def command_scope_key(raw: Any) -> str:
    scope = _load_json(raw, "can't parse BotCommandScope JSON object") if raw else None
    if scope is None:
        return json.dumps({"type": "default"})
    if not isinstance(scope, dict) or not isinstance(scope.get("type"), str):
        raise bad_request("can't parse BotCommandScope JSON object")
    return json.dumps(scope, sort_keys=True)


def validate_language_code(code: str | None) -> str:
    if not code:
        return ""
    if not _LANGUAGE_RE.match(code):
        raise bad_request("invalid language code specified")
    return code


def validate_secret_token(token: str | None) -> str | None:
    if token is None or token == "":
        return None
    if not _SECRET_RE.match(token):
        raise bad_request("bad webhook: secret token contains unallowed characters")
    return token


def image_size(data: bytes) -> tuple[int, int] | None:
    """Width and height of a PNG, GIF, JPEG or WebP image, or ``None`` if it is not one."""
    if data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) >= 24:
        width, height = struct.unpack(">II", data[16:24])
        return int(width), int(height)
    if data[:6] in (b"GIF87a", b"GIF89a") and len(data) >= 10:
        width, height = struct.unpack("<HH", data[6:10])
        return int(width), int(height)
    if data.startswith(b"\xff\xd8"):
        return _jpeg_size(data)
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return 512, 512
    return None


def _jpeg_size(data: bytes) -> tuple[int, int] | None:
    index = 2
    while index + 9 < len(data):
        if data[index] != 0xFF:
            return None
        marker = data[index + 1]
        length = struct.unpack(">H", data[index + 2 : index + 4])[0]
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            height, width = struct.unpack(">HH", data[index + 5 : index + 9])
            return int(width), int(height)
        index += 2 + length
    return 1, 1


def validate_photo_bytes(data: bytes) -> tuple[int, int]:
    if not data:
        raise bad_request("file must be non-empty")
    if len(data) > MAX_PHOTO_BYTES:
        raise bad_request("PHOTO_INVALID_DIMENSIONS")
    size = image_size(data)
    if size is None:
        raise bad_request("IMAGE_PROCESS_FAILED")
    return size


def validate_prices(raw: Any, currency: str) -> list[dict[str, Any]]:
    prices = _load_json(raw, "can't parse prices JSON object")
    if not isinstance(prices, list) or not prices:
        raise bad_request("can't parse prices JSON object")
    for price in prices:
        if (
            not isinstance(price, dict)
            or not isinstance(price.get("label"), str)
            or not isinstance(price.get("amount"), int)
        ):
            raise bad_request("can't parse LabeledPrice JSON object")
    if currency == "XTR" and len(prices) != 1:
        raise bad_request("STARS_INVOICE_INVALID")
    if sum(price["amount"] for price in prices) <= 0:
        raise bad_request("CURRENCY_TOTAL_AMOUNT_INVALID")
    return prices


# --------------------------------------------------------------------------------------------
# Rate limits
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RateLimits:
    """Token buckets that mimic Telegram's flood control.

    ``bot_rate``/``bot_burst``: messages per second across all chats of one bot (Telegram:
    about 30/s). ``chat_rate``/``chat_burst``: messages per second in one chat (Telegram: about
    1/s sustained, with short bursts allowed). Sends and edits count; everything else is free.
    """

    enabled: bool = True
    bot_rate: float = 30.0
    bot_burst: float = 30.0
    chat_rate: float = 1.0
    chat_burst: float = 10.0

    @classmethod
    def disabled(cls) -> RateLimits:
        return cls(enabled=False)


class _Bucket:
    __slots__ = ("stamp", "tokens")

    def __init__(self, tokens: float, stamp: float) -> None:
        self.tokens = tokens
        self.stamp = stamp

    def refill(self, now: float, rate: float, burst: float) -> None:
        if now > self.stamp:
            self.tokens = min(burst, self.tokens + (now - self.stamp) * rate)
        self.stamp = now

    def wait_time(self, rate: float) -> float:
        return 0.0 if self.tokens >= 1 else (1 - self.tokens) / rate


class RateLimiter:
    """Per-bot and per-chat token buckets; O(1) per request."""

    def __init__(self, limits: RateLimits, clock: Callable[[], float]) -> None:
        self.limits = limits
        self._clock = clock
        self._bots: dict[int, _Bucket] = {}
        self._chats: dict[tuple[int, int], _Bucket] = {}

    def configure(self, limits: RateLimits) -> None:
        self.limits = limits
        self._bots.clear()
        self._chats.clear()

    def acquire(self, bot_id: int, chat_id: int | None) -> None:
        """Take one token from the bot and chat buckets or raise 429 with ``retry_after``."""
        limits = self.limits
        if not limits.enabled:
            return
        now = self._clock()
        bot_bucket = self._bucket(self._bots, bot_id, limits.bot_burst, now)
        bot_bucket.refill(now, limits.bot_rate, limits.bot_burst)
        wait = bot_bucket.wait_time(limits.bot_rate)
        chat_bucket = None
        if chat_id is not None:
            chat_bucket = self._bucket(self._chats, (bot_id, chat_id), limits.chat_burst, now)
            chat_bucket.refill(now, limits.chat_rate, limits.chat_burst)
            wait = max(wait, chat_bucket.wait_time(limits.chat_rate))
        if wait > 0:
            raise too_many_requests(max(1, math.ceil(wait)))
        bot_bucket.tokens -= 1
        if chat_bucket is not None:
            chat_bucket.tokens -= 1

    @staticmethod
    def _bucket(store: dict[Any, _Bucket], key: Any, burst: float, now: float) -> _Bucket:
        bucket = store.get(key)
        if bucket is None:
            bucket = store[key] = _Bucket(burst, now)
        return bucket
