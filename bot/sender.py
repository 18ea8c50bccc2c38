"""The outbox sender: delivers every message queued for Telegram, within Telegram's limits.

``await OutboxSender(outbox, users, bots, translator).run_once()`` claims due messages, sends them
and records each outcome; ``run_forever(stop)`` repeats that until ``stop`` is set. ``bots``
maps the outbox ``bot`` field ("customer", "admin") to an aiogram ``Bot``; a message for the
admin bot goes through the customer bot when no admin bot is configured. Give every sender
every configured bot: a message whose bot is missing is given up as dead.

How it behaves (the choices the tests hold):

- Pace: a token bucket per bot (``per_bot_rate``/s, evenly spaced) and a gap of
  ``per_chat_interval`` seconds after each send to a chat. Chats run in parallel; the messages
  of one chat go one after another, oldest first.
- 429 ``retry_after``: the bot's bucket is paused for that long and the same part is sent again
  in this run (at most 3 times, and only while the wait fits in the claim's lease); otherwise
  the message is rescheduled after ``retry_after``. ``attempts`` counts every try, but a 429
  only makes a message dead after ``4 × max_attempts`` tries.
- 403 (blocked, deactivated, never started): dead with reason ``blocked: …``; for the customer
  bot the user is marked blocked (the flag is about the customer bot; a later successful
  delivery clears it).
- 5xx, network errors and other transient API errors (also 401/404, a configuration problem
  that must not drop messages at once): rescheduled after 1 s, 2 s, 4 s … (capped at 5 min,
  up to 25 % jitter); dead after ``max_attempts`` tries.
- Any other 400: dead with Telegram's description (never the message text).
- Long text is split first (:mod:`bot.text`), so "message is too long" does not happen. After
  each part but the last, ``options["parts_sent"]`` is recorded: a retry or a crash resumes
  with the next part. A crash between Telegram accepting a part and that record repeats that
  one part (at-least-once, as everywhere in the outbox).
- Crashes: claims are leases. A run only starts a send while ``0.8 × lease`` of its claim is
  left; what it cannot reach by then (and the later messages of a chat whose message was
  rescheduled, to keep their order) stays claimed and comes back when the lease ends.
- Staff messages (``audience="staff"``) are fanned out first: one user message per admin and
  support user, keyed ``<parent key>:staff:<user id>``, queued and the parent marked sent in one
  transaction; they are delivered in the same run.

Only ids and outcomes are logged, never message text or tokens.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from aiogram import Bot
from aiogram.exceptions import (
    AiogramError,
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramMigrateToChat,
    TelegramRetryAfter,
)
from aiogram.types import BufferedInputFile, InlineKeyboardMarkup

from bot.outbox_render import Rendered, RenderError, render_message
from bot.ratelimit import SendPacer, TurnTooLate
from core.i18n import Translator
from core.models import OutboxMessage
from core.services.notify import OutboxService
from core.services.staff import StaffService
from core.services.users import UserService

log = logging.getLogger(__name__)

BACKOFF_CAP_SECONDS = 300.0
BACKOFF_JITTER = 0.25
RETRY_AFTER_WAITS = 3  # 429s waited out in-process per part before rescheduling
RATE_LIMIT_ATTEMPTS_FACTOR = 4  # a message dead-letters on 429s only after 4 × max_attempts
LEASE_SHARE = 0.8  # start no send after this share of the claim's lease


def backoff_delay(failures: int, rng: random.Random,
                  cap: float = BACKOFF_CAP_SECONDS) -> float:
    """Seconds before try ``failures + 1``: 1, 2, 4 … capped, plus up to 25 % jitter."""
    base = min(cap, 2.0 ** max(0, failures - 1))
    return min(cap, base * (1 + BACKOFF_JITTER * rng.random()))


class SendOutcome(StrEnum):
    SENT = "sent"
    RETRIED = "retried"
    DEAD = "dead"
    BLOCKED = "blocked"
    DEFERRED = "deferred"  # left claimed; back when the lease ends


@dataclass
class SendReport:
    """What one run did. ``claimed`` counts staff parents too; ``fanned_out`` counts the user
    messages queued for them."""

    claimed: int = 0
    sent: int = 0
    retried: int = 0
    dead: int = 0
    blocked: int = 0
    deferred: int = 0
    fanned_out: int = 0

    def add(self, outcome: SendOutcome, count: int = 1) -> None:
        setattr(self, outcome.value, getattr(self, outcome.value) + count)


class MediaSource(Protocol):
    async def photo(self, ref: str) -> bytes:
        """The image a message's ``options["photo"]`` names."""
        ...


