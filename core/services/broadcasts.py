"""Broadcasts: one message to all customers or a segment, delivered by the outbox sender.

``create`` stores a draft (text, optional URL button, segment); ``audience_size`` counts who
would get it (for the preview); ``start`` marks it sending and ``queue`` adds one outbox message
per recipient, a page per transaction, keyed ``broadcast:<id>:<telegram id>`` — the outbox
takes each key once, so queueing again after a restart (``resume``) never makes a second copy.
``progress`` counts the outcomes from the outbox; ``cancel`` gives up what is not sent yet;
``finish`` closes it once nothing is waiting.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import datetime, timedelta

from core.clock import Clock
from core.errors import NotFound, ValidationError, found
from core.ids import IdFactory
from core.models import Broadcast, BroadcastProgress, BroadcastStatus
from core.services import audit
from core.services.notify import enqueue
from core.services.staff import actor_of
from core.storage.base import Store, Tx

log = logging.getLogger(__name__)
SEGMENTS = ("all", "language", "active", "expired", "never")
PAGE = 500
MAX_TEXT = 3500
MAX_CAPTION = 1024  # Telegram's limit for a photo's caption
MAX_PHOTO_BYTES = 10 * 1024 * 1024
PHOTO_REF = "broadcast:"  # options["photo"] of the outbox messages: broadcast:<id>
TEMPLATE = "broadcast-message"


def _check(text: str, segment: str, segment_arg: str, button_text: str,
           button_url: str, photo: bytes) -> None:
    limit = MAX_CAPTION if photo else MAX_TEXT
    if not text.strip() or len(text) > limit:
        raise ValidationError(f"a broadcast is 1..{limit} characters", field="text")
    if len(photo) > MAX_PHOTO_BYTES:
        raise ValidationError("the picture is larger than 10 MB", field="photo")
    if segment not in SEGMENTS:
        raise ValidationError("unknown segment", field="segment")
    if segment == "language" and not segment_arg.isalpha():
        raise ValidationError("the language segment needs a language code", field="segment")
    if segment == "expired" and not (segment_arg.isdigit() and 1 <= int(segment_arg) <= 3650):
        raise ValidationError("the expired segment needs a number of days", field="segment")
    if bool(button_text) != bool(button_url) or (
            button_url and not button_url.startswith(("https://", "http://", "tg://"))):
        raise ValidationError("a button needs a label and an http(s) link", field="button")


class BroadcastService:
    def __init__(self, store: Store, clock: Clock, ids: IdFactory, *, page: int = PAGE) -> None:
        self._store = store
        self._clock = clock
        self._ids = ids
        self._page = page

    async def create(self, *, staff_id: int, text: str, segment: str = "all",
                     segment_arg: str = "", button_text: str = "",
                     button_url: str = "", photo: bytes = b"") -> Broadcast:
        _check(text, segment, segment_arg, button_text.strip(), button_url.strip(), photo)
        draft = Broadcast(id=self._ids.new("bc"), created_by=staff_id, text=text.strip(),
                          segment=segment, segment_arg=segment_arg,
                          status=BroadcastStatus.DRAFT, created_at=self._clock.now(),
                          button_text=button_text.strip()[:64],
                          button_url=button_url.strip()[:512], has_photo=bool(photo))
        await self._store.transaction(lambda tx: tx.broadcasts.insert(draft, photo))
        return draft

    async def photo(self, ref: str) -> bytes:
        """The picture an outbox message names (``broadcast:<id>``): the sender's media."""
        if not ref.startswith(PHOTO_REF):
            raise NotFound(f"no picture {ref[:40]}")
        broadcast_id = ref[len(PHOTO_REF):]
        data = await self._store.read(lambda tx: tx.broadcasts.photo(broadcast_id))
        if not data:
            raise NotFound(f"no picture {ref[:40]}")
        return data

    async def get(self, broadcast_id: str) -> Broadcast:
        return found(await self._store.read(lambda tx: tx.broadcasts.get(broadcast_id)),
                     NotFound(f"no broadcast {broadcast_id}"))

    def _since(self, b: Broadcast) -> datetime:
        days = int(b.segment_arg) if b.segment == "expired" else 0
        return self._clock.now() - timedelta(days=days)

    async def audience_size(self, broadcast_id: str) -> int:
        b = await self.get(broadcast_id)
        total, after = 0, 0
        while True:
            ids = await self._store.read(lambda tx, a=after: tx.broadcasts.audience(
                b.segment, b.segment_arg, self._since(b), a, 5_000))
            total += len(ids)
            if len(ids) < 5_000:
                return total
            after = ids[-1]

    async def start(self, broadcast_id: str, *, staff_id: int, chat_id: int = 0,
                    message_id: int = 0) -> Broadcast:
        """Confirm a draft: it becomes sending (audited); ``queue`` then fills the outbox."""
        async def unit(tx: Tx) -> Broadcast:
            b = await tx.broadcasts.get(broadcast_id)
            if b is None:
                raise NotFound(f"no broadcast {broadcast_id}")
            if b.status is not BroadcastStatus.DRAFT:
                return b  # confirmed twice: started once
            started = replace(b, status=BroadcastStatus.SENDING, started_at=self._clock.now(),
                              chat_id=chat_id, message_id=message_id)
            await tx.broadcasts.save(started, BroadcastStatus.DRAFT)
            await audit.append(tx, self._clock, actor=actor_of(staff_id),
                               action="broadcast.start", target=b.id,
                               details={"segment": b.segment, "arg": b.segment_arg,
                                        "chars": len(b.text)})
            return started

        return await self._store.transaction(unit)

    async def queue(self, broadcast_id: str) -> Broadcast:
        """Queue every recipient (from the saved cursor on); safe to run again."""
        b = await self.get(broadcast_id)
        since = self._since(b)
        while b.status is BroadcastStatus.SENDING:
            ids = await self._store.read(lambda tx, cur=b: tx.broadcasts.audience(
                cur.segment, cur.segment_arg, since, cur.cursor, self._page))
            if not ids:
                return b
            b = await self._store.transaction(
                lambda tx, cur=b, page=ids: self._queue_page(tx, cur, page))
        return b

    async def _queue_page(self, tx: Tx, b: Broadcast, page: list[int]) -> Broadcast:
        current = await tx.broadcasts.get(b.id)
        if current is None or current.status is not BroadcastStatus.SENDING:
            return current or b  # cancelled meanwhile: queue no more
        options: dict[str, object] = {"parse_mode": ""}
        if current.has_photo:
            options["photo"] = f"{PHOTO_REF}{current.id}"
        if current.button_url:
            options["reply_markup"] = [[{"text": current.button_text,
                                         "url": current.button_url}]]
        added = 0
        for user_id in page:
            if await enqueue(tx, self._clock, self._ids, key=f"broadcast:{b.id}:{user_id}",
                             template=TEMPLATE, chat_id=user_id, params={"text": current.text},
                             options=options):
                added += 1
        moved = replace(current, queued=current.queued + added, cursor=page[-1])
        await tx.broadcasts.save(moved, BroadcastStatus.SENDING)
        return moved

    async def progress(self, broadcast_id: str) -> BroadcastProgress:
        return await self._store.read(lambda tx: tx.broadcasts.progress(broadcast_id))

    async def cancel(self, broadcast_id: str, *, staff_id: int) -> Broadcast:
        async def unit(tx: Tx) -> Broadcast:
            b = await tx.broadcasts.get(broadcast_id)
            if b is None:
                raise NotFound(f"no broadcast {broadcast_id}")
            if b.status not in (BroadcastStatus.SENDING, BroadcastStatus.DRAFT):
                return b
            cancelled = replace(b, status=BroadcastStatus.CANCELLED,
                                finished_at=self._clock.now())
            await tx.broadcasts.save(cancelled, b.status)
            dropped = await tx.broadcasts.cancel_pending(b.id)
            await audit.append(tx, self._clock, actor=actor_of(staff_id),
                               action="broadcast.cancel", target=b.id,
                               details={"not_sent": dropped})
            return cancelled

        return await self._store.transaction(unit)

    async def finish_if_done(self, broadcast_id: str) -> tuple[Broadcast, BroadcastProgress]:
        """Close a sending broadcast whose recipients are all queued and none is waiting."""
        b = await self.get(broadcast_id)
        progress = await self.progress(broadcast_id)
        if b.status is not BroadcastStatus.SENDING or progress.waiting:
            return b, progress
        remaining = await self._store.read(lambda tx: tx.broadcasts.audience(
            b.segment, b.segment_arg, self._since(b), b.cursor, 1))
        if remaining:
            return b, progress
        done = replace(b, status=BroadcastStatus.DONE, finished_at=self._clock.now())

        async def unit(tx: Tx) -> Broadcast:
            if await tx.broadcasts.save(done, BroadcastStatus.SENDING):
                await audit.append(tx, self._clock, actor="system", action="broadcast.done",
                                   target=b.id, details={"sent": progress.sent,
                                                         "blocked": progress.blocked,
                                                         "failed": progress.failed})
                return done
            return await tx.broadcasts.get(b.id)  # type: ignore[return-value]

        return await self._store.transaction(unit), progress

    def elapsed_s(self, b: Broadcast) -> float:
        """Seconds from the start to the end (or to now while sending)."""
        if b.started_at is None:
            return 0.0
        return ((b.finished_at or self._clock.now()) - b.started_at).total_seconds()

    async def sending(self) -> list[Broadcast]:
        """Broadcasts to resume after a restart."""
        return await self._store.read(lambda tx: tx.broadcasts.list(BroadcastStatus.SENDING))
