"""Leases held in the store: the right to do one piece of work in one process at a time (the
outbox sender that paces a bot, the message clean-up). A lease names its owner and ends at a
time; its holder renews it well before then, so when a process dies another one takes over once
the lease runs out."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
import uuid
from collections.abc import Awaitable, Callable
from datetime import timedelta

from core.clock import Clock
from core.jobmodels import Lease
from core.storage.base import Store

log = logging.getLogger(__name__)


def process_owner() -> str:
    """host:pid:random — unique for each process (and each start)."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


class LeaseService:
    def __init__(self, store: Store, clock: Clock, *, owner: str | None = None,
                 ttl: timedelta = timedelta(seconds=30)) -> None:
        self._store = store
        self._clock = clock
        self.owner = owner or process_owner()
        self.ttl = ttl

    async def acquire(self, name: str) -> bool:
        """Take or renew ``name`` for ``ttl``; False while another owner holds it."""
        now = self._clock.now()
        return await self._store.transaction(
            lambda tx: tx.jobs.acquire_lease(name, self.owner, now, now + self.ttl))

    async def release(self, name: str) -> bool:
        return await self._store.transaction(lambda tx: tx.jobs.release_lease(name, self.owner))

    async def holder(self, name: str) -> Lease | None:
        return await self._store.read(lambda tx: tx.jobs.get_lease(name))

    async def run_while_held(self, name: str, stop: asyncio.Event,
                             body: Callable[[asyncio.Event], Awaitable[None]], *,
                             poll_seconds: float | None = None) -> None:
        """Until ``stop``: wait for the lease ``name``, then run ``body(inner_stop)`` while
        renewing it every third of its ttl; ``inner_stop`` is set when ``stop`` is, or when the
        lease is lost (another owner took it, or the store stopped answering)."""
        period = self.ttl.total_seconds() / 3
        poll = poll_seconds if poll_seconds is not None else period
        while not stop.is_set():
            if not await self._try(name):
                await _wait(stop, poll)
                continue
            log.info("lease %s taken by %s", name, self.owner)
            inner = asyncio.Event()
            task = asyncio.create_task(body(inner), name=f"lease:{name}")
            while not task.done():
                await _wait_any(stop, task, period)
                if stop.is_set() or task.done():
                    break
                if not await self._try(name):
                    log.warning("lease %s lost by %s", name, self.owner)
                    break
            inner.set()
            with contextlib.suppress(Exception):
                await task
            with contextlib.suppress(Exception):
                await self.release(name)

    async def _try(self, name: str) -> bool:
        try:
            return await self.acquire(name)
        except Exception:  # the store is away: hold nothing until it answers
            log.exception("lease %s: cannot reach the store", name)
            return False


async def _wait(event: asyncio.Event, seconds: float) -> None:
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(event.wait(), seconds)


async def _wait_any(event: asyncio.Event, task: asyncio.Task, seconds: float) -> None:
    waiter = asyncio.create_task(event.wait())
    try:
        await asyncio.wait({waiter, task}, timeout=seconds, return_when=asyncio.FIRST_COMPLETED)
    finally:
        waiter.cancel()
