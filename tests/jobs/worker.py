"""A real job process for the reliability tests: ``python -m tests.jobs.worker DB NOW JOB``
runs one job once on the SQLite file DB with the clock standing at NOW (ISO), as ``subvault
jobs`` would, and prints ``done <items>``.

``--stall-at N`` makes the N-th unit of work print ``stalled`` after its writes and then hang
inside its open transaction, so the test can ``kill -9`` the process there; ``--die-after``
makes the process SIGKILL itself right after the job committed its work (a crash before
anything after it, such as the run record, is written)."""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import sys
from datetime import datetime
from pathlib import Path

from core.bootstrap import build_services
from core.clock import FixedClock
from core.config import Settings
from core.crypto import KeyRing
from core.ids import RandomIds
from core.services.jobset import build_job_set
from core.storage import open_store


async def main(args: argparse.Namespace) -> None:
    store = await open_store(f"sqlite:///{args.db}")
    settings = Settings(_env_file=None, database_url=f"sqlite:///{args.db}", currency="INR",
                        reminder_offsets=args.offsets)
    services = build_services(settings, store, KeyRing.generate(),
                              clock=FixedClock(datetime.fromisoformat(args.now)), ids=RandomIds())
    jobs = build_job_set(services, owner=f"worker-{os.getpid()}")
    jobs.reminders._batch = args.batch  # small pages: many commits to die between
    if args.stall_at:
        _stall(store, args.stall_at)
    if args.die_after:
        work = jobs.work[args.job]

        async def then_die() -> int:
            items = await work()
            print(f"committed {items}", flush=True)
            os.kill(os.getpid(), signal.SIGKILL)
            return items

        jobs.work[args.job] = then_die
    items = await jobs.run(args.job)
    print(f"done {items}", flush=True)
    await services.close()


def _stall(store, at: int) -> None:
    original = store.transaction
    counter = {"n": 0}

    async def transaction(fn):
        counter["n"] += 1
        number = counter["n"]

        async def unit(tx):
            result = await fn(tx)
            if number == at:
                print("stalled", flush=True)
                await asyncio.sleep(600)
            return result

        return await original(unit)

    store.transaction = transaction


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("db", type=Path)
    parser.add_argument("now")
    parser.add_argument("job")
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument("--offsets", default="3d,1d,0")
    parser.add_argument("--stall-at", type=int, default=0)
    parser.add_argument("--die-after", action="store_true")
    asyncio.run(main(parser.parse_args()))
    sys.exit(0)
