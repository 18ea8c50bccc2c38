"""Client-side pacing for Telegram: a token bucket per bot and a minimum interval per chat.

Telegram allows about 30 messages a second per bot and about one a second per chat; beyond
that it answers 429 with ``retry_after``. :class:`SendPacer` spaces sends so that limit is not
reached in the first place, and holds a whole bot when Telegram asks for a pause anyway.

Times come from a monotonic clock (injectable for tests). A caller passes a ``deadline``: if its
turn would come later than that, :class:`TurnTooLate` is raised before anything is reserved, so
the caller can leave the work for later (the sender keeps within its outbox lease that way).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass


class TurnTooLate(Exception):
    """The next send slot comes after the caller's deadline."""

    def __init__(self, ready_at: float) -> None:
        super().__init__(f"next slot at {ready_at:.3f}")
        self.ready_at = ready_at


@dataclass
class TokenBucket:
    """``rate`` sends a second with bursts of up to ``burst`` (GCRA: one number of state).

    ``reserve`` books the next slot and says when it is; slots are handed out in call order.
    ``pause_until`` books nothing before that moment and restarts without a burst.
    """

    rate: float
    burst: int = 1
    _tat: float = 0.0  # theoretical arrival time of the next send
    paused_until: float = 0.0

    @property
    def _interval(self) -> float:
        return 1.0 / self.rate

    def next_slot(self, now: float) -> float:
        tolerance = (self.burst - 1) * self._interval
        return max(now, self._tat - tolerance, self.paused_until)

    def reserve(self, now: float) -> float:
        slot = self.next_slot(now)
        self._tat = max(self._tat, slot) + self._interval
        return slot

    def pause_until(self, moment: float) -> None:
        if moment > self.paused_until:
            self.paused_until = moment
            self._tat = max(self._tat, moment + (self.burst - 1) * self._interval)


class SendPacer:
    """Per-bot buckets and per-(bot, chat) spacing for one sender process.

    By default a bot's sends are evenly spaced (``bot_burst=1``): no one-second window ever
    holds more than about ``bot_rate`` sends, which is how Telegram states its limit.

    A chat's next send may start ``chat_interval`` seconds after its previous send finished
    (:meth:`sent`), so a burst to one chat is spread out while other chats go in parallel.
    """

    def __init__(self, bot_rate: float = 30.0, chat_interval: float = 1.0, *,
                 bot_burst: int | None = None, clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], Awaitable[object]] = asyncio.sleep) -> None:
        if bot_rate <= 0 or chat_interval < 0:
            raise ValueError("bot_rate must be > 0 and chat_interval >= 0")
        self.bot_rate = bot_rate
        self.bot_burst = bot_burst if bot_burst is not None else 1
        self.chat_interval = chat_interval
        self._clock = clock
        self._sleep = sleep
        self._bots: dict[str, TokenBucket] = {}
        self._chats: dict[tuple[str, int], float] = {}
        self._gates: dict[str, asyncio.Lock] = {}  # one queue per bot for its next slot
        self._queued: dict[str, int] = {}  # callers waiting for a bot's slot

    def now(self) -> float:
        return self._clock()

    def _bucket(self, bot: str) -> TokenBucket:
        bucket = self._bots.get(bot)
        if bucket is None:
            bucket = self._bots[bot] = TokenBucket(self.bot_rate, self.bot_burst)
        return bucket

    async def turn(self, bot: str, chat_id: int, deadline: float) -> None:
        """Wait until this chat and this bot may send; TurnTooLate if that is past deadline.

        Callers first wait for their chat, then queue for the bot's next slot in arrival order:
        only the head of the queue watches the clock, so a thousand waiting sends cost one
        wake-up per slot, not a thousand.
        """
        bucket = self._bucket(bot)
        now = self._clock()
        last = self._chats.get((bot, chat_id))
        chat_ready = now if last is None else last + self.chat_interval
        ahead = self._queued.get(bot, 0)
        expected = max(chat_ready, bucket.next_slot(now) + ahead / bucket.rate)
        if expected > deadline:
            raise TurnTooLate(expected)
        if chat_ready > now:
            await self._sleep(chat_ready - now)
        gate = self._gates.get(bot)
        if gate is None:
            gate = self._gates[bot] = asyncio.Lock()
        self._queued[bot] = ahead + 1
        try:
            async with gate:
                while True:
                    now = self._clock()
                    ready = bucket.next_slot(now)
                    if ready > deadline:
                        raise TurnTooLate(ready)
                    if ready <= now:
                        # Booked only when due, not ahead: a stalled event loop then cannot
                        # release a bunch of sends at once, and a pause that started while we
                        # slept holds us.
                        bucket.reserve(now)
                        return
                    await self._sleep(ready - now)
        finally:
            self._queued[bot] -= 1

    def sent(self, bot: str, chat_id: int) -> None:
        """A send to this chat just finished (successfully or not)."""
        self._chats[(bot, chat_id)] = self._clock()

    def pause(self, bot: str, seconds: float) -> None:
        """Telegram said 429 ``retry_after``: nothing goes out through ``bot`` until then."""
        self._bucket(bot).pause_until(self._clock() + seconds)

    def paused_for(self, bot: str) -> float:
        """Seconds until ``bot`` may call Telegram again after a 429 (0 if it may now)."""
        return max(0.0, self._bucket(bot).paused_until - self._clock())

    def forget_idle(self) -> int:
        """Drop chats whose interval has passed (they would be ready anyway); returns how many."""
        horizon = self._clock() - self.chat_interval
        stale = [key for key, at in self._chats.items() if at <= horizon]
        for key in stale:
            del self._chats[key]
        return len(stale)
