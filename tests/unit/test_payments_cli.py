"""``subvault topups …`` and ``subvault api`` as an operator runs them (real subprocesses)."""

from __future__ import annotations

import asyncio
import json
import signal
import socket
import subprocess
import time
from pathlib import Path

import httpx
import pytest

from core.bootstrap import open_services
from core.config import load_key_ring, load_settings
from tests.cli.conftest import SUBVAULT, base_env


def _run(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([SUBVAULT, *args], capture_output=True, text=True, cwd=tmp_path,
                          env=base_env(tmp_path, **env), timeout=120, check=False)


async def _seed(tmp_path: Path) -> dict[str, str]:
    """Two Stars top-ups, both paid; the customer then spends most of the second one."""
    settings = load_settings(_env_file=None, database_url=f"sqlite:///{tmp_path / 'shop.db'}",
                             keys_file=tmp_path / "shop.keys")
    services = await open_services(settings, load_key_ring(settings))
    try:
        await services.users.register(501, first_name="Ravi")
        await services.users.register(502, first_name="Mira")
        ids = {}
        for user, amount, charge in ((501, 20_000, "stxA"), (502, 30_000, "stxB")):
            topup = (await services.payments.create_topup(user, amount, "stars")).topup
            await services.payments.credit_stars_payment(topup.id, charge,
                                                         topup.gateway_amount)
            ids[str(user)] = topup.id
        await services.wallet.debit(502, 25_000, key="order:cli", reason="purchase")
        pending = (await services.payments.create_topup(501, 5_000, "stars")).topup
        ids["pending"] = pending.id
        return ids
    finally:
        await services.close()


@pytest.fixture
def shop(tmp_path: Path) -> dict[str, str]:
    assert _run(tmp_path, "db", "init").returncode == 0
    return asyncio.run(_seed(tmp_path))


def test_topups_list_shows_and_filters(tmp_path: Path, shop):
    done = _run(tmp_path, "topups", "list", "--json")
    assert done.returncode == 0, done.stderr
    rows = json.loads(done.stdout)
    assert {r["id"] for r in rows} == set(shop.values())
    pending = json.loads(_run(tmp_path, "topups", "list", "--status", "pending", "--json").stdout)
    assert [r["id"] for r in pending] == [shop["pending"]]
    text = _run(tmp_path, "topups", "list", "--status", "credited").stdout
    assert "2 top-up(s) credited" in text and "₹200.00" in text


def test_topups_refund_debits_and_names_the_bot_call_for_stars(tmp_path: Path, shop):
    done = _run(tmp_path, "topups", "refund", shop["501"], "--actor", "ops:test")
    assert done.returncode == 0, done.stderr
    assert "refundStarPayment" in done.stdout and "stxA" in done.stdout
    shown = json.loads(_run(tmp_path, "topups", "show", shop["501"]).stdout)
    assert shown["status"] == "refunding"  # refunded only once Telegram accepts the bot's call
    audit = _run(tmp_path, "audit", "verify")
    assert audit.returncode == 0, audit.stdout + audit.stderr


def test_topups_refund_is_refused_with_a_clear_message_when_the_balance_is_spent(
        tmp_path: Path, shop):
    done = _run(tmp_path, "topups", "refund", shop["502"])
    assert done.returncode == 1
    assert done.stderr.strip() == ("subvault: the balance ₹50.00 no longer covers the refund "
                                   "of ₹300.00")
    assert "Traceback" not in done.stderr


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_subvault_api_serves_the_app(tmp_path: Path):
    assert _run(tmp_path, "db", "init").returncode == 0
    port = _free_port()
    proc = subprocess.Popen([SUBVAULT, "api"], cwd=tmp_path, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env=base_env(tmp_path, API_PORT=str(port)))
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                answer = httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=1)
                break
            except httpx.TransportError:
                assert proc.poll() is None and time.monotonic() < deadline, proc.stderr.read()
                time.sleep(0.2)
        assert answer.json() == {"status": "ready"}
        assert httpx.post(f"http://127.0.0.1:{port}/webhooks/stripe",
                          content=b"{}").status_code == 404  # no Stripe keys configured
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=20)
    # Ctrl-C: a graceful uvicorn shutdown (0), or the CLI's interrupt code if the signal came
    # before uvicorn took it over (130); never a traceback.
    assert proc.returncode in (0, 130)
    assert "Traceback" not in proc.stderr.read()
