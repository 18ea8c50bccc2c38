"""The demo shop: what it seeds (on both stores), that it seeds once, and that only local mode
seeds it (``subvault run`` with tokens never does; ``subvault demo reset`` refuses)."""

from __future__ import annotations

import sqlite3
import subprocess
import time

import pyotp

from core.models import Delivery, TotpPolicy
from core.services.demo import DEMO_COUPON, DEMO_PLANS, DemoShop, demo_credential
from tests.cli.conftest import SUBVAULT, base_env
from tests.playground.local import free_port, wait_for


def _shop(services) -> DemoShop:
    return DemoShop(services.catalog, services.stock, services.coupons)


async def test_demo_shop_seeds_plans_stock_coupon_and_a_manual_plan(services):
    shop = _shop(services)
    assert await shop.is_empty()
    assert await shop.seed_if_empty() is True
    products = await services.catalog.list(active_only=False)
    assert [p.title for p in products] == [f"{p.platform} {p.plan}" for p in DEMO_PLANS]
    levels = {lv.product_id: lv for lv in await services.stock.levels([p.id for p in products])}
    manual = [p for p in products if p.delivery is Delivery.MANUAL]
    assert len(manual) == 1
    shared = [p for p in products if p.slots_per_item > 1]
    assert shared and levels[shared[0].id].free_slots == shared[0].slots_per_item
    with_totp = [p for p in products if p.totp_policy is not TotpPolicy.NONE]
    assert len(with_totp) == 3
    assert any(p.totp_policy is TotpPolicy.CODES_AND_QR for p in with_totp)
    for product in with_totp:
        assert levels[product.id].free_slots >= 1
    coupon = await services.coupons.get(DEMO_COUPON)
    assert coupon is not None and coupon.active and coupon.per_user_limit == 1
    # A second start does not seed again.
    assert await shop.seed_if_empty() is False
    assert len(await services.catalog.list(active_only=False)) == len(DEMO_PLANS)


async def test_demo_credentials_have_working_totp_secrets():
    credentials = [c for plan in DEMO_PLANS for c in plan.credentials]
    assert len(credentials) >= 5
    for credential in credentials:
        code = pyotp.TOTP(credential.totp).now()
        assert len(code) == 6 and pyotp.TOTP(credential.totp).verify(code)
        assert demo_credential(credential.login) is credential
        assert credential.password not in repr(credential)
        assert credential.totp not in repr(credential)


async def test_a_shop_with_products_is_not_seeded(services):
    await services.catalog.add(actor="test", platform="Own", plan="Plan", price=1000,
                               duration_days=30)
    assert await _shop(services).seed_if_empty() is False
    assert len(await services.catalog.list(active_only=False)) == 1


