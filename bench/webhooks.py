"""Webhook throughput: verified, deduplicated Razorpay callbacks per second and their latency,
with 50 concurrent clients on loopback against uvicorn and the SQLite store, side by side with
an empty FastAPI endpoint served the same way (the ceiling of this machine's HTTP stack).

Fixed workload: TOPUPS Razorpay top-ups; for each, the three callbacks Razorpay sends for one
Payment Link payment (``payment.captured``, ``order.paid``, ``payment_link.paid``, each its own
event id) plus one retried delivery of the first. Every callback is verified (HMAC-SHA256 of the
raw body), recorded or recognised, and acted on; each top-up is credited exactly once. The
servers run in subprocesses; the load comes from this process (aiohttp).

    .venv/bin/python bench/webhooks.py [--topups 1500] [--clients 50]

The last line printed is one JSON object.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import hmac
import json
import logging
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SECRET = "bench-webhook-secret"
KEY_SECRET = "bench-key-secret"
USERS = 200


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _settings(db: Path, port: int):
    from core.config import Settings

    return Settings(_env_file=None, database_url=f"sqlite:///{db}", currency="INR",
                    keys_file=db.with_suffix(".keys"),
                    api_host="127.0.0.1", api_port=port, log_level="WARNING",
                    public_base_url=f"http://127.0.0.1:{port}", razorpay_key_id="rzp_bench",
                    razorpay_key_secret=KEY_SECRET, razorpay_webhook_secret=SECRET,
                    razorpay_api_base="http://127.0.0.1:9", stars_enabled=False)


# --- the servers (subprocesses) ----------------------------------------------------------


def serve_app(db: Path, port: int) -> None:
    """Exactly what ``subvault api`` runs."""
    from subvault.launch.api import serve

    serve(_settings(db, port))


def serve_empty(port: int) -> None:
    """An empty endpoint, with the same runtime settings as the app."""
    import uvicorn
    from fastapi import FastAPI, Request

    from subvault.launch.api import configure_runtime

    configure_runtime()

    app = FastAPI()

    @app.post("/webhooks/razorpay")
    async def empty(request: Request) -> dict[str, str]:
        await request.body()
        return {"status": "ok"}

    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning", access_log=False)


def _start(args: list[str], port: int) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, __file__, *args], env=env, cwd=ROOT)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return proc
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise SystemExit("server did not start")


# --- the workload ------------------------------------------------------------------------


async def _seed(db: Path, topups: int) -> list[dict]:
    """Users and pending Razorpay top-ups, written straight to the store."""
    from core.bootstrap import open_services
    from core.crypto import KeyRing, write_key_file
    from core.models import TopUp, TopUpStatus

    ring = KeyRing.generate()
    write_key_file(ring, db.with_suffix(".keys"))
    services = await open_services(_settings(db, 1), ring)
    now = datetime.now(UTC).replace(microsecond=0)
    made = []
    try:
        for user in range(1, USERS + 1):
            await services.users.register(user, first_name=f"u{user}")

        async def insert(tx, batch: list[TopUp]) -> None:
            for topup in batch:
                await tx.topups.insert(topup)

        batch: list[TopUp] = []
        for n in range(topups):
            topup = TopUp(id=f"top_bench{n:06d}", user_id=n % USERS + 1, amount=10_000 + n,
                          currency="INR", gateway="razorpay", status=TopUpStatus.PENDING,
                          intent_id=None, gateway_ref=f"plink_bench{n:06d}", created_at=now,
                          updated_at=now, gateway_amount=10_000 + n, gateway_currency="INR",
                          expires_at=now + timedelta(hours=1))
            batch.append(topup)
            made.append({"id": topup.id, "ref": topup.gateway_ref, "amount": topup.amount,
                         "user": topup.user_id})
            if len(batch) == 500:
                await services.store.transaction(lambda tx, b=batch: insert(tx, b))
                batch = []
        if batch:
            await services.store.transaction(lambda tx, b=batch: insert(tx, b))
    finally:
        await services.close()
    return made


def _event(kind: str, t: dict) -> bytes:
    suffix = t["ref"].removeprefix("plink_")
    payment = {"id": f"pay_{suffix}", "entity": "payment", "amount": t["amount"],
               "currency": "INR", "status": "captured", "order_id": f"order_{suffix}",
               "description": f"#{suffix}", "notes": [], "method": "upi", "captured": True,
               "fee": 236, "tax": 36, "error_code": None, "created_at": 1767225700}
    order = {"id": f"order_{suffix}", "entity": "order", "amount": t["amount"],
             "amount_paid": t["amount"], "amount_due": 0, "currency": "INR", "status": "paid",
             "receipt": t["id"], "notes": {"topup_id": t["id"]}, "attempts": 1}
    link = {"id": t["ref"], "entity": "payment_link", "reference_id": t["id"],
            "amount": t["amount"], "amount_paid": t["amount"], "currency": "INR",
            "status": "paid", "notes": {"topup_id": t["id"]}, "accept_partial": False}
    payload = {"payment.captured": {"payment": payment},
               "order.paid": {"payment": payment, "order": order},
               "payment_link.paid": {"payment": payment, "order": order,
                                     "payment_link": link}}[kind]
    body = {"entity": "event", "account_id": "acc_bench", "event": kind,
            "contains": sorted(payload), "created_at": 1767225720,
            "payload": {k: {"entity": v} for k, v in payload.items()}}
    return json.dumps(body).encode()


def _requests(topups: list[dict]) -> list[tuple[bytes, dict[str, str]]]:
    out = []
    for t in topups:
        sent = []
        for kind in ("payment.captured", "order.paid", "payment_link.paid"):
            body = _event(kind, t)
            headers = {"Content-Type": "application/json",
                       "X-Razorpay-Event-Id": f"evt_{kind.replace('.', '_')}_{t['id']}",
                       "X-Razorpay-Signature": hmac.new(SECRET.encode(), body,
                                                        hashlib.sha256).hexdigest()}
            sent.append((body, headers))
        out.extend([*sent, sent[0]])  # Razorpay retries a delivery now and then
    return out


async def _load(port: int, requests: list[tuple[bytes, dict[str, str]]], clients: int
                ) -> tuple[float, list[float], dict[int, int]]:
    import aiohttp

    url = f"http://127.0.0.1:{port}/webhooks/razorpay"
    queue: asyncio.Queue[tuple[bytes, dict[str, str]]] = asyncio.Queue()
    for item in requests:
        queue.put_nowait(item)
    latencies: list[float] = []
    statuses: dict[int, int] = {}

    async def client(session: aiohttp.ClientSession) -> None:
        while not queue.empty():
            body, headers = queue.get_nowait()
            started = time.perf_counter()
            async with session.post(url, data=body, headers=headers) as answer:
                await answer.read()
                statuses[answer.status] = statuses.get(answer.status, 0) + 1
            latencies.append(time.perf_counter() - started)

    connector = aiohttp.TCPConnector(limit=clients)
    async with aiohttp.ClientSession(connector=connector) as session:
        started = time.perf_counter()
        await asyncio.gather(*(client(session) for _ in range(clients)))
        elapsed = time.perf_counter() - started
    return elapsed, latencies, statuses


def _cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (Linux), to compare work per request even
    on a machine shared with other loads."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _figures(elapsed: float, latencies: list[float]) -> tuple[float, float, float]:
    ms = sorted(x * 1000 for x in latencies)
    p99 = ms[min(len(ms) - 1, int(len(ms) * 0.99))]
    return len(ms) / elapsed, statistics.median(ms), p99


async def _check(db: Path, topups: list[dict]) -> tuple[int, int, int]:
    """(top-ups credited, ledger entries, recorded events) after the run."""
    from core.bootstrap import open_services
    from core.crypto import KeyRing
    from core.models import TopUpStatus

    services = await open_services(_settings(db, 1), KeyRing.generate())
    try:
        credited = len(await services.payments.list_topups(status=TopUpStatus.CREDITED,
                                                           limit=len(topups) + 1))
        entries = 0
        for user in range(1, USERS + 1):
            entries += (await services.wallet.statement(user, limit=1)).total_entries
        events = len(await services.store.read(
            lambda tx: tx.webhook_events.recent(len(topups) * 4)))
        return credited, entries, events
    finally:
        await services.close()


def run(topups: int, clients: int) -> dict[str, float]:
    tmp = Path(tempfile.mkdtemp(prefix="bench-webhooks-"))
    db = tmp / "bench.db"
    seeded = asyncio.run(_seed(db, topups + 100))
    warmup, measured = seeded[:100], seeded[100:]

    port = _free_port()
    empty = _start(["empty", "--port", str(port)], port)
    try:
        asyncio.run(_load(port, _requests(warmup), clients))
        cpu = _cpu_seconds(empty.pid)
        ceiling = _figures(*asyncio.run(_load(port, _requests(measured), clients))[:2])
        empty_cpu_ms = (_cpu_seconds(empty.pid) - cpu) * 1000 / (4 * len(measured))
    finally:
        empty.terminate()
        empty.wait()

    port = _free_port()
    server = _start(["app", "--port", str(port), "--db", str(db)], port)
    try:
        asyncio.run(_load(port, _requests(warmup), clients))
        cpu = _cpu_seconds(server.pid)
        elapsed, latencies, statuses = asyncio.run(_load(port, _requests(measured), clients))
        app_cpu_ms = (_cpu_seconds(server.pid) - cpu) * 1000 / len(latencies)
    finally:
        server.terminate()
        server.wait()
    per_s, p50, p99 = _figures(elapsed, latencies)
    credited, entries, events = asyncio.run(_check(db, seeded))

    print(f"workload: {len(measured)} top-ups x 4 callbacks = {len(latencies)} requests, "
          f"{clients} concurrent clients, SQLite at {db}")
    print(f"load on this machine: {os.getloadavg()[0]:.2f} (1 min) on {os.cpu_count()} CPUs")
    print(f"empty FastAPI endpoint: {ceiling[0]:8.0f} req/s   p50 {ceiling[1]:6.1f} ms   "
          f"p99 {ceiling[2]:6.1f} ms   server CPU {empty_cpu_ms:.2f} ms/request")
    print(f"webhooks (verified, deduplicated): {per_s:8.0f} callbacks/s   p50 {p50:6.1f} ms   "
          f"p99 {p99:6.1f} ms   server CPU {app_cpu_ms:.2f} ms/callback   "
          f"({len(measured) / elapsed:.0f} credits/s)")
    print(f"ratio webhooks/empty: {per_s / ceiling[0]:.2f}   statuses: {statuses}")
    print(f"check: {credited} of {len(seeded)} top-ups credited, {entries} ledger entries, "
          f"{events} events recorded")
    if credited != len(seeded) or entries != len(seeded) or events != 3 * len(seeded):
        raise SystemExit("the run did not credit every top-up exactly once")
    return {"bench": "webhooks", "per_s": round(per_s, 1), "p50_ms": round(p50, 2),
            "p99_ms": round(p99, 2), "ceiling_per_s": round(ceiling[0], 1),
            "ratio": round(per_s / ceiling[0], 3)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("mode", nargs="?", default="bench", choices=["bench", "app", "empty"])
    parser.add_argument("--topups", type=int, default=1500)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--db", type=Path)
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    if args.mode == "app":
        serve_app(args.db, args.port)
    elif args.mode == "empty":
        serve_empty(args.port)
    else:
        print(json.dumps(run(args.topups, args.clients)))


if __name__ == "__main__":
    main()
