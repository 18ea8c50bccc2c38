"""The Bot API stand-in: an aiohttp app that speaks the part of the Telegram Bot API we use.

Bots talk to it through ``AiohttpSession(api=TelegramAPIServer.from_base(base_url))``; tests and
the terminal chat client drive simulated users through :class:`StandinState` or ``/_control/``.

Routes:

- ``POST|GET /bot{token}/{method}``: the Bot API (form, multipart, JSON body or query string).
- ``GET /file/bot{token}/{file_path}``: file downloads (only for the bot that owns the file).
- ``/_control/{action}``: JSON in (query string and/or JSON body), ``{"ok": true, "result": ...}``
  out; ``400 {"ok": false, "error": ...}`` for bad requests, ``408`` when a wait times out.
  Actions: ``health``, ``users`` (id, first_name, username, last_name, language_code),
  ``bots`` (list; or bot_id, username, first_name to register), ``open_chat``/``block``/
  ``unblock`` (bot_id, user_id), ``send_text`` (bot_id, user_id, text), ``send_command``
  (bot_id, user_id, command, args), ``send_long_text`` (bot_id, user_id, text or length),
  ``send_document`` (bot_id, user_id, file_name, data_base64, mime_type?, caption?),
  ``press`` (bot_id, user_id, message_id?, data? | text?, raw?), ``pay`` (bot_id, user_id,
  message_id?), ``transcript`` / ``last_bot_message`` (bot_id, chat_id), ``callbacks``
  (bot_id?, chat_id?), ``pre_checkouts`` / ``payments`` (bot_id?), ``commands`` (bot_id,
  user_id), ``stats`` (bot_id?), ``wait_bot_message`` (chat_id, bot_id?, after_message_id?,
  timeout?), ``wait_callback_answer`` (query_id, timeout?), ``wait_answered`` (bot_id,
  timeout?), ``chat_version`` / ``wait_chat_change`` (chat_id, since, timeout?),
  ``force_error`` (kind, count?, method?, chat_id?, bot_id?, retry_after?, error_code?,
  description?), ``clear_forced_errors``, ``rate_limits`` (enabled?, bot_rate?, bot_burst?,
  chat_rate?, chat_burst?), ``clock/advance`` (seconds), ``file/{file_id}`` (raw bytes).
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import contextlib
import inspect
import json
import logging
import re
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from aiohttp import (
    BodyPartReader,
    ClientError,
    ClientSession,
    ClientTimeout,
    MultipartReader,
    web,
)

from standin.limits import (
    ERR_CANT_DELETE,
    ERR_DELETE_NOT_FOUND,
    ERR_EDIT_NOT_FOUND,
    ERR_NOT_MODIFIED,
    ERR_QUERY_TOO_OLD,
    ERR_WRONG_FILE_ID,
    MAX_CALLBACK_ANSWER_LENGTH,
    MAX_DOWNLOAD_BYTES,
    MAX_UPLOAD_BYTES,
    ApiError,
    RateLimits,
    bad_request,
    command_scope_key,
    inline_markup,
    validate_caption,
    validate_commands,
    validate_language_code,
    validate_photo_bytes,
    validate_prices,
    validate_reply_markup,
    validate_secret_token,
    validate_text,
)
from standin.state import (
    BotState,
    Chat,
    Clock,
    ControlError,
    Invoice,
    QueryRecord,
    StandinState,
    StoredFile,
    StoredMessage,
    Webhook,
)

if TYPE_CHECKING:
    from aiogram.client.session.aiohttp import AiohttpSession

logger = logging.getLogger(__name__)
Q = TypeVar("Q", bound=QueryRecord)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"  # noqa: S105 - a header name
_TOKEN_RE = re.compile(r"^([0-9]{1,20}):[A-Za-z0-9_-]{1,100}$")
_CONFLICT_POLL = (
    "Conflict: terminated by other getUpdates request; make sure that only one bot instance "
    "is running"
)
_CONFLICT_WEBHOOK = (
    "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete "
    "the webhook first"
)
_LIMITED_METHODS = frozenset(
    {
        "sendmessage",
        "sendphoto",
        "senddocument",
        "sendinvoice",
        "editmessagetext",
        "editmessagecaption",
        "editmessagereplymarkup",
    }
)


def _dumps(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _json_response(body: Any, status: int = 200) -> web.Response:
    return web.Response(body=_dumps(body), status=status, content_type="application/json")


# --------------------------------------------------------------------------------------------
# Request parameters
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Upload:
    data: bytes
    filename: str | None
    content_type: str | None


class Params:
    """Bot API parameters from a query string, form, multipart body or JSON body."""

    def __init__(self, values: dict[str, Any], uploads: dict[str, Upload] | None = None) -> None:
        self.values = values
        self.uploads = uploads or {}

    def raw(self, name: str) -> Any:
        return self.values.get(name)

    def text(self, name: str) -> str | None:
        value = self.values.get(name)
        if value is None:
            return None
        return value if isinstance(value, str) else json.dumps(value)

    def integer(self, name: str) -> int | None:
        value = self.values.get(name)
        if value is None or value == "":
            return None
        if isinstance(value, bool):
            return int(value)
        try:
            return int(value)
        except (TypeError, ValueError) as exc:
            raise bad_request(f"invalid {name} specified") from exc

    def number(self, name: str) -> float | None:
        value = self.values.get(name)
        if value is None or value == "":
            return None
        try:
            return float(value)
        except (TypeError, ValueError) as exc:
            raise bad_request(f"invalid {name} specified") from exc

    def flag(self, name: str) -> bool:
        value = self.values.get(name)
        return value is True or value in ("true", "True", "1", 1)

    def parsed(self, name: str) -> Any:
        value = self.values.get(name)
        if not isinstance(value, str):
            return value
        if value == "":
            return None
        try:
            return json.loads(value)
        except ValueError as exc:
            raise bad_request(f"can't parse {name} JSON object") from exc

    def chat_id(self) -> int | None:
        value = self.values.get("chat_id")
        if value is None:
            return None
        try:
            return int(value)
        except (TypeError, ValueError):
            return None

    def input_file(self, name: str) -> Upload | str | None:
        """An uploaded file (direct or ``attach://``) or a file_id/URL string."""
        if name in self.uploads:
            return self.uploads[name]
        value = self.values.get(name)
        if isinstance(value, str) and value.startswith("attach://"):
            upload = self.uploads.get(value[len("attach://") :])
            if upload is None:
                raise bad_request(f'can\'t find attached file "{value}"')
            return upload
        return value if isinstance(value, str) and value else None


async def read_params(request: web.Request) -> Params:
    values: dict[str, Any] = dict(request.query)
    uploads: dict[str, Upload] = {}
    if request.method != "POST" or not request.body_exists:
        return Params(values)
    if request.content_type == "application/json":
        try:
            body = await request.json()
        except ValueError as exc:
            raise bad_request("can't parse JSON request body") from exc
        if isinstance(body, dict):
            values.update(body)
        return Params(values)
    form = await request.post()
    for key, value in form.items():
        if isinstance(value, web.FileField):
            uploads[key] = Upload(value.file.read(), value.filename, value.content_type)
        else:
            values[key] = value
    return Params(values, uploads)


# --------------------------------------------------------------------------------------------
# Bot API methods
# --------------------------------------------------------------------------------------------

Handler = Callable[[BotState, Params], Any]


class BotApi:
    """Implements the Bot API methods on top of :class:`StandinState`."""

    def __init__(self, state: StandinState, webhooks: WebhookSender | None = None) -> None:
        self.state = state
        self.webhooks = webhooks
        self.methods: dict[str, tuple[str, Handler]] = {}
        for name, handler in self._handlers().items():
            self.methods[name.lower()] = (name, handler)

    def _handlers(self) -> dict[str, Handler]:
        return {
            "getMe": lambda bot, p: bot.get_me(),
            "getUpdates": self.get_updates,
            "setWebhook": self.set_webhook,
            "deleteWebhook": self.delete_webhook,
            "getWebhookInfo": self.get_webhook_info,
            "sendMessage": self.send_message,
            "sendPhoto": self.send_photo,
            "sendDocument": self.send_document,
            "editMessageText": self.edit_message_text,
            "editMessageCaption": self.edit_message_caption,
            "editMessageReplyMarkup": self.edit_message_reply_markup,
            "deleteMessage": self.delete_message,
            "getFile": self.get_file,
            "answerCallbackQuery": self.answer_callback_query,
            "setMyCommands": self.set_my_commands,
            "sendInvoice": self.send_invoice,
            "answerPreCheckoutQuery": self.answer_pre_checkout_query,
            "refundStarPayment": self.refund_star_payment,
            "getStarTransactions": self.get_star_transactions,
        }

    async def call(self, bot: BotState, method: str, params: Params) -> Any:
        """Run one API method for ``bot``; raises :class:`ApiError` like Telegram would."""
        key = method.lower()
        entry = self.methods.get(key)
        if entry is None:
            raise ApiError(404, "Not Found: method not found")
        name, handler = entry
        bot.method_calls[name] += 1
        forced = self.state.take_forced_error(bot.id, key, params.chat_id())
        if forced is not None:
            raise forced
        result = handler(bot, params)
        if inspect.isawaitable(result):
            result = await result
        return result

    def _rate_limit(self, bot: BotState, chat: Chat, method: str) -> None:
        if method.lower() in _LIMITED_METHODS:
            self.state.limiter.acquire(bot.id, chat.id)

    # ---- updates and webhooks ---------------------------------------------------------------

    async def get_updates(self, bot: BotState, p: Params) -> list[dict[str, Any]]:
        state = self.state
        if bot.webhook is not None:
            raise ApiError(409, _CONFLICT_WEBHOOK)
        limit = min(100, max(1, p.integer("limit") or 100))
        timeout = max(0.0, p.number("timeout") or 0.0)
        state.set_allowed_updates(bot, _allowed_updates(p))
        state.confirm_updates(bot, p.integer("offset"))
        generation = state.begin_poll(bot)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            updates = state.take_updates(bot, limit)
            remaining = deadline - loop.time()
            if updates or state.closed or remaining <= 0:
                return updates
            waiter: asyncio.Future[None] = loop.create_future()
            bot.poll_waiters.add(waiter)
            try:
                await asyncio.wait_for(waiter, remaining)
            except TimeoutError:
                return []
            if state.closed:
                return []
            if bot.webhook is not None:
                raise ApiError(409, _CONFLICT_WEBHOOK)
            if bot.poll_generation != generation:
                raise ApiError(409, _CONFLICT_POLL)

    async def set_webhook(self, bot: BotState, p: Params) -> bool:
        url = p.text("url") or ""
        if not url:
            return await self.delete_webhook(bot, p)
        if not url.startswith(("https://", "http://")):
            raise bad_request("bad webhook: HTTPS url must be provided for webhook")
        hook = Webhook(
            url=url,
            secret_token=validate_secret_token(p.text("secret_token")),
            max_connections=min(100, max(1, p.integer("max_connections") or 40)),
            ip_address=p.text("ip_address"),
        )
        self.state.set_allowed_updates(bot, _allowed_updates(p))
        if self.webhooks is None:
            raise ApiError(500, "Internal Server Error")
        await self.webhooks.set_webhook(bot, hook, drop_pending=p.flag("drop_pending_updates"))
        logger.info("bot %s: webhook set", bot.id)
        return True

    async def delete_webhook(self, bot: BotState, p: Params) -> bool:
        drop = p.flag("drop_pending_updates")
        if self.webhooks is not None:
            await self.webhooks.remove_webhook(bot, drop_pending=drop)
        if drop:
            for update in list(bot.updates):
                self.state.forget_pending(bot, update)
            bot.updates.clear()
        return True

    def get_webhook_info(self, bot: BotState, p: Params) -> dict[str, Any]:
        hook = bot.webhook
        if hook is None:
            return {
                "url": "",
                "has_custom_certificate": False,
                "pending_update_count": len(bot.updates),
            }
        info: dict[str, Any] = {
            "url": hook.url,
            "has_custom_certificate": False,
            "pending_update_count": self.webhooks.pending_count(bot.id) if self.webhooks else 0,
            "max_connections": hook.max_connections,
            "allowed_updates": sorted(bot.allowed_updates),
        }
        if hook.ip_address:
            info["ip_address"] = hook.ip_address
        if hook.last_error_date:
            info["last_error_date"] = hook.last_error_date
            info["last_error_message"] = hook.last_error_message
        return info

    # ---- sending ----------------------------------------------------------------------------

    def _target_chat(self, bot: BotState, p: Params) -> Chat:
        if p.raw("chat_id") in (None, ""):
            raise bad_request("chat_id is empty")
        return self.state.chat_for_send(bot, p.chat_id())

    def _common(
        self, chat: Chat, p: Params, content: dict[str, Any], markup: dict[str, Any] | None
    ) -> dict[str, Any] | None:
        """Shared send options; returns a reply keyboard (kept outside the Message object)."""
        if p.flag("protect_content"):
            content["has_protected_content"] = True
        if inline_markup(markup):
            content["reply_markup"] = markup
        reply = self._reply_target(chat, p)
        if reply is not None:
            content["reply_to_message"] = {
                k: v for k, v in reply.data.items() if k != "reply_to_message"
            }
        return markup if markup and not inline_markup(markup) else None

    def _reply_target(self, chat: Chat, p: Params) -> StoredMessage | None:
        parameters = p.parsed("reply_parameters")
        message_id = p.integer("reply_to_message_id")
        allow_missing = p.flag("allow_sending_without_reply")
        if isinstance(parameters, dict):
            message_id = parameters.get("message_id")
            allow_missing = bool(parameters.get("allow_sending_without_reply"))
        if message_id is None:
            return None
        target = self.state.find_message(chat, int(message_id))
        if target is None and not allow_missing:
            raise bad_request("message to be replied not found")
        return target

    def _deliver(
        self,
        bot: BotState,
        chat: Chat,
        method: str,
        content: dict[str, Any],
        keyboard: dict[str, Any] | None,
        invoice: Invoice | None = None,
    ) -> dict[str, Any]:
        self._rate_limit(bot, chat, method)
        stored = self.state.add_bot_message(bot, chat, content, invoice=invoice)
        stored.reply_keyboard = keyboard
        return stored.data

    def send_message(self, bot: BotState, p: Params) -> dict[str, Any]:
        chat = self._target_chat(bot, p)
        text, entities = validate_text(p.text("text"), p.text("parse_mode"), p.parsed("entities"))
        markup = validate_reply_markup(p.raw("reply_markup"))
        content: dict[str, Any] = {"text": text}
        if entities:
            content["entities"] = entities
        keyboard = self._common(chat, p, content, markup)
        return self._deliver(bot, chat, "sendMessage", content, keyboard)

    def _caption(self, p: Params, content: dict[str, Any]) -> None:
        caption, entities = validate_caption(
            p.text("caption"), p.text("parse_mode"), p.parsed("caption_entities")
        )
        if caption:
            content["caption"] = caption
        if entities:
            content["caption_entities"] = entities
        if p.flag("show_caption_above_media"):
            content["show_caption_above_media"] = True

    def send_photo(self, bot: BotState, p: Params) -> dict[str, Any]:
        chat = self._target_chat(bot, p)
        sizes = self._photo_sizes(bot, p.input_file("photo"))
        content: dict[str, Any] = {"photo": sizes}
        self._caption(p, content)
        if p.flag("has_spoiler"):
            content["has_media_spoiler"] = True
        markup = validate_reply_markup(p.raw("reply_markup"))
        keyboard = self._common(chat, p, content, markup)
        return self._deliver(bot, chat, "sendPhoto", content, keyboard)

    def send_document(self, bot: BotState, p: Params) -> dict[str, Any]:
        chat = self._target_chat(bot, p)
        document = self._document(bot, p.input_file("document"))
        content: dict[str, Any] = {"document": document}
        self._caption(p, content)
        markup = validate_reply_markup(p.raw("reply_markup"))
        keyboard = self._common(chat, p, content, markup)
        return self._deliver(bot, chat, "sendDocument", content, keyboard)

    def _existing_file(self, bot: BotState, value: str, kind: str) -> StoredFile:
        if value.startswith(("http://", "https://")):
            raise bad_request("failed to get HTTP URL content")
        stored = self.state.file_for_bot(bot.id, value)
        if stored is None:
            raise ApiError(400, ERR_WRONG_FILE_ID)
        if stored.kind != kind:
            raise bad_request(
                f"can't use file of type {stored.kind.capitalize()} as {kind.capitalize()}"
            )
        return stored

    def _photo_sizes(self, bot: BotState, source: Upload | str | None) -> list[dict[str, Any]]:
        if source is None:
            raise bad_request("there is no photo in the request")
        if isinstance(source, str):
            stored = self._existing_file(bot, source, "photo")
            return list(stored.photo_sizes or [])
        width, height = validate_photo_bytes(source.data)
        main = self.state.store_file(bot.id, source.data, "photo", mime_type="image/jpeg")
        sizes = [_photo_size(main, width, height)]
        if max(width, height) > 320:
            scale = 320 / max(width, height)
            thumb = self.state.store_file(bot.id, source.data, "photo", mime_type="image/jpeg")
            small = (max(1, round(width * scale)), max(1, round(height * scale)))
            sizes.insert(0, _photo_size(thumb, *small))
            thumb.photo_sizes = sizes
        main.photo_sizes = sizes
        return sizes

    def _document(self, bot: BotState, source: Upload | str | None) -> dict[str, Any]:
        if source is None:
            raise bad_request("there is no document in the request")
        if isinstance(source, str):
            stored = self._existing_file(bot, source, "document")
        else:
            if not source.data:
                raise bad_request("file must be non-empty")
            if len(source.data) > MAX_UPLOAD_BYTES:
                raise ApiError(413, "Request Entity Too Large")
            stored = self.state.store_file(
                bot.id,
                source.data,
                "document",
                file_name=source.filename,
                mime_type=source.content_type or "application/octet-stream",
            )
        document: dict[str, Any] = {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_size": len(stored.data),
        }
        if stored.file_name:
            document["file_name"] = stored.file_name
        if stored.mime_type:
            document["mime_type"] = stored.mime_type
        return document

    def get_file(self, bot: BotState, p: Params) -> dict[str, Any]:
        stored = self.state.file_for_bot(bot.id, p.text("file_id") or "")
        if stored is None:
            raise bad_request("wrong file_id or the file is temporarily unavailable")
        if len(stored.data) > MAX_DOWNLOAD_BYTES:
            raise bad_request("file is too big")
        return stored.to_api()

    # ---- editing and deleting ---------------------------------------------------------------

    def _editable(self, bot: BotState, p: Params) -> tuple[Chat, StoredMessage]:
        if p.raw("inline_message_id"):
            raise bad_request("MESSAGE_ID_INVALID")
        chat = self._target_chat(bot, p)
        message_id = p.integer("message_id")
        if message_id is None:
            raise bad_request("message identifier is not specified")
        stored = self.state.find_message(chat, message_id)
        if stored is None:
            raise ApiError(400, ERR_EDIT_NOT_FOUND)
        if stored.sender != "bot":
            raise bad_request("message can't be edited")
        return chat, stored

    @staticmethod
    def _edit_markup(p: Params) -> dict[str, Any] | None:
        markup = validate_reply_markup(p.raw("reply_markup"))
        if markup is not None and inline_markup(markup) is None:
            raise bad_request("inline keyboard expected")
        return markup

    def edit_message_text(self, bot: BotState, p: Params) -> dict[str, Any]:
        chat, stored = self._editable(bot, p)
        if "text" not in stored.data:
            raise bad_request("there is no text in the message to edit")
        text, entities = validate_text(p.text("text"), p.text("parse_mode"), p.parsed("entities"))
        markup = self._edit_markup(p)
        old = stored.data
        current = (old["text"], old.get("entities", []), old.get("reply_markup"))
        if (text, entities, markup) == current:
            raise ApiError(400, ERR_NOT_MODIFIED)
        self._rate_limit(bot, chat, "editMessageText")
        changes = {"text": text, "entities": entities or None, "reply_markup": markup}
        return self.state.edit_message(stored, changes)

    def edit_message_caption(self, bot: BotState, p: Params) -> dict[str, Any]:
        chat, stored = self._editable(bot, p)
        if "photo" not in stored.data and "document" not in stored.data:
            raise bad_request("there is no caption in the message to edit")
        content: dict[str, Any] = {}
        self._caption(p, content)
        markup = self._edit_markup(p)
        old = stored.data
        new = (content.get("caption"), content.get("caption_entities", []), markup)
        if new == (old.get("caption"), old.get("caption_entities", []), old.get("reply_markup")):
            raise ApiError(400, ERR_NOT_MODIFIED)
        self._rate_limit(bot, chat, "editMessageCaption")
        changes = {
            "caption": new[0],
            "caption_entities": new[1] or None,
            "reply_markup": markup,
        }
        return self.state.edit_message(stored, changes)

    def edit_message_reply_markup(self, bot: BotState, p: Params) -> dict[str, Any]:
        chat, stored = self._editable(bot, p)
        markup = self._edit_markup(p)
        if markup == stored.data.get("reply_markup"):
            raise ApiError(400, ERR_NOT_MODIFIED)
        self._rate_limit(bot, chat, "editMessageReplyMarkup")
        return self.state.edit_message(stored, {"reply_markup": markup})

    def _deletable(self, chat: Chat, message_id: int | None) -> StoredMessage:
        stored = self.state.find_message(chat, message_id)
        if stored is None:
            raise ApiError(400, ERR_DELETE_NOT_FOUND)
        if self.state.now() - stored.created_at >= 48 * 3600:
            raise ApiError(400, ERR_CANT_DELETE)
        return stored

    def delete_message(self, bot: BotState, p: Params) -> bool:
        chat = self._target_chat(bot, p)
        message_id = p.integer("message_id")
        if message_id is None:
            raise bad_request("message identifier is not specified")
        self.state.delete_message(self._deletable(chat, message_id))
        return True

    # ---- callback queries and commands -------------------------------------------------------

    def _open_query(self, records: dict[str, Q], query_id: str | None, bot: BotState,
                    ttl: float) -> Q:
        """The bot's own unanswered query, still young enough to answer."""
        record = records.get(query_id or "")
        if (
            record is None
            or record.bot_id != bot.id
            or record.answered
            or self.state.now() - record.created_at > ttl
        ):
            raise ApiError(400, ERR_QUERY_TOO_OLD)
        return record

    def answer_callback_query(self, bot: BotState, p: Params) -> bool:
        state = self.state
        record = self._open_query(state.callbacks, p.text("callback_query_id"), bot,
                                  state.callback_query_ttl)
        text = p.text("text")
        if text and len(text) > MAX_CALLBACK_ANSWER_LENGTH:
            raise bad_request("MESSAGE_TOO_LONG")
        record.answered = True
        record.answered_at = state.now()
        record.answer = {
            "text": text,
            "show_alert": p.flag("show_alert"),
            "url": p.text("url"),
            "cache_time": p.integer("cache_time") or 0,
        }
        state.note_query_answered(bot, record.id)
        state.notify_chat(record.chat_id)
        return True

    @staticmethod
    def _commands_key(p: Params) -> tuple[str, str]:
        return command_scope_key(p.raw("scope")), validate_language_code(p.text("language_code"))

    def set_my_commands(self, bot: BotState, p: Params) -> bool:
        commands = validate_commands(p.raw("commands") or "[]")
        key = self._commands_key(p)
        if commands:
            bot.commands[key] = commands
        else:
            bot.commands.pop(key, None)
        return True

    # ---- payments ---------------------------------------------------------------------------

    def send_invoice(self, bot: BotState, p: Params) -> dict[str, Any]:
        chat = self._target_chat(bot, p)
        invoice = _invoice_from(p)
        markup = validate_reply_markup(p.raw("reply_markup"))
        if markup is None:
            markup = {"inline_keyboard": [[{"text": _pay_text(invoice), "pay": True}]]}
        rows = (inline_markup(markup) or {}).get("inline_keyboard") or [[]]
        if not rows[0] or not rows[0][0].get("pay"):
            raise bad_request("first button in the inline keyboard must be a Pay button")
        content: dict[str, Any] = {
            "invoice": {
                "title": invoice.title,
                "description": invoice.description,
                "start_parameter": p.text("start_parameter") or "",
                "currency": invoice.currency,
                "total_amount": invoice.total_amount,
            }
        }
        keyboard = self._common(chat, p, content, markup)
        return self._deliver(bot, chat, "sendInvoice", content, keyboard, invoice=invoice)

    def answer_pre_checkout_query(self, bot: BotState, p: Params) -> bool:
        state = self.state
        record = self._open_query(state.pre_checkouts, p.text("pre_checkout_query_id"), bot,
                                  state.pre_checkout_ttl)
        if p.raw("ok") is None:
            raise bad_request('parameter "ok" is required')
        ok = p.flag("ok")
        if not ok and not p.text("error_message"):
            raise bad_request("ERROR_MESSAGE_EMPTY")
        record.answered, record.ok = True, ok
        record.error_message = None if ok else p.text("error_message")
        state.note_query_answered(bot, record.id)
        if ok:
            state.complete_payment(record)
        state.notify_chat(record.chat_id)
        return True

    def refund_star_payment(self, bot: BotState, p: Params) -> bool:
        payment = self.state.payments.get(p.text("telegram_payment_charge_id") or "")
        if payment is None or payment.bot_id != bot.id or payment.user_id != p.integer("user_id"):
            raise bad_request("CHARGE_NOT_FOUND")
        if payment.refunded:
            raise bad_request("CHARGE_ALREADY_REFUNDED")
        payment.refunded = True
        return True

    def get_star_transactions(self, bot: BotState, p: Params) -> dict[str, Any]:
        """The bot's Stars payments in chronological order (``offset`` skips, ``limit`` 1-100)."""
        offset = p.integer("offset") or 0
        limit = p.integer("limit") or 100
        if offset < 0 or not 1 <= limit <= 100:
            raise bad_request("invalid offset or limit")
        payments = sorted((pay for pay in self.state.payments.values()
                           if pay.bot_id == bot.id and pay.currency == "XTR"),
                          key=lambda pay: (pay.date, pay.charge_id))
        out = []
        for pay in payments[offset:offset + limit]:
            user = self.state.users.get(pay.user_id)
            out.append(pay.star_transaction(
                user.to_api() if user is not None else
                {"id": pay.user_id, "is_bot": False, "first_name": str(pay.user_id)}))
        return {"transactions": out}


def _allowed_updates(p: Params) -> list[str] | None:
    allowed = p.parsed("allowed_updates")
    if allowed is None:
        return None
    if not isinstance(allowed, list):
        raise bad_request("can't parse allowed updates JSON object")
    return [str(kind) for kind in allowed]


def _photo_size(stored: StoredFile, width: int, height: int) -> dict[str, Any]:
    return {
        "file_id": stored.file_id,
        "file_unique_id": stored.file_unique_id,
        "file_size": len(stored.data),
        "width": width,
        "height": height,
    }


def _invoice_from(p: Params) -> Invoice:
    currency = (p.text("currency") or "").upper()
    if not re.fullmatch(r"[A-Z]{3}", currency):
        raise bad_request("CURRENCY_INVALID")
    provider_token = p.text("provider_token") or ""
    if currency == "XTR" and provider_token:
        raise bad_request("provider_token must be empty for payments in Telegram Stars")
    if currency != "XTR" and not provider_token:
        raise bad_request("PAYMENT_PROVIDER_INVALID")
    title, description = p.text("title") or "", p.text("description") or ""
    payload = p.text("payload") or ""
    if not 1 <= len(title) <= 32:
        raise bad_request("INVOICE_TITLE_INVALID" if title else "title is empty")
    if not 1 <= len(description) <= 255:
        raise bad_request("INVOICE_DESCRIPTION_INVALID")
    if not 1 <= len(payload.encode("utf-8")) <= 128:
        raise bad_request("INVOICE_PAYLOAD_INVALID")
    prices = validate_prices(p.raw("prices"), currency)
    return Invoice(title, description, payload, currency, prices)


def _pay_text(invoice: Invoice) -> str:
    if invoice.currency == "XTR":
        return f"Pay ⭐️{invoice.total_amount}"
    return f"Pay {invoice.total_amount} {invoice.currency}"


# --------------------------------------------------------------------------------------------
# Webhook delivery
# --------------------------------------------------------------------------------------------


class WebhookSender:
    """Delivers updates to bots' webhooks with up to ``max_connections`` parallel requests."""

    def __init__(self, state: StandinState, api: BotApi | None = None) -> None:
        self.state = state
        self.api = api
        self._queues: dict[int, asyncio.Queue[dict[str, Any]]] = {}
        self._workers: dict[int, list[asyncio.Task[None]]] = {}
        self._inflight: dict[int, dict[int, dict[str, Any]]] = {}
        self._session: ClientSession | None = None

    async def close(self) -> None:
        for bot_id in list(self._workers):
            await self._stop_workers(bot_id)
        if self._session is not None:
            await self._session.close()
            self._session = None

    def submit(self, bot: BotState, update: dict[str, Any]) -> None:
        queue = self._queues.get(bot.id)
        if queue is None:
            bot.updates.append(update)
            return
        queue.put_nowait(update)

    def pending_count(self, bot_id: int) -> int:
        queue = self._queues.get(bot_id)
        return (queue.qsize() if queue else 0) + len(self._inflight.get(bot_id, {}))

    async def set_webhook(self, bot: BotState, hook: Webhook, *, drop_pending: bool) -> None:
        pending = await self._stop_workers(bot.id)
        pending.extend(bot.updates)
        bot.updates.clear()
        if drop_pending:
            for update in pending:
                self.state.forget_pending(bot, update)
            pending = []
        bot.webhook = hook
        queue: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        for update in sorted(pending, key=lambda item: item["update_id"]):
            queue.put_nowait(update)
        self._queues[bot.id] = queue
        self._inflight[bot.id] = {}
        self._workers[bot.id] = [
            asyncio.create_task(self._worker(bot.id, queue)) for _ in range(hook.max_connections)
        ]
        self.state.begin_poll(bot)

    async def remove_webhook(self, bot: BotState, *, drop_pending: bool) -> None:
        pending = await self._stop_workers(bot.id)
        bot.webhook = None
        if drop_pending:
            for update in pending:
                self.state.forget_pending(bot, update)
            return
        merged = sorted([*pending, *bot.updates], key=lambda item: item["update_id"])
        bot.updates.clear()
        bot.updates.extend(merged)

    async def _stop_workers(self, bot_id: int) -> list[dict[str, Any]]:
        workers = self._workers.pop(bot_id, [])
        for task in workers:
            task.cancel()
        for task in workers:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        pending = list(self._inflight.pop(bot_id, {}).values())
        queue = self._queues.pop(bot_id, None)
        while queue is not None and not queue.empty():
            pending.append(queue.get_nowait())
        return pending

    async def _worker(self, bot_id: int, queue: asyncio.Queue[dict[str, Any]]) -> None:
        inflight = self._inflight[bot_id]
        while True:
            update = await queue.get()
            inflight[update["update_id"]] = update
            await self._deliver_until_done(bot_id, update)
            inflight.pop(update["update_id"], None)

    async def _deliver_until_done(self, bot_id: int, update: dict[str, Any]) -> None:
        delay = 0.1
        while True:
            bot = self.state.bots[bot_id]
            hook = bot.webhook
            if hook is None:
                return
            if await self._post(bot, hook, update):
                self.state.note_webhook_delivered(bot)
                return
            await asyncio.sleep(delay)
            delay = min(delay * 2, 5.0)

    def _client(self) -> ClientSession:
        if self._session is None or self._session.closed:
            self._session = ClientSession(timeout=ClientTimeout(total=60))
        return self._session

    async def _post(self, bot: BotState, hook: Webhook, update: dict[str, Any]) -> bool:
        headers = {"Content-Type": "application/json"}
        if hook.secret_token:
            headers[SECRET_HEADER] = hook.secret_token
        try:
            async with self._client().post(hook.url, data=_dumps(update), headers=headers) as resp:
                if 200 <= resp.status < 300:
                    await self._run_reply(bot, resp)
                    return True
                message = f"Wrong response from the webhook: {resp.status} {resp.reason}"
        except (ClientError, TimeoutError, OSError) as exc:
            message = f"Connection failed: {type(exc).__name__}"
        hook.last_error_date = self.state.today()
        hook.last_error_message = message
        logger.warning("bot %s: webhook delivery failed: %s", bot.id, message)
        return False

    async def _run_reply(self, bot: BotState, resp: Any) -> None:
        """A webhook may answer with a method call in its response body (JSON or form)."""
        params: Params | None = None
        try:
            if resp.content_type == "application/json":
                body = await resp.json(content_type=None)
                if isinstance(body, dict) and body.get("method"):
                    params = Params(dict(body))
            elif resp.content_type == "multipart/form-data":
                params = await _read_multipart(MultipartReader(resp.headers, resp.content))
        except (ClientError, ValueError, UnicodeDecodeError) as exc:
            logger.info("bot %s: unreadable webhook reply ignored (%s)", bot.id, type(exc).__name__)
            return
        if params is None or self.api is None:
            return
        method = str(params.values.pop("method", ""))
        if not method:
            return
        try:
            await self.api.call(bot, method, params)
        except ApiError as exc:
            bot.error_counts[exc.error_code] += 1
            logger.info("bot %s: webhook reply %s failed: %s", bot.id, method, exc.description)
        except Exception:
            logger.exception("bot %s: webhook reply %s crashed", bot.id, method)


async def _read_multipart(reader: MultipartReader) -> Params:
    values: dict[str, Any] = {}
    uploads: dict[str, Upload] = {}
    while (part := await reader.next()) is not None:
        if not isinstance(part, BodyPartReader) or part.name is None:
            continue
        data = bytes(await part.read(decode=True))
        if part.filename:
            uploads[part.name] = Upload(data, part.filename, part.headers.get("Content-Type"))
        else:
            values[part.name] = data.decode("utf-8")
    return Params(values, uploads)


# --------------------------------------------------------------------------------------------
# HTTP app
# --------------------------------------------------------------------------------------------

ControlHandler = Callable[[StandinState, dict[str, Any]], Any]


def _bot_id_from_token(token: str) -> int | None:
    match = _TOKEN_RE.match(token)
    return int(match.group(1)) if match else None


def _unauthorized() -> web.Response:
    return _json_response({"ok": False, "error_code": 401, "description": "Unauthorized"}, 401)


class StandinApp:
    """Request handlers bound to one state."""

    def __init__(self, state: StandinState) -> None:
        self.state = state
        self.api = BotApi(state)
        self.webhooks = WebhookSender(state, self.api)
        self.api.webhooks = self.webhooks
        state.webhook_sink = self.webhooks.submit
        self.control = _control_handlers()

    def build(self) -> web.Application:
        app = web.Application(client_max_size=MAX_UPLOAD_BYTES + 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self.handle_api)
        app.router.add_get("/file/bot{token}/{path:.+}", self.handle_file)
        app.router.add_route("*", "/_control/{action:.+}", self.handle_control)
        return app

    async def handle_api(self, request: web.Request) -> web.Response:
        bot_id = _bot_id_from_token(request.match_info["token"])
        if bot_id is None:
            return _unauthorized()
        bot = self.state.bots.get(bot_id) or self.state.ensure_bot(bot_id)
        method = request.match_info["method"]
        try:
            params = await read_params(request)
            result = await self.api.call(bot, method, params)
        except ApiError as exc:
            bot.error_counts[exc.error_code] += 1
            logger.debug("bot %s %s -> %s %s", bot_id, method, exc.error_code, exc.description)
            return _json_response(exc.payload(), exc.error_code)
        except Exception:
            # Never let aiohttp log the request line: it contains the bot token.
            logger.exception("bot %s %s: stand-in bug", bot_id, method)
            bot.error_counts[500] += 1
            error = ApiError(500, "Internal Server Error")
            return _json_response(error.payload(), 500)
        return _json_response({"ok": True, "result": result})

    async def handle_file(self, request: web.Request) -> web.Response:
        bot_id = _bot_id_from_token(request.match_info["token"])
        if bot_id is None:
            return _unauthorized()
        stored = self.state.file_paths.get(request.match_info["path"])
        if stored is None or stored.bot_id != bot_id:
            return _json_response({"ok": False, "error_code": 404, "description": "Not Found"}, 404)
        return web.Response(body=stored.data, content_type=_content_type(stored))

    async def handle_control(self, request: web.Request) -> web.Response:
        action = request.match_info["action"].strip("/")
        if action.startswith("file/"):
            return self._control_file(action[len("file/") :])
        handler = self.control.get(action)
        if handler is None:
            return _json_response({"ok": False, "error": f"unknown control {action!r}"}, 404)
        args: dict[str, Any] = dict(request.query)
        if request.body_exists:
            try:
                body = await request.json()
            except ValueError:
                return _json_response({"ok": False, "error": "body must be JSON"}, 400)
            if isinstance(body, dict):
                args.update(body)
        return await self._run_control(handler, args)

    async def _run_control(self, handler: ControlHandler, args: dict[str, Any]) -> web.Response:
        try:
            result = handler(self.state, args)
            if inspect.isawaitable(result):
                result = await result
        except (ControlError, KeyError, ValueError, TypeError) as exc:
            return _json_response({"ok": False, "error": _describe(exc)}, 400)
        except TimeoutError as exc:
            return _json_response({"ok": False, "error": str(exc) or "timeout"}, 408)
        return _json_response({"ok": True, "result": result})

    def _control_file(self, file_id: str) -> web.Response:
        stored = self.state.files.get(file_id)
        if stored is None:
            return _json_response({"ok": False, "error": "unknown file"}, 404)
        return web.Response(body=stored.data, content_type=_content_type(stored))


def _describe(exc: Exception) -> str:
    if isinstance(exc, KeyError):
        return f"missing argument {exc.args[0]!r}"
    return str(exc)


def _content_type(stored: StoredFile) -> str:
    return stored.mime_type or "application/octet-stream"


# ---- control API ---------------------------------------------------------------------------


def _int(args: dict[str, Any], name: str) -> int:
    return int(args[name])


def _opt_int(args: dict[str, Any], name: str) -> int | None:
    value = args.get(name)
    return None if value in (None, "") else int(value)


def _opt_float(args: dict[str, Any], name: str, default: float) -> float:
    value = args.get(name)
    return default if value in (None, "") else float(value)


def _flag(args: dict[str, Any], name: str) -> bool:
    value = args.get(name)
    return value is True or value in ("true", "True", "1", 1)


def _ctl_user(state: StandinState, a: dict[str, Any]) -> dict[str, Any]:
    user = state.ensure_user(
        _int(a, "id"),
        first_name=a.get("first_name"),
        username=a.get("username"),
        last_name=a.get("last_name"),
        language_code=a.get("language_code"),
    )
    return user.to_api()


def _ctl_bot(state: StandinState, a: dict[str, Any]) -> dict[str, Any]:
    bot = state.ensure_bot(_int(a, "bot_id"), a.get("username"), a.get("first_name"))
    return bot.get_me()


def _ctl_bots(state: StandinState, a: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        {**bot.get_me(), "webhook": bot.webhook.url if bot.webhook else None}
        for bot in state.bots.values()
    ]


def _ctl_open_chat(state: StandinState, a: dict[str, Any]) -> bool:
    state.open_chat(_int(a, "bot_id"), _int(a, "user_id"))
    return True


def _ctl_block(state: StandinState, a: dict[str, Any]) -> bool:
    state.block_bot(_int(a, "bot_id"), _int(a, "user_id"))
    return True


def _ctl_unblock(state: StandinState, a: dict[str, Any]) -> bool:
    state.unblock_bot(_int(a, "bot_id"), _int(a, "user_id"))
    return True


def _ctl_send_text(state: StandinState, a: dict[str, Any]) -> dict[str, Any]:
    return state.send_text(_int(a, "bot_id"), _int(a, "user_id"), str(a["text"])).to_api()


def _ctl_send_command(state: StandinState, a: dict[str, Any]) -> dict[str, Any]:
    action = state.send_command(
        _int(a, "bot_id"), _int(a, "user_id"), str(a["command"]), str(a.get("args") or "")
    )
    return action.to_api()


def _ctl_send_long_text(state: StandinState, a: dict[str, Any]) -> list[dict[str, Any]]:
    text = a.get("text") or "x" * int(a.get("length") or 10000)
    actions = state.send_long_text(_int(a, "bot_id"), _int(a, "user_id"), str(text))
    return [action.to_api() for action in actions]


def _ctl_send_document(state: StandinState, a: dict[str, Any]) -> dict[str, Any]:
    try:
        data = base64.b64decode(str(a["data_base64"]), validate=True)
    except binascii.Error as exc:
        raise ValueError("data_base64 is not base64") from exc
    action = state.send_document(
        _int(a, "bot_id"),
        _int(a, "user_id"),
        data,
        str(a.get("file_name") or "file"),
        mime_type=a.get("mime_type") or None,
        caption=a.get("caption") or None,
    )
    return action.to_api()


def _ctl_press(state: StandinState, a: dict[str, Any]) -> dict[str, Any]:
    action = state.press_button(
        _int(a, "bot_id"),
        _int(a, "user_id"),
        _opt_int(a, "message_id"),
        data=a.get("data"),
        text=a.get("text"),
        raw=_flag(a, "raw"),
    )
    return action.to_api()


def _ctl_pay(state: StandinState, a: dict[str, Any]) -> dict[str, Any]:
    action = state.pay_invoice(_int(a, "bot_id"), _int(a, "user_id"), _opt_int(a, "message_id"))
    return action.to_api()


def _ctl_transcript(state: StandinState, a: dict[str, Any]) -> list[dict[str, Any]]:
    return state.transcript(_int(a, "bot_id"), _int(a, "chat_id"))


def _ctl_last(state: StandinState, a: dict[str, Any]) -> dict[str, Any] | None:
    return state.last_bot_message(
        _int(a, "bot_id"), _int(a, "chat_id"), include_deleted=_flag(a, "include_deleted")
    )


def _ctl_callbacks(state: StandinState, a: dict[str, Any]) -> list[dict[str, Any]]:
    return state.callback_queries(_opt_int(a, "bot_id"), _opt_int(a, "chat_id"))


def _ctl_pre_checkouts(state: StandinState, a: dict[str, Any]) -> list[dict[str, Any]]:
    return state.pre_checkout_queries(_opt_int(a, "bot_id"))


def _ctl_payments(state: StandinState, a: dict[str, Any]) -> list[dict[str, Any]]:
    bot_id = _opt_int(a, "bot_id")
    return [
        vars(payment).copy()
        for payment in state.payments.values()
        if bot_id is None or payment.bot_id == bot_id
    ]


def _ctl_commands(state: StandinState, a: dict[str, Any]) -> list[dict[str, str]]:
    return state.commands_for(_int(a, "bot_id"), _int(a, "user_id"))


def _ctl_stats(state: StandinState, a: dict[str, Any]) -> Any:
    bot_id = _opt_int(a, "bot_id")
    if bot_id is not None:
        return state.stats(bot_id)
    return {str(bid): state.stats(bid) for bid in state.bots}


async def _ctl_wait_bot_message(state: StandinState, a: dict[str, Any]) -> dict[str, Any]:
    return await state.wait_for_bot_message(
        _int(a, "chat_id"),
        after_message_id=_opt_int(a, "after_message_id"),
        timeout=_opt_float(a, "timeout", 5.0),
        bot_id=_opt_int(a, "bot_id"),
    )


async def _ctl_wait_chat_change(state: StandinState, a: dict[str, Any]) -> int:
    return await state.wait_for_chat_change(
        _int(a, "chat_id"), _opt_int(a, "since") or 0, _opt_float(a, "timeout", 25.0)
    )


async def _ctl_wait_callback(state: StandinState, a: dict[str, Any]) -> dict[str, Any]:
    return await state.wait_for_answer(str(a["query_id"]), _opt_float(a, "timeout", 5.0))


async def _ctl_wait_answered(state: StandinState, a: dict[str, Any]) -> dict[str, Any]:
    bot_id = _int(a, "bot_id")
    await state.wait_until_answered(bot_id, _opt_float(a, "timeout", 5.0))
    return state.stats(bot_id)


def _ctl_force_error(state: StandinState, a: dict[str, Any]) -> bool:
    state.force_error(
        str(a.get("kind") or "retry_after"),
        count=int(a.get("count") or 1),
        method=a.get("method"),
        chat_id=_opt_int(a, "chat_id"),
        bot_id=_opt_int(a, "bot_id"),
        retry_after=int(a.get("retry_after") or 5),
        error_code=_opt_int(a, "error_code"),
        description=a.get("description"),
    )
    return True


def _ctl_clear_forced(state: StandinState, a: dict[str, Any]) -> bool:
    state.clear_forced_errors()
    return True


def _ctl_rate_limits(state: StandinState, a: dict[str, Any]) -> dict[str, Any]:
    current = state.limiter.limits
    limits = RateLimits(
        enabled=_flag(a, "enabled") if "enabled" in a else current.enabled,
        bot_rate=_opt_float(a, "bot_rate", current.bot_rate),
        bot_burst=_opt_float(a, "bot_burst", current.bot_burst),
        chat_rate=_opt_float(a, "chat_rate", current.chat_rate),
        chat_burst=_opt_float(a, "chat_burst", current.chat_burst),
    )
    state.set_rate_limits(limits)
    return vars(limits).copy()


def _ctl_advance(state: StandinState, a: dict[str, Any]) -> float:
    state.clock.advance(float(a["seconds"]))
    return state.now()


def _control_handlers() -> dict[str, ControlHandler]:
    return {
        "health": lambda state, a: True,
        "users": _ctl_user,
        "bots": lambda state, a: _ctl_bot(state, a) if "bot_id" in a else _ctl_bots(state, a),
        "open_chat": _ctl_open_chat,
        "block": _ctl_block,
        "unblock": _ctl_unblock,
        "send_text": _ctl_send_text,
        "send_command": _ctl_send_command,
        "send_long_text": _ctl_send_long_text,
        "send_document": _ctl_send_document,
        "press": _ctl_press,
        "pay": _ctl_pay,
        "transcript": _ctl_transcript,
        "last_bot_message": _ctl_last,
        "callbacks": _ctl_callbacks,
        "pre_checkouts": _ctl_pre_checkouts,
        "payments": _ctl_payments,
        "commands": _ctl_commands,
        "stats": _ctl_stats,
        "wait_bot_message": _ctl_wait_bot_message,
        "wait_callback_answer": _ctl_wait_callback,
        "wait_chat_change": _ctl_wait_chat_change,
        "chat_version": lambda state, a: state.chat_version(_int(a, "chat_id")),
        "wait_answered": _ctl_wait_answered,
        "force_error": _ctl_force_error,
        "clear_forced_errors": _ctl_clear_forced,
        "rate_limits": _ctl_rate_limits,
        "clock/advance": _ctl_advance,
    }


# --------------------------------------------------------------------------------------------
# Running it
# --------------------------------------------------------------------------------------------


class Standin:
    """A running stand-in: ``base_url`` for bots, ``state`` for tests."""

    def __init__(
        self,
        state: StandinState | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        rate_limits: RateLimits | None = None,
        clock: Clock | None = None,
    ) -> None:
        self.state = state or StandinState(rate_limits=rate_limits, clock=clock)
        self.host = host
        self.port = port
        self.app = StandinApp(self.state)
        self._runner: web.AppRunner | None = None

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    async def start(self) -> None:
        runner = web.AppRunner(self.app.build(), access_log=None, shutdown_timeout=1.0)
        await runner.setup()
        site = web.TCPSite(runner, self.host, self.port, backlog=4096)
        await site.start()
        self._runner = runner
        sockets = site._server.sockets if site._server else ()  # type: ignore[union-attr]
        if sockets:
            self.port = int(sockets[0].getsockname()[1])
        logger.info("Bot API stand-in listening on %s", self.base_url)

    async def stop(self) -> None:
        self.state.close()
        await self.app.webhooks.close()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    def session(self, **kwargs: Any) -> AiohttpSession:
        """An aiogram session pointed at this stand-in: ``Bot(token, session=...)``."""
        from aiogram.client.session.aiohttp import AiohttpSession
        from aiogram.client.telegram import TelegramAPIServer

        return AiohttpSession(api=TelegramAPIServer.from_base(self.base_url), **kwargs)


@contextlib.asynccontextmanager
async def run_standin(
    host: str = "127.0.0.1",
    port: int = 0,
    *,
    state: StandinState | None = None,
    rate_limits: RateLimits | None = None,
    clock: Clock | None = None,
) -> AsyncIterator[Standin]:
    """``async with run_standin() as standin:`` — serve until the block exits."""
    standin = Standin(state, host, port, rate_limits=rate_limits, clock=clock)
    await standin.start()
    try:
        yield standin
    finally:
        await standin.stop()


__all__ = [
    "BotApi",
    "Params",
    "Standin",
    "StandinApp",
    "Upload",
    "WebhookSender",
    "run_standin",
]