class OutboxSender:
    def __init__(self, outbox: OutboxService, users: UserService, bots: Mapping[str, Bot],
                 translator: Translator, *,
                 per_bot_rate: float = 30, per_chat_interval: float = 1.0, batch: int = 100,
                 max_attempts: int = 8, pacer: SendPacer | None = None,
                 rng: random.Random | None = None, staff: StaffService | None = None,
                 media: MediaSource | None = None) -> None:
        """``staff``: route staff alerts (ALERT_CHAT_ID, mutes by kind); without it every admin
        and support user gets each one. ``media``: the images of messages that carry a photo
        (``options["photo"]``, a broadcast's picture)."""
        self._outbox = outbox
        self._users = users
        self._staff = staff
        self._media = media
        self._file_ids: dict[tuple[str, str], str] = {}
        self._bots = dict(bots)
        self._translator = translator
        self._batch = batch
        self._max_attempts = max_attempts
        self._pacer = pacer or SendPacer(per_bot_rate, per_chat_interval)
        self._rng = rng or random.Random()
        self._running = asyncio.Lock()

    # ---- loop -----------------------------------------------------------------------------

    async def run_forever(self, stop: asyncio.Event, idle_sleep: float = 0.5) -> None:
        """Run until ``stop`` is set: again at once while there is work, else after
        ``idle_sleep``; a failed run (say, the database is away) is logged and retried later."""
        failures = 0
        while not stop.is_set():
            busy = False
            try:
                busy = (await self.run_once()).claimed > 0
                failures = 0
            except Exception:
                failures += 1
                log.exception("outbox run failed (%d in a row)", failures)
            if busy:
                continue
            pause = min(30.0, idle_sleep * 2 ** min(failures, 6))
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), pause)

    async def run_once(self) -> SendReport:
        """Claim due messages, deliver them and record each outcome."""
        async with self._running:
            report = SendReport()
            claimed = await self._outbox.claim_due(self._batch)
            deadline = self._pacer.now() + self._outbox.lease_seconds * LEASE_SHARE
            report.claimed = len(claimed)
            direct = [m for m in claimed if m.audience != "staff"]
            for parent in (m for m in claimed if m.audience == "staff"):
                report.fanned_out += await self._fan_out(parent, report)
            if report.fanned_out and len(direct) < self._batch:
                more = await self._outbox.claim_due(self._batch - len(direct))
                report.claimed += len(more)
                direct += more
            self._pacer.forget_idle()
            chats: dict[tuple[str, int | None], list[OutboxMessage]] = {}
            for message in direct:
                chats.setdefault((self._route(message.bot), message.chat_id), []).append(message)
            await asyncio.gather(*(self._deliver_chat(msgs, deadline, report)
                                   for msgs in chats.values()))
            if claimed:
                log.info("outbox run: %s", report)
            return report

    async def _fan_out(self, parent: OutboxMessage, report: SendReport) -> int:
        # ALERT_CHAT_ID, or each admin (support too for tickets) who did not mute the kind
        recipients = await self._staff.alert_recipients(parent.template) \
            if self._staff is not None else [u.telegram_id for u in await self._users.staff()]
        if not recipients:
            await self._outbox.give_up(parent.id, "no staff to notify")
            report.add(SendOutcome.DEAD)
            return 0
        added = await self._outbox.fan_out(parent, recipients)
        log.info("staff message %s fanned out to %d staff (%d new)", parent.id,
                 len(recipients), added)
        return added

    def _route(self, name: str) -> str:
        """The configured bot that delivers messages for ``name``."""
        if name not in self._bots and name == "admin" and "customer" in self._bots:
            return "customer"
        return name

    # ---- one chat, one message ------------------------------------------------------------

    async def _deliver_chat(self, messages: list[OutboxMessage], deadline: float,
                            report: SendReport) -> None:
        for index, message in enumerate(messages):
            try:
                outcome = await self._deliver(message, deadline)
            except Exception:
                log.exception("outbox message %s to chat %s: unexpected error; it comes back "
                              "when its lease ends", message.id, message.chat_id)
                outcome = SendOutcome.DEFERRED
            report.add(outcome)
            later = len(messages) - index - 1
            if outcome in (SendOutcome.RETRIED, SendOutcome.DEFERRED) and later:
                log.info("chat %s: %d later message(s) wait for their lease to keep the order",
                         message.chat_id, later)
                report.add(SendOutcome.DEFERRED, later)
                return

    async def _deliver(self, message: OutboxMessage, deadline: float) -> SendOutcome:
        name = self._route(message.bot)
        bot = self._bots.get(name)
        if bot is None or message.chat_id is None:
            reason = "no chat_id" if bot is not None else f"no {message.bot} bot configured"
            await self._outbox.give_up(message.id, reason)
            return SendOutcome.DEAD
        chat_id = message.chat_id
        user = await self._users.find(chat_id)
        language = user.language if user else self._users.default_language
        try:
            rendered = render_message(message, language, self._translator)
        except Exception as exc:  # a bad template, params or keyboard: retrying cannot help
            reason = str(exc) if isinstance(exc, RenderError) else type(exc).__name__
            await self._outbox.give_up(message.id, f"render: {reason}")
            return SendOutcome.DEAD
        try:
            await self._send_parts(message, name, bot, rendered, deadline)
        except TurnTooLate:
            return SendOutcome.DEFERRED
        except TelegramRetryAfter as exc:
            return await self._rate_limited(message, exc)
        except TelegramForbiddenError as exc:
            if name == "customer":
                await self._users.set_blocked(chat_id, True)
            await self._outbox.give_up(message.id, f"blocked: {exc.message}")
            return SendOutcome.BLOCKED
        except (TelegramBadRequest, TelegramMigrateToChat) as exc:
            await self._outbox.give_up(message.id, exc.message)
            return SendOutcome.DEAD
        except AiogramError as exc:  # 5xx, network, 401/404 and anything else from aiogram
            return await self._transient(message, exc)
        await self._outbox.mark_sent(message.id)
        if user is not None and user.blocked and name == "customer":
            await self._users.set_blocked(chat_id, False)
        return SendOutcome.SENT

    async def _send_parts(self, message: OutboxMessage, name: str, bot: Bot,
                          rendered: Rendered, deadline: float) -> None:
        photo = message.options.get("photo")
        if photo and self._media is not None:
            await self._send_photo(name, bot, message.chat_id or 0, str(photo), rendered,
                                   deadline)
            return
        parts = rendered.parts
        for index in range(int(message.options.get("parts_sent", 0)), len(parts)):
            last = index == len(parts) - 1
            markup = rendered.markup if last else None
            await self._send_part(name, bot, message.chat_id or 0, parts[index], rendered,
                                  markup, deadline)
            if not last:
                await self._outbox.record_parts_sent(message.id, index + 1)

    async def _send_photo(self, name: str, bot: Bot, chat_id: int, ref: str,
                          rendered: Rendered, deadline: float) -> None:
        """A photo with the text as its caption (broadcasts). The image is uploaded once per
        bot and sent by Telegram's file id after that."""
        assert self._media is not None
        caption = "\n".join(rendered.parts)

        async def send() -> None:
            known = self._file_ids.get((name, ref))
            source = known or BufferedInputFile(await self._media.photo(ref), "photo.jpg")
            sent = await bot.send_photo(chat_id, source, caption=caption,
                                        parse_mode=rendered.parse_mode,
                                        reply_markup=rendered.markup, **rendered.flags)
            if sent.photo:
                self._file_ids[(name, ref)] = sent.photo[-1].file_id

        await self._paced(name, chat_id, send, deadline)

    async def _send_part(self, name: str, bot: Bot, chat_id: int, text: str, rendered: Rendered,
                         markup: InlineKeyboardMarkup | None, deadline: float) -> None:
        async def send() -> None:
            await bot.send_message(chat_id, text, parse_mode=rendered.parse_mode,
                                   reply_markup=markup, **rendered.flags)

        await self._paced(name, chat_id, send, deadline)

    async def _paced(self, name: str, chat_id: int, send: Callable[[], Awaitable[None]],
                     deadline: float) -> None:
        for waits in range(RETRY_AFTER_WAITS + 1):
            await self._pacer.turn(name, chat_id, deadline)
            try:
                await send()
                return
            except TelegramRetryAfter as exc:
                self._pacer.pause(name, exc.retry_after)
                if waits == RETRY_AFTER_WAITS or \
                        self._pacer.now() + exc.retry_after > deadline:
                    raise
                log.info("bot %s: 429 for chat %s, waiting %ss", name, chat_id, exc.retry_after)
            finally:
                self._pacer.sent(name, chat_id)

    # ---- outcomes -------------------------------------------------------------------------

    async def _rate_limited(self, message: OutboxMessage, exc: TelegramRetryAfter) -> SendOutcome:
        tries = message.attempts + 1
        reason = f"429 retry after {exc.retry_after}"
        if tries >= self._max_attempts * RATE_LIMIT_ATTEMPTS_FACTOR:
            await self._outbox.give_up(message.id, f"{reason} ({tries} tries)")
            return SendOutcome.DEAD
        await self._outbox.retry_later(message.id, exc.retry_after, reason)
        return SendOutcome.RETRIED

    async def _transient(self, message: OutboxMessage, exc: AiogramError) -> SendOutcome:
        tries = message.attempts + 1
        reason = f"{type(exc).__name__}: {getattr(exc, 'message', '')}"[:300]
        if tries >= self._max_attempts:
            await self._outbox.give_up(message.id, f"{reason} ({tries} tries)")
            return SendOutcome.DEAD
        delay = backoff_delay(tries, self._rng)
        log.warning("outbox message %s: %s, try %d, next in %.1fs", message.id,
                    type(exc).__name__, tries, delay)
        await self._outbox.retry_later(message.id, delay, reason)
        return SendOutcome.RETRIED