def _cli(tmp_path, *args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([SUBVAULT, *args], capture_output=True, text=True, cwd=tmp_path,
                          env=env, timeout=180, check=False)


def _products(db) -> list[str]:
    with sqlite3.connect(db) as conn:
        return [row[0] for row in conn.execute("SELECT platform FROM products")]


def test_run_with_tokens_never_seeds_and_has_no_playground(tmp_path):
    """Production mode against a stand-in: no demo products, /playground answers 404."""
    import asyncio
    import threading

    from standin import run_standin

    ready = threading.Event()
    done = threading.Event()
    box: dict[str, str] = {}

    async def serve() -> None:
        async with run_standin() as standin:
            box["url"] = standin.base_url
            ready.set()
            while not done.is_set():
                await asyncio.sleep(0.05)

    thread = threading.Thread(target=lambda: asyncio.run(serve()), daemon=True)
    thread.start()
    assert ready.wait(10)
    api = free_port()
    env = base_env(tmp_path, API_PORT=str(api), PUBLIC_BASE_URL=f"http://127.0.0.1:{api}",
                   CUSTOMER_BOT_TOKEN="1000001:production-token",
                   TELEGRAM_API_BASE=box["url"], STANDIN_PORT=str(free_port()))
    process = subprocess.Popen([SUBVAULT, "run"], cwd=tmp_path, env=env, text=True,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        import httpx

        base = f"http://127.0.0.1:{api}"
        health = wait_for(lambda: httpx.get(f"{base}/healthz", timeout=1).status_code, 120)
        assert health == 200
        for path in ("/playground", "/playground/", "/playground/api/config",
                     "/playground/static/app.js", "/playground/api/customer/events?user_id=700001"):
            assert httpx.get(base + path, timeout=5).status_code == 404, path
        answer = httpx.post(f"{base}/playground/api/customer/send",
                            json={"user_id": 700001, "text": "/start"}, timeout=5)
        assert answer.status_code in (404, 405)
        assert _products(tmp_path / "shop.db") == []
    finally:
        process.terminate()
        process.wait(timeout=20)
        done.set()
        thread.join(10)


def _local_env(tmp_path, **extra: str) -> dict[str, str]:
    """Local mode as it starts: no tokens, the default ./subvault.db in the folder."""
    env = base_env(tmp_path)
    for name in ("CUSTOMER_BOT_TOKEN", "ADMIN_BOT_TOKEN", "TELEGRAM_API_BASE", "DATABASE_URL",
                 "KEYS_FILE"):
        env.pop(name, None)
    env.update(extra)
    return env


def test_demo_reset_refuses_outside_local_mode(tmp_path):
    env = _local_env(tmp_path, CUSTOMER_BOT_TOKEN="1000001:production-token")
    result = _cli(tmp_path, "demo", "reset", "--yes", env=env)
    assert result.returncode != 0 and "only in local mode" in result.stderr
    assert not (tmp_path / "subvault.db").exists()
    for url in ("mongodb://127.0.0.1:1/shop", f"sqlite:///{tmp_path / 'shop.db'}"):
        (tmp_path / "shop.db").write_bytes(b"a real shop")
        result = _cli(tmp_path, "demo", "reset", "--yes", env=_local_env(tmp_path,
                                                                         DATABASE_URL=url))
        assert result.returncode != 0 and "refusing to reset another" in result.stderr
        assert (tmp_path / "shop.db").read_bytes() == b"a real shop"


def test_demo_reset_starts_the_demo_shop_over(tmp_path):
    env = _local_env(tmp_path, API_PORT=str(free_port()))
    first = _cli(tmp_path, "demo", "reset", "--yes", env=env)
    assert first.returncode == 0, first.stderr
    assert _products(tmp_path / "subvault.db") == [p.platform for p in DEMO_PLANS]
    added = _cli(tmp_path, "products", "add", "--platform", "Extra", "--plan", "One",
                 "--price", "10", "--days", "30", env=env)
    assert added.returncode == 0, added.stderr
    assert "Extra" in _products(tmp_path / "subvault.db")
    unconfirmed = subprocess.run([SUBVAULT, "demo", "reset"], cwd=tmp_path, env=env, text=True,
                                 capture_output=True, stdin=subprocess.DEVNULL, timeout=60,
                                 check=False)
    assert unconfirmed.returncode != 0 and "--yes" in unconfirmed.stderr
    assert "Extra" in _products(tmp_path / "subvault.db")
    again = _cli(tmp_path, "demo", "reset", "--yes", env=env)
    assert again.returncode == 0, again.stderr
    assert _products(tmp_path / "subvault.db") == [p.platform for p in DEMO_PLANS]


def test_demo_reset_refuses_while_the_shop_runs(tmp_path):
    import socket

    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        port = server.getsockname()[1]
        env = _local_env(tmp_path, API_PORT=str(port))
        started = time.monotonic()
        result = _cli(tmp_path, "demo", "reset", "--yes", env=env)
    assert result.returncode != 0 and "stop it first" in result.stderr
    assert time.monotonic() - started < 60
