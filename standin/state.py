"""In-memory model of the Bot API stand-in: bots, users, chats, messages and update queues.

The state is bound to one asyncio event loop (the server's). Control helpers for tests (a user
sends text, presses a button, pays an invoice; transcripts; waits; counters) are plain methods
here; the server exposes the same operations as JSON under ``/_control/``.
"""

from __future__ import annotations

import asyncio
import bisect
import contextlib
import itertools
import logging
import secrets
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from standin.limits import (
    ERR_SERVER,
    MAX_TEXT_LENGTH,
    MAX_UPLOAD_BYTES,
    ApiError,
    RateLimiter,
    RateLimits,
    bot_command_entities,
    callback_buttons,
    command_scope_key,
    utf16_len,
)

logger = logging.getLogger(__name__)

DEFAULT_UPDATE_TYPES = frozenset(
    {
        "message",
        "edited_message",
        "channel_post",
        "edited_channel_post",
        "business_connection",
        "business_message",
        "edited_business_message",
        "deleted_business_messages",
        "inline_query",
        "chosen_inline_result",
        "callback_query",
        "shipping_query",
        "pre_checkout_query",
        "purchased_paid_media",
        "poll",
        "poll_answer",
        "my_chat_member",
        "chat_join_request",
        "chat_boost",
        "removed_chat_boost",
    }
)
_ANSWERABLE = frozenset({"message", "callback_query", "pre_checkout_query"})


class ControlError(Exception):
    """A control-API request that cannot be carried out (unknown message, missing button...)."""


class Clock:
    """Wall clock with an adjustable offset; ``Clock(start=...)`` freezes it at ``start``."""

    def __init__(self, start: float | None = None) -> None:
        self._frozen = start
        self._offset = 0.0

    def now(self) -> float:
        base = time.time() if self._frozen is None else self._frozen
        return base + self._offset

    def advance(self, seconds: float) -> None:
        self._offset += seconds

    def __call__(self) -> float:
        return self.now()


@dataclass
class User:
    id: int
    first_name: str = "User"
    last_name: str | None = None
    username: str | None = None
    language_code: str | None = "en"

    def to_api(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "is_bot": False, "first_name": self.first_name}
        for key in ("last_name", "username", "language_code"):
            value = getattr(self, key)
            if value:
                data[key] = value
        return data

    def chat_api(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "type": "private", "first_name": self.first_name}
        if self.last_name:
            data["last_name"] = self.last_name
        if self.username:
            data["username"] = self.username
        return data


@dataclass
class StoredFile:
    file_id: str
    file_unique_id: str
    bot_id: int
    data: bytes
    file_path: str
    kind: str
    file_name: str | None = None
    mime_type: str | None = None
    photo_sizes: list[dict[str, Any]] | None = None

    def to_api(self) -> dict[str, Any]:
        return {
            "file_id": self.file_id,
            "file_unique_id": self.file_unique_id,
            "file_size": len(self.data),
            "file_path": self.file_path,
        }


@dataclass
class Invoice:
    title: str
    description: str
    payload: str
    currency: str
    prices: list[dict[str, Any]]

    @property
    def total_amount(self) -> int:
        return sum(int(price["amount"]) for price in self.prices)


@dataclass
class StoredMessage:
    message_id: int
    chat_id: int
    sender: str  # "bot" or "user"
    data: dict[str, Any]
    history: list[dict[str, Any]] = field(default_factory=list)
    deleted: bool = False
    deleted_at: float | None = None
    created_at: float = 0.0
    invoice: Invoice | None = None
    reply_keyboard: dict[str, Any] | None = None

    @property
    def reply_markup(self) -> dict[str, Any] | None:
        return self.data.get("reply_markup")

    def transcript(self) -> dict[str, Any]:
        data = self.data
        photo = data.get("photo")
        return {
            "message_id": self.message_id,
            "chat_id": self.chat_id,
            "date": data["date"],
            "sender": self.sender,
            "from_id": data["from"]["id"] if "from" in data else None,
            "text": data.get("text"),
            "entities": data.get("entities", []),
            "caption": data.get("caption"),
            "caption_entities": data.get("caption_entities", []),
            "reply_markup": data.get("reply_markup"),
            "reply_keyboard": self.reply_keyboard,
            "callback_data": [b["callback_data"] for b in callback_buttons(self.reply_markup)],
            "protected": bool(data.get("has_protected_content")),
            "deleted": self.deleted,
            "edited": bool(self.history),
            "edits": [_edit_snapshot(old) for old in self.history],
            "photo": [size["file_id"] for size in photo] if photo else None,
            "photo_file_id": photo[-1]["file_id"] if photo else None,
            "document": data.get("document"),
            "invoice": data.get("invoice"),
            "successful_payment": data.get("successful_payment"),
            "message": data,
        }


def _edit_snapshot(old: dict[str, Any]) -> dict[str, Any]:
    return {
        "text": old.get("text"),
        "caption": old.get("caption"),
        "reply_markup": old.get("reply_markup"),
        "edit_date": old.get("edit_date"),
    }


@dataclass
class Chat:
    bot_id: int
    user: User
    messages: dict[int, StoredMessage] = field(default_factory=dict)
    bot_message_ids: list[int] = field(default_factory=list)
    next_message_id: int = 1
    blocked: bool = False

    @property
    def id(self) -> int:
        return self.user.id

    def allocate_id(self) -> int:
        message_id = self.next_message_id
        self.next_message_id += 1
        return message_id


