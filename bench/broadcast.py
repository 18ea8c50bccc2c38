"""A broadcast to 1,000 customers through the outbox sender, against the Bot API stand-in with
Telegram's limits on (30 messages/s per bot, about 1/s per chat).

The broadcast is created, started and queued by ``BroadcastService`` (one outbox message per
recipient); the sender delivers it at its configured 30/s. The time runs from the first send to
the last delivery; the stand-in's transcripts are then checked: duplicates (a customer with more
than one copy) and lost (a customer with none). ``retry_after`` is the number of 429 answers
the stand-in gave. The last line is one JSON object.

    .venv/bin/python bench/broadcast.py [--recipients 1000]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import tempfile
import time
from pathlib import Path

from bot.factory import make_bot
from bot.sender import OutboxSender
from core.bootstrap import build_services
from core.config import Settings
from core.crypto import KeyRing
from core.i18n import Translator
from core.models import User
from core.storage import open_store
from standin import RateLimits, run_standin

TOKEN, BOT_ID = "1000001:bench-broadcast", 1000001
LIMIT = 30.0
TEXT = "Spring sale: 20% off every plan"


async def main(recipients: int) -> dict[str, object]:
    folder = Path(tempfile.mkdtemp(prefix="bench-broadcast-"))
    settings = Settings(_env_file=None, database_url=f"sqlite:///{folder / 'bench.db'}",
                        currency="INR")
    store = await open_store(settings.database_url)
    services = build_services(settings, store, KeyRing.generate())
    customers = list(range(700_000, 700_000 + recipients))
    now = services.clock.now()

    async def seed(tx):
        for uid in customers:
            await tx.users.upsert(User(telegram_id=uid, first_name="C", created_at=now,
                                       last_seen_at=now))

    await store.transaction(seed)
    async with run_standin(port=0, rate_limits=RateLimits()) as standin:
        for uid in customers:
            standin.state.ensure_user(uid, first_name="C")
            standin.state.open_chat(BOT_ID, uid)
        bot = make_bot(TOKEN, standin.base_url)
        sender = OutboxSender(services.outbox, services.users, {"customer": bot}, Translator(),
                              per_bot_rate=LIMIT)
        draft = await services.broadcasts.create(staff_id=1, text=TEXT)
        await services.broadcasts.start(draft.id, staff_id=1)
        await services.broadcasts.queue(draft.id)
        stop = asyncio.Event()
        started = time.perf_counter()
        running = asyncio.create_task(sender.run_forever(stop, idle_sleep=0.05))
        while True:
            if not (await services.broadcasts.progress(draft.id)).waiting:
                break
            await asyncio.sleep(0.05)  # poll the outbox: the sender runs on its own
        elapsed = time.perf_counter() - started
        stop.set()
        await running
        progress = await services.broadcasts.progress(draft.id)
        copies = [sum(1 for m in standin.state.transcript(BOT_ID, uid)
                      if m["sender"] == "bot" and m["text"] == TEXT) for uid in customers]
        retry_after = int(standin.state.stats(BOT_ID)["errors"].get("429", 0))
        await bot.session.close()
    await services.close()
    per_s = progress.sent / elapsed
    print(f"{progress.sent} of {recipients} delivered in {elapsed:.1f} s: {per_s:.1f} msg/s "
          f"({per_s / LIMIT:.2f} of Telegram's {LIMIT:.0f}/s); blocked {progress.blocked}, "
          f"failed {progress.failed}, 429 answers {retry_after}")
    return {"bench": "broadcast", "per_s": round(per_s, 2), "ratio": round(per_s / LIMIT, 3),
            "duplicates": sum(1 for c in copies if c > 1),
            "lost": sum(1 for c in copies if c == 0), "retry_after": retry_after}


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--recipients", type=int, default=1000)
    print(json.dumps(asyncio.run(main(parser.parse_args().recipients))))