@dataclass
class Webhook:
    url: str
    secret_token: str | None = None
    max_connections: int = 40
    ip_address: str | None = None
    last_error_date: int | None = None
    last_error_message: str | None = None


@dataclass(kw_only=True)
class QueryRecord:
    """A query the user's client sent a bot about one of its messages (a button press, a
    pre-checkout), kept until the bot answers it."""

    id: str
    bot_id: int
    chat_id: int
    message_id: int
    user_id: int
    created_at: float
    update_id: int
    answered: bool = False

    def _api_head(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "bot_id": self.bot_id,
            "chat_id": self.chat_id,
            "message_id": self.message_id,
            "user_id": self.user_id,
        }

    def action(self) -> UserAction:
        return UserAction(update_id=self.update_id, message_id=self.message_id, query_id=self.id)


@dataclass(kw_only=True)
class CallbackQueryRecord(QueryRecord):
    data: str
    answered_at: float | None = None
    answer: dict[str, Any] | None = None

    def to_api(self) -> dict[str, Any]:
        return {
            **self._api_head(),
            "data": self.data,
            "answered": self.answered,
            "answered_at": self.answered_at,
            "answer": self.answer,
        }


@dataclass(kw_only=True)
class PreCheckoutRecord(QueryRecord):
    invoice: Invoice
    ok: bool | None = None
    error_message: str | None = None
    charge_id: str | None = None

    def to_api(self) -> dict[str, Any]:
        return {
            **self._api_head(),
            "currency": self.invoice.currency,
            "total_amount": self.invoice.total_amount,
            "invoice_payload": self.invoice.payload,
            "answered": self.answered,
            "ok": self.ok,
            "error_message": self.error_message,
            "telegram_payment_charge_id": self.charge_id,
        }


@dataclass
class Payment:
    charge_id: str
    bot_id: int
    user_id: int
    currency: str
    total_amount: int
    payload: str
    refunded: bool = False
    date: int = 0  # unix time of the payment

    def star_transaction(self, user: dict[str, Any]) -> dict[str, Any]:
        """The payment as ``getStarTransactions`` lists it (an incoming invoice payment)."""
        return {
            "id": self.charge_id,
            "amount": self.total_amount,
            "date": self.date,
            "source": {
                "type": "user",
                "transaction_type": "invoice_payment",
                "user": user,
                "invoice_payload": self.payload,
            },
        }


@dataclass
class ForcedError:
    """Makes the next ``remaining`` matching calls fail with a given error."""

    error: ApiError
    remaining: int
    method: str | None = None
    chat_id: int | None = None
    bot_id: int | None = None

    def matches(self, bot_id: int, method: str, chat_id: int | None) -> bool:
        return (
            (self.method is None or self.method == method)
            and (self.chat_id is None or self.chat_id == chat_id)
            and (self.bot_id is None or self.bot_id == bot_id)
        )


@dataclass
class BotState:
    id: int
    username: str
    first_name: str
    updates: deque[dict[str, Any]] = field(default_factory=deque)
    next_update_id: int = 1
    allowed_updates: frozenset[str] = DEFAULT_UPDATE_TYPES
    last_delivered_update_id: int = 0
    poll_waiters: set[asyncio.Future[None]] = field(default_factory=set)
    poll_generation: int = 0
    webhook: Webhook | None = None
    chats: dict[int, Chat] = field(default_factory=dict)
    commands: dict[tuple[str, str], list[dict[str, str]]] = field(default_factory=dict)
    method_calls: Counter[str] = field(default_factory=Counter)
    error_counts: Counter[int] = field(default_factory=Counter)
    updates_created: int = 0
    updates_delivered: int = 0
    pending_chat: dict[int, list[int]] = field(default_factory=dict)
    pending_queries: dict[str, int] = field(default_factory=dict)
    unanswered: int = 0
    answered_waiters: list[asyncio.Future[None]] = field(default_factory=list)

    def user_api(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "is_bot": True,
            "first_name": self.first_name,
            "username": self.username,
        }

    def get_me(self) -> dict[str, Any]:
        return {
            **self.user_api(),
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }


@dataclass(frozen=True)
class UserAction:
    """What a simulated user action produced."""

    update_id: int
    message_id: int | None = None
    query_id: str | None = None

    def to_api(self) -> dict[str, Any]:
        return {
            "update_id": self.update_id,
            "message_id": self.message_id,
            "query_id": self.query_id,
        }


WebhookSink = Callable[[BotState, dict[str, Any]], None]


class StandinState:
    """Everything the stand-in knows. All methods must run on the server's event loop."""

    def __init__(
        self,
        *,
        clock: Clock | None = None,
        rate_limits: RateLimits | None = None,
        callback_query_ttl: float = 15.0,
        pre_checkout_ttl: float = 10.0,
    ) -> None:
        self.clock = clock or Clock()
        self.limiter = RateLimiter(rate_limits or RateLimits(), self.clock)
        self.callback_query_ttl = callback_query_ttl
        self.pre_checkout_ttl = pre_checkout_ttl
        self.bots: dict[int, BotState] = {}
        self.users: dict[int, User] = {}
        self.files: dict[str, StoredFile] = {}
        self.file_paths: dict[str, StoredFile] = {}
        self.callbacks: dict[str, CallbackQueryRecord] = {}
        self.pre_checkouts: dict[str, PreCheckoutRecord] = {}
        self.payments: dict[str, Payment] = {}
        self.forced: list[ForcedError] = []
        self.webhook_sink: WebhookSink | None = None
        self._chat_waiters: dict[int, list[asyncio.Future[None]]] = {}
        self._chat_versions: dict[int, int] = {}
        self._ids = itertools.count(1)
        self._closed = False

    # ---- time -------------------------------------------------------------------------------

    def now(self) -> float:
        return self.clock.now()

    def today(self) -> int:
        return int(self.clock.now())

    # ---- bots and users ---------------------------------------------------------------------

    def ensure_bot(
        self, bot_id: int, username: str | None = None, first_name: str | None = None
    ) -> BotState:
        bot = self.bots.get(bot_id)
        if bot is None:
            bot = BotState(
                id=bot_id,
                username=username or f"standin{bot_id}_bot",
                first_name=first_name or f"Stand-in Bot {bot_id}",
            )
            self.bots[bot_id] = bot
            logger.info("bot %s registered", bot_id)
        else:
            bot.username = username or bot.username
            bot.first_name = first_name or bot.first_name
        return bot

    def get_bot(self, bot_id: int) -> BotState:
        bot = self.bots.get(bot_id)
        if bot is None:
            raise ControlError(f"unknown bot {bot_id}")
        return bot

    def ensure_user(
        self,
        user_id: int,
        first_name: str | None = None,
        username: str | None = None,
        last_name: str | None = None,
        language_code: str | None = None,
    ) -> User:
        """Create a user or update the given fields of an existing one."""
        if user_id <= 0:
            raise ControlError("user ids must be positive")
        user = self.users.get(user_id)
        if user is None:
            user = self.users[user_id] = User(id=user_id, first_name=first_name or "User")
        if first_name:
            user.first_name = first_name
        if username is not None:
            user.username = username or None
        if last_name is not None:
            user.last_name = last_name or None
        if language_code is not None:
            user.language_code = language_code or None
        return user

    def open_chat(self, bot_id: int, user_id: int) -> Chat:
        """The user has started the bot (a private chat exists)."""
        bot = self.ensure_bot(bot_id)
        chat = bot.chats.get(user_id)
        if chat is None:
            user = self.users.get(user_id) or self.ensure_user(user_id)
            chat = bot.chats[user_id] = Chat(bot_id=bot_id, user=user)
        return chat

    def chat_for_send(self, bot: BotState, chat_id: int | None) -> Chat:
        """The chat a bot wants to write to, with Telegram's errors for the usual failures."""
        chat = bot.chats.get(chat_id) if chat_id is not None else None
        if chat is None:
            if chat_id is not None and chat_id in self.users:
                raise ApiError(403, "Forbidden: bot can't initiate conversation with a user")
            raise ApiError(400, "Bad Request: chat not found")
        if chat.blocked:
            raise ApiError(403, "Forbidden: bot was blocked by the user")
        return chat

    def block_bot(self, bot_id: int, user_id: int) -> None:
        self._set_blocked(bot_id, user_id, blocked=True)

    def unblock_bot(self, bot_id: int, user_id: int) -> None:
        self._set_blocked(bot_id, user_id, blocked=False)

    def _set_blocked(self, bot_id: int, user_id: int, *, blocked: bool) -> None:
        chat = self.open_chat(bot_id, user_id)
        if chat.blocked == blocked:
            return
        chat.blocked = blocked
        bot = self.bots[bot_id]
        if blocked:
            self.note_bot_sent(bot, chat.id)  # the bot can no longer answer these messages
        old, new = ("member", "kicked") if blocked else ("kicked", "member")
        new_member: dict[str, Any] = {"user": bot.user_api(), "status": new}
        old_member: dict[str, Any] = {"user": bot.user_api(), "status": old}
        for member in (old_member, new_member):
            if member["status"] == "kicked":
                member["until_date"] = 0
        self.enqueue_update(
            bot,
            "my_chat_member",
            {
                "chat": chat.user.chat_api(),
                "from": chat.user.to_api(),
                "date": self.today(),
                "old_chat_member": old_member,
                "new_chat_member": new_member,
            },
        )

    # ---- updates ----------------------------------------------------------------------------

    def enqueue_update(
        self, bot: BotState, kind: str, payload: dict[str, Any], *, chat_id: int | None = None
    ) -> int | None:
        """Queue an update for getUpdates or hand it to the webhook sender.

        Returns the update id, or ``None`` when the bot's ``allowed_updates`` drop it.
        """
        if kind not in bot.allowed_updates:
            logger.debug("bot %s: %s update dropped by allowed_updates", bot.id, kind)
            return None
        update_id = bot.next_update_id
        bot.next_update_id += 1
        update = {"update_id": update_id, kind: payload}
        bot.updates_created += 1
        if kind in _ANSWERABLE:
            self._track_pending(bot, kind, payload, update_id, chat_id)
        if bot.webhook is not None and self.webhook_sink is not None:
            self.webhook_sink(bot, update)
        else:
            bot.updates.append(update)
            self._wake_pollers(bot)
        return update_id

    def _track_pending(
        self, bot: BotState, kind: str, payload: dict[str, Any], update_id: int, chat_id: int | None
    ) -> None:
        if kind == "message":
            chat = chat_id if chat_id is not None else payload["chat"]["id"]
            bot.pending_chat.setdefault(chat, []).append(update_id)
        else:
            bot.pending_queries[payload["id"]] = update_id
        bot.unanswered += 1

    def _wake_pollers(self, bot: BotState) -> None:
        waiters, bot.poll_waiters = bot.poll_waiters, set()
        for waiter in waiters:
            if not waiter.done():
                waiter.set_result(None)

    def set_allowed_updates(self, bot: BotState, allowed: Iterable[str] | None) -> None:
        """``allowed_updates`` of getUpdates/setWebhook; an empty list means the default set."""
        if allowed is None:
            return
        wanted = frozenset(allowed) or DEFAULT_UPDATE_TYPES
        if wanted == bot.allowed_updates:
            return
        bot.allowed_updates = wanted
        kept = [u for u in bot.updates if _update_kind(u) in wanted]
        for update in bot.updates:
            if _update_kind(update) not in wanted:
                self.forget_pending(bot, update)
        bot.updates = deque(kept)

    def forget_pending(self, bot: BotState, update: dict[str, Any]) -> None:
        """An update the bot will never see (dropped): stop counting it as unanswered."""
        kind = _update_kind(update)
        payload = update[kind]
        if kind == "message":
            pending = bot.pending_chat.get(payload["chat"]["id"], [])
            if update["update_id"] in pending:
                pending.remove(update["update_id"])
                self._answered(bot, 1)
        elif kind in _ANSWERABLE and bot.pending_queries.pop(payload["id"], None) is not None:
            self._answered(bot, 1)

    def confirm_updates(self, bot: BotState, offset: int | None) -> None:
        """getUpdates ``offset``: drop updates below it; negative keeps the last ``-offset``."""
        if offset is None or offset == 0:
            return
        queue = bot.updates
        if offset < 0:
            while len(queue) > -offset:
                queue.popleft()
            return
        while queue and queue[0]["update_id"] < offset:
            queue.popleft()

    def take_updates(self, bot: BotState, limit: int) -> list[dict[str, Any]]:
        """The first ``limit`` unconfirmed updates (they stay queued until confirmed)."""
        queue = bot.updates
        if not queue:
            return []
        batch = list(itertools.islice(queue, limit))
        fresh = [u for u in batch if u["update_id"] > bot.last_delivered_update_id]
        if fresh:
            bot.updates_delivered += len(fresh)
            bot.last_delivered_update_id = fresh[-1]["update_id"]
        return batch

    def begin_poll(self, bot: BotState) -> int:
        """A new getUpdates call: earlier waiting calls must end with a 409 conflict."""
        bot.poll_generation += 1
        self._wake_pollers(bot)
        return bot.poll_generation

    def note_webhook_delivered(self, bot: BotState) -> None:
        bot.updates_delivered += 1

    # ---- answered tracking ------------------------------------------------------------------

    def note_bot_sent(self, bot: BotState, chat_id: int) -> None:
        pending = bot.pending_chat.pop(chat_id, None)
        if pending:
            self._answered(bot, len(pending))

    def note_query_answered(self, bot: BotState, query_id: str) -> None:
        if bot.pending_queries.pop(query_id, None) is not None:
            self._answered(bot, 1)

    def _answered(self, bot: BotState, count: int) -> None:
        bot.unanswered -= count
        if bot.unanswered <= 0 and bot.answered_waiters:
            waiters, bot.answered_waiters = bot.answered_waiters, []
            for waiter in waiters:
                if not waiter.done():
                    waiter.set_result(None)

    def unanswered_update_ids(self, bot_id: int) -> list[int]:
        bot = self.get_bot(bot_id)
        ids = [uid for pending in bot.pending_chat.values() for uid in pending]
        ids.extend(bot.pending_queries.values())
        return sorted(ids)

    # ---- messages ---------------------------------------------------------------------------

    def add_message(
        self,
        chat: Chat,
        sender: str,
        content: dict[str, Any],
        *,
        from_api: dict[str, Any],
        invoice: Invoice | None = None,
    ) -> StoredMessage:
        message_id = chat.allocate_id()
        data = {
            "message_id": message_id,
            "from": from_api,
            "chat": chat.user.chat_api(),
            "date": self.today(),
            **content,
        }
        stored = StoredMessage(
            message_id=message_id,
            chat_id=chat.id,
            sender=sender,
            data=data,
            created_at=self.now(),
            invoice=invoice,
        )
        chat.messages[message_id] = stored
        if sender == "bot":
            chat.bot_message_ids.append(message_id)
        self.notify_chat(chat.id)
        return stored

    def add_bot_message(
        self, bot: BotState, chat: Chat, content: dict[str, Any], invoice: Invoice | None = None
    ) -> StoredMessage:
        stored = self.add_message(chat, "bot", content, from_api=bot.user_api(), invoice=invoice)
        self.note_bot_sent(bot, chat.id)
        return stored

    def find_message(self, chat: Chat, message_id: int | None) -> StoredMessage | None:
        stored = chat.messages.get(message_id) if message_id is not None else None
        if stored is None or stored.deleted:
            return None
        return stored

    def edit_message(self, stored: StoredMessage, changes: dict[str, Any]) -> dict[str, Any]:
        stored.history.append(stored.data)
        data = {k: v for k, v in stored.data.items() if k not in changes or changes[k] is not None}
        for key, value in changes.items():
            if value is not None:
                data[key] = value
        data["edit_date"] = self.today()
        stored.data = data
        self.notify_chat(stored.chat_id)
        return data

    def delete_message(self, stored: StoredMessage) -> None:
        stored.deleted = True
        stored.deleted_at = self.now()
        self.notify_chat(stored.chat_id)

    # ---- files ------------------------------------------------------------------------------

    def store_file(
        self,
        bot_id: int,
        data: bytes,
        kind: str,
        *,
        file_name: str | None = None,
        mime_type: str | None = None,
        unique_id: str | None = None,
    ) -> StoredFile:
        number = next(self._ids)
        token = secrets.token_urlsafe(24)
        prefix = {"photo": "AgACAgIAAxk", "document": "BQACAgIAAxk"}.get(kind, "CAACAgIAAxk")
        extension = {"photo": ".jpg"}.get(kind, "")
        if kind != "photo" and file_name and "." in file_name:
            extension = "." + file_name.rsplit(".", 1)[1][:8]
        folder = {"photo": "photos"}.get(kind, "documents")
        stored = StoredFile(
            file_id=f"{prefix}{token}",
            file_unique_id=unique_id or f"AQAD{secrets.token_urlsafe(9)}",
            bot_id=bot_id,
            data=data,
            file_path=f"{folder}/file_{number}{extension}",
            kind=kind,
            file_name=file_name,
            mime_type=mime_type,
        )
        self.files[stored.file_id] = stored
        self.file_paths[stored.file_path] = stored
        return stored

    def file_for_bot(self, bot_id: int, file_id: str) -> StoredFile | None:
        stored = self.files.get(file_id)
        if stored is None or stored.bot_id != bot_id:
            return None
        return stored

    # ---- waiting ----------------------------------------------------------------------------

    def notify_chat(self, chat_id: int) -> None:
        self._chat_versions[chat_id] = self._chat_versions.get(chat_id, 0) + 1
        waiters = self._chat_waiters.pop(chat_id, None)
        if waiters:
            for waiter in waiters:
                if not waiter.done():
                    waiter.set_result(None)

    async def wait_for_chat(
        self,
        chat_id: int,
        predicate: Callable[[], Any],
        timeout: float = 5.0,  # noqa: ASYNC109 - deadline of the whole wait
    ) -> Any:
        """Re-check ``predicate`` whenever the chat with ``chat_id`` changes, until truthy."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            result = predicate()
            if result:
                return result
            remaining = deadline - loop.time()
            if remaining <= 0 or self._closed:
                raise TimeoutError(f"nothing happened in chat {chat_id} within {timeout} s")
            waiter: asyncio.Future[None] = loop.create_future()
            self._chat_waiters.setdefault(chat_id, []).append(waiter)
            try:
                await asyncio.wait_for(waiter, remaining)
            except TimeoutError:
                continue

    def chat_version(self, chat_id: int) -> int:
        """Grows on every change in chats with ``chat_id`` (any bot): messages, edits,
        deletions, answered queries."""
        return self._chat_versions.get(chat_id, 0)

    async def wait_for_chat_change(
        self,
        chat_id: int,
        since: int,
        timeout: float = 25.0,  # noqa: ASYNC109 - deadline of the whole wait
    ) -> int:
        """Wait until :meth:`chat_version` exceeds ``since``; returns the new version (or the
        unchanged one on timeout) — a long poll for chat clients."""
        with contextlib.suppress(TimeoutError):
            await self.wait_for_chat(chat_id, lambda: self.chat_version(chat_id) > since, timeout)
        return self.chat_version(chat_id)

    async def wait_for_bot_message(
        self,
        chat_id: int,
        after_message_id: int | None = None,
        timeout: float = 5.0,  # noqa: ASYNC109 - deadline of the whole wait
        bot_id: int | None = None,
    ) -> dict[str, Any]:
        """The first bot message in the chat after ``after_message_id`` (default: after the
        chat's current last message), as a transcript entry. Raises ``TimeoutError``."""
        baseline = self._baselines(chat_id, after_message_id, bot_id)

        def find() -> dict[str, Any] | None:
            for bid, after in baseline.items():
                chat = self._chat_or_none(bid, chat_id)
                if chat is None:
                    continue
                ids = chat.bot_message_ids
                index = bisect.bisect_right(ids, after)
                if index < len(ids):
                    return chat.messages[ids[index]].transcript()
            return None

        return await self.wait_for_chat(chat_id, find, timeout)

    def _baselines(
        self, chat_id: int, after_message_id: int | None, bot_id: int | None
    ) -> dict[int, int]:
        bot_ids = [bot_id] if bot_id is not None else list(self.bots)
        for bid in bot_ids:
            self.ensure_bot(bid)
        if after_message_id is not None:
            return dict.fromkeys(bot_ids, after_message_id)
        baseline = {}
        for bid in bot_ids:
            chat = self._chat_or_none(bid, chat_id)
            baseline[bid] = chat.next_message_id - 1 if chat else 0
        return baseline

    async def wait_for_answer(
        self,
        query_id: str,
        timeout: float = 5.0,  # noqa: ASYNC109 - deadline of the wait
    ) -> dict[str, Any]:
        """Wait until the bot answers a button press or a pre-checkout query (ids are unique
        across both); the query as the Bot API shows it."""
        record = self.callbacks.get(query_id) or self.pre_checkouts.get(query_id)
        if record is None:
            raise ControlError(f"unknown query {query_id}")
        return await self.wait_for_chat(
            record.chat_id, lambda: record.to_api() if record.answered else None, timeout
        )

    async def wait_until_answered(
        self,
        bot_id: int,
        timeout: float = 5.0,  # noqa: ASYNC109 - deadline of the wait
    ) -> None:
        """Wait until the bot has answered every update (see :meth:`stats`)."""
        bot = self.ensure_bot(bot_id)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while bot.unanswered > 0:
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise TimeoutError(f"bot {bot_id} still has {bot.unanswered} unanswered updates")
            waiter: asyncio.Future[None] = loop.create_future()
            bot.answered_waiters.append(waiter)
            try:
                await asyncio.wait_for(waiter, remaining)
            except TimeoutError:
                continue

    def close(self) -> None:
        """Wake every waiter (long polls and control waits) so the server can shut down."""
        self._closed = True
        for bot in self.bots.values():
            bot.poll_generation += 1
            self._wake_pollers(bot)
        for chat_id in list(self._chat_waiters):
            self.notify_chat(chat_id)

    @property
    def closed(self) -> bool:
        return self._closed

    # ---- simulated users --------------------------------------------------------------------

    def _user_chat(self, bot_id: int, user_id: int) -> tuple[BotState, Chat]:
        if user_id not in self.users:
            self.ensure_user(user_id)
        chat = self.open_chat(bot_id, user_id)
        if chat.blocked:
            raise ControlError(f"user {user_id} has blocked bot {bot_id}; unblock first")
        return self.bots[bot_id], chat

    def user_message(self, bot_id: int, user_id: int, content: dict[str, Any]) -> UserAction:
        """Add a message from the user and send the bot a ``message`` update for it."""
        bot, chat = self._user_chat(bot_id, user_id)
        stored = self.add_message(chat, "user", content, from_api=chat.user.to_api())
        update_id = self.enqueue_update(bot, "message", stored.data, chat_id=chat.id)
        return UserAction(update_id=update_id or 0, message_id=stored.message_id)

    def send_text(self, bot_id: int, user_id: int, text: str) -> UserAction:
        """The user sends a text (``/commands`` get ``bot_command`` entities)."""
        if not text or not text.strip():
            raise ControlError("a user cannot send an empty message")
        if utf16_len(text) > MAX_TEXT_LENGTH:
            raise ControlError("text longer than 4096: use send_long_text (the client splits it)")
        content: dict[str, Any] = {"text": text}
        entities = bot_command_entities(text)
        if entities:
            content["entities"] = entities
        return self.user_message(bot_id, user_id, content)

    def send_command(self, bot_id: int, user_id: int, command: str, args: str = "") -> UserAction:
        text = command if command.startswith("/") else f"/{command}"
        return self.send_text(bot_id, user_id, f"{text} {args}".strip())

    def send_document(
        self,
        bot_id: int,
        user_id: int,
        data: bytes,
        file_name: str,
        mime_type: str | None = None,
        caption: str | None = None,
    ) -> UserAction:
        """The user sends a file (a stock CSV to the admin bot, say); the bot can download it."""
        if not data:
            raise ControlError("a user cannot send an empty file")
        if len(data) > MAX_UPLOAD_BYTES:
            raise ControlError("files from users are limited to 50 MB here")
        name = file_name.replace("/", "_").replace("\\", "_").strip() or "file"
        stored = self.store_file(
            bot_id, data, "document", file_name=name[:255],
            mime_type=mime_type or "application/octet-stream",
        )
        document = {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_size": len(data),
            "file_name": stored.file_name,
            "mime_type": stored.mime_type,
        }
        content: dict[str, Any] = {"document": document}
        if caption:
            content["caption"] = caption
        return self.user_message(bot_id, user_id, content)

    def send_long_text(self, bot_id: int, user_id: int, text: str) -> list[UserAction]:
        """A very long text, split into 4096-unit messages as Telegram clients do."""
        return [self.send_text(bot_id, user_id, part) for part in split_text(text)]

    def press_button(
        self,
        bot_id: int,
        user_id: int,
        message_id: int | None = None,
        *,
        data: str | None = None,
        text: str | None = None,
        raw: bool = False,
    ) -> UserAction:
        """The user presses an inline button of a bot message (default: the last one with
        buttons). Pick it by ``data`` or button ``text``; ``raw=True`` sends ``data`` even if no
        such button exists (an old or forged button)."""
        bot, chat = self._user_chat(bot_id, user_id)
        stored = self._button_message(chat, message_id)
        payload_data = self._button_data(stored, data, text, raw)
        fields = {
            "message": stored.data,
            "chat_instance": str(-(bot_id * 1000 + user_id % 1000)),
            "data": payload_data,
        }
        record = CallbackQueryRecord(
            data=payload_data, **self._ask_bot(bot, chat, stored, "callback_query", fields)
        )
        self.callbacks[record.id] = record
        return record.action()

    def _ask_bot(
        self, bot: BotState, chat: Chat, stored: StoredMessage, kind: str, fields: dict[str, Any]
    ) -> dict[str, Any]:
        """Send the bot a ``kind`` query update from the chat's user about ``stored``; returns
        what every ``QueryRecord`` keeps of it."""
        query_id = f"{bot.id}{secrets.randbelow(10**12):012d}{next(self._ids)}"
        payload = {"id": query_id, "from": chat.user.to_api(), **fields}
        update_id = self.enqueue_update(bot, kind, payload, chat_id=chat.id)
        return {
            "id": query_id,
            "bot_id": bot.id,
            "chat_id": chat.id,
            "message_id": stored.message_id,
            "user_id": chat.user.id,
            "created_at": self.now(),
            "update_id": update_id or 0,
        }

    def _button_message(self, chat: Chat, message_id: int | None) -> StoredMessage:
        if message_id is None:
            for mid in reversed(chat.bot_message_ids):
                candidate = chat.messages[mid]
                if not candidate.deleted and callback_buttons(candidate.reply_markup):
                    return candidate
            raise ControlError("no bot message with inline buttons in this chat")
        stored = chat.messages.get(message_id)
        if stored is None or stored.deleted:
            raise ControlError(f"message {message_id} not found in chat {chat.id}")
        if stored.sender != "bot":
            raise ControlError(f"message {message_id} was not sent by the bot")
        return stored

    @staticmethod
    def _button_data(stored: StoredMessage, data: str | None, text: str | None, raw: bool) -> str:
        if raw:
            if data is None:
                raise ControlError("raw presses need data")
            return data
        buttons = callback_buttons(stored.reply_markup)
        for button in buttons:
            if (data is not None and button["callback_data"] == data) or (
                data is None and text is not None and button["text"] == text
            ):
                return str(button["callback_data"])
        if data is None and text is None and len(buttons) == 1:
            return str(buttons[0]["callback_data"])
        wanted = f"data {data!r}" if data is not None else f"text {text!r}"
        raise ControlError(f"message {stored.message_id} has no button with {wanted}")

    def pay_invoice(self, bot_id: int, user_id: int, message_id: int | None = None) -> UserAction:
        """The user pays an invoice message: the bot gets a ``pre_checkout_query``; when it
        answers ``ok=True`` a ``successful_payment`` message follows automatically."""
        bot, chat = self._user_chat(bot_id, user_id)
        stored = self._invoice_message(chat, message_id)
        invoice = stored.invoice
        assert invoice is not None
        fields = {
            "currency": invoice.currency,
            "total_amount": invoice.total_amount,
            "invoice_payload": invoice.payload,
        }
        record = PreCheckoutRecord(
            invoice=invoice, **self._ask_bot(bot, chat, stored, "pre_checkout_query", fields)
        )
        self.pre_checkouts[record.id] = record
        return record.action()

    def _invoice_message(self, chat: Chat, message_id: int | None) -> StoredMessage:
        if message_id is None:
            for mid in reversed(chat.bot_message_ids):
                if chat.messages[mid].invoice is not None and not chat.messages[mid].deleted:
                    return chat.messages[mid]
            raise ControlError("no invoice in this chat")
        stored = chat.messages.get(message_id)
        if stored is None or stored.deleted or stored.invoice is None:
            raise ControlError(f"message {message_id} is not an invoice in chat {chat.id}")
        return stored

    def complete_payment(self, record: PreCheckoutRecord) -> Payment:
        """After ``answerPreCheckoutQuery(ok=True)``: the user's ``successful_payment``."""
        bot, chat = self.bots[record.bot_id], self.open_chat(record.bot_id, record.user_id)
        charge_id = f"stxc{secrets.token_hex(12)}"
        invoice = record.invoice
        provider_charge = "" if invoice.currency == "XTR" else f"prov_{secrets.token_hex(8)}"
        payment = Payment(
            charge_id=charge_id,
            bot_id=bot.id,
            user_id=record.user_id,
            currency=invoice.currency,
            total_amount=invoice.total_amount,
            payload=invoice.payload,
            date=int(self.now()),
        )
        self.payments[charge_id] = payment
        record.charge_id = charge_id
        content = {
            "successful_payment": {
                "currency": invoice.currency,
                "total_amount": invoice.total_amount,
                "invoice_payload": invoice.payload,
                "telegram_payment_charge_id": charge_id,
                "provider_payment_charge_id": provider_charge,
            }
        }
        if not chat.blocked:
            stored = self.add_message(chat, "user", content, from_api=chat.user.to_api())
            self.enqueue_update(bot, "message", stored.data, chat_id=chat.id)
        return payment

    def record_star_payment(self, bot_id: int, user_id: int, payload: str,
                            total_amount: int) -> Payment:
        """A Stars payment Telegram holds whose ``successful_payment`` never reached the bot
        (it was down, or the update was lost): only ``getStarTransactions`` shows it."""
        payment = Payment(charge_id=f"stxc{secrets.token_hex(12)}", bot_id=bot_id,
                          user_id=user_id, currency="XTR", total_amount=total_amount,
                          payload=payload, date=int(self.now()))
        self.payments[payment.charge_id] = payment
        return payment

    # ---- reading ----------------------------------------------------------------------------

    def _chat_or_none(self, bot_id: int, chat_id: int) -> Chat | None:
        bot = self.bots.get(bot_id)
        return bot.chats.get(chat_id) if bot else None

    def transcript(self, bot_id: int, chat_id: int) -> list[dict[str, Any]]:
        """Every message of the chat in order (user and bot, deleted ones flagged)."""
        chat = self._chat_or_none(bot_id, chat_id)
        if chat is None:
            return []
        return [stored.transcript() for stored in chat.messages.values()]

    def last_bot_message(
        self, bot_id: int, chat_id: int, *, include_deleted: bool = False
    ) -> dict[str, Any] | None:
        chat = self._chat_or_none(bot_id, chat_id)
        if chat is None:
            return None
        for mid in reversed(chat.bot_message_ids):
            stored = chat.messages[mid]
            if include_deleted or not stored.deleted:
                return stored.transcript()
        return None

    def callback_queries(
        self, bot_id: int | None = None, chat_id: int | None = None
    ) -> list[dict[str, Any]]:
        return [
            record.to_api()
            for record in self.callbacks.values()
            if (bot_id is None or record.bot_id == bot_id)
            and (chat_id is None or record.chat_id == chat_id)
        ]

    def pre_checkout_queries(self, bot_id: int | None = None) -> list[dict[str, Any]]:
        return [
            record.to_api()
            for record in self.pre_checkouts.values()
            if bot_id is None or record.bot_id == bot_id
        ]

    def commands_for(self, bot_id: int, user_id: int) -> list[dict[str, str]]:
        """The command list a client would show this user (scope and language fallback)."""
        bot = self.get_bot(bot_id)
        user = self.users.get(user_id)
        language = (user.language_code or "")[:2] if user else ""
        scopes = [
            {"type": "chat", "chat_id": user_id},
            {"type": "all_private_chats"},
            {"type": "default"},
        ]
        for scope in scopes:
            key = command_scope_key(scope)
            for lang in (language, ""):
                commands = bot.commands.get((key, lang))
                if commands:
                    return commands
        return []

    def stats(self, bot_id: int) -> dict[str, Any]:
        bot = self.get_bot(bot_id)
        return {
            "bot_id": bot.id,
            "method_calls": dict(bot.method_calls),
            "total_calls": sum(bot.method_calls.values()),
            "errors": {str(code): count for code, count in bot.error_counts.items()},
            "updates_created": bot.updates_created,
            "updates_delivered": bot.updates_delivered,
            "updates_queued": len(bot.updates),
            "unanswered": bot.unanswered,
            "unanswered_update_ids": self.unanswered_update_ids(bot_id),
            "webhook": bot.webhook.url if bot.webhook else None,
        }

    # ---- fault injection and limits ---------------------------------------------------------

    def force_error(
        self,
        kind: str = "retry_after",
        *,
        count: int = 1,
        method: str | None = None,
        chat_id: int | None = None,
        bot_id: int | None = None,
        retry_after: int = 5,
        error_code: int | None = None,
        description: str | None = None,
    ) -> None:
        """Make the next ``count`` matching calls fail.

        ``kind``: ``retry_after`` (429 with ``retry_after``), ``server_error`` (500),
        ``blocked`` (403 bot was blocked), or ``custom`` (``error_code`` + ``description``).
        ``method`` is case-insensitive; ``chat_id`` matches the call's ``chat_id``.
        """
        error = _forced_api_error(kind, retry_after, error_code, description)
        self.forced.append(
            ForcedError(
                error=error,
                remaining=max(1, count),
                method=method.lower() if method else None,
                chat_id=chat_id,
                bot_id=bot_id,
            )
        )

    def clear_forced_errors(self) -> None:
        self.forced.clear()

    def take_forced_error(self, bot_id: int, method: str, chat_id: int | None) -> ApiError | None:
        if not self.forced:
            return None
        for rule in self.forced:
            if rule.matches(bot_id, method, chat_id):
                rule.remaining -= 1
                if rule.remaining <= 0:
                    self.forced.remove(rule)
                return rule.error
        return None

    def set_rate_limits(self, limits: RateLimits) -> None:
        self.limiter.configure(limits)


def _forced_api_error(
    kind: str, retry_after: int, error_code: int | None, description: str | None
) -> ApiError:
    if kind == "retry_after":
        return ApiError(429, f"Too Many Requests: retry after {retry_after}", retry_after)
    if kind == "server_error":
        return ApiError(500, ERR_SERVER)
    if kind == "blocked":
        return ApiError(403, "Forbidden: bot was blocked by the user")
    if kind == "custom" and error_code and description:
        return ApiError(error_code, description)
    raise ControlError(f"unknown forced error kind {kind!r}")


def _update_kind(update: dict[str, Any]) -> str:
    for key in update:
        if key != "update_id":
            return key
    return ""


def split_text(text: str, size: int = MAX_TEXT_LENGTH) -> list[str]:
    """Split text into chunks of at most ``size`` UTF-16 units, without splitting characters."""
    parts: list[str] = []
    current: list[str] = []
    used = 0
    for char in text:
        width = 2 if ord(char) > 0xFFFF else 1
        if used + width > size:
            parts.append("".join(current))
            current, used = [], 0
        current.append(char)
        used += width
    if current:
        parts.append("".join(current))
    return [part for part in parts if part.strip()]
