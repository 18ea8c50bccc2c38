"""``subvault topups resolve`` and ``subvault webhooks purge`` as an operator runs them."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from core.bootstrap import open_services
from core.clock import FixedClock
from core.config import load_key_ring, load_settings
from tests.unit.test_payments_cli import _run


async def _seed(tmp_path: Path) -> dict[str, str]:
    """Stars top-ups paid with the wrong number of stars (held), months ago."""
    settings = load_settings(_env_file=None, database_url=f"sqlite:///{tmp_path / 'shop.db'}",
                             keys_file=tmp_path / "shop.keys")
    clock = FixedClock(datetime(2025, 1, 1, tzinfo=UTC))
    services = await open_services(settings, load_key_ring(settings), clock=clock)
    try:
        await services.users.register(601, first_name="Lena")
        ids = {}
        for name, charge in (("credit", "stxHeld1"), ("refund", "stxHeld2")):
            topup = (await services.payments.create_topup(601, 20_000, "stars")).topup
            await services.payments.credit_stars_payment(topup.id, charge,
                                                         topup.gateway_amount - 50)
            ids[name] = topup.id
        return ids
    finally:
        await services.close()


@pytest.fixture
def held(tmp_path: Path) -> dict[str, str]:
    assert _run(tmp_path, "db", "init").returncode == 0
    return asyncio.run(_seed(tmp_path))


def test_topups_resolve_credits_what_was_received_or_returns_the_stars(tmp_path: Path, held):
    shown = json.loads(_run(tmp_path, "topups", "show", held["credit"]).stdout)
    assert shown["status"] == "held"
    done = _run(tmp_path, "topups", "resolve", held["credit"], "--credit", "--actor", "ops:t")
    assert done.returncode == 0, done.stderr
    assert "₹150.00" in done.stdout and "credited" in done.stdout  # 150 stars of 200
    shown = json.loads(_run(tmp_path, "topups", "show", held["credit"]).stdout)
    assert shown["status"] == "credited" and shown["amount"] == 15_000
    again = _run(tmp_path, "topups", "resolve", held["credit"], "--credit")
    assert again.returncode == 1 and "not held" in again.stderr and "Traceback" not in again.stderr

    back = _run(tmp_path, "topups", "resolve", held["refund"], "--refund")
    assert back.returncode == 0, back.stderr
    assert "refundStarPayment" in back.stdout and "stxHeld2" in back.stdout
    assert json.loads(_run(tmp_path, "topups", "show", held["refund"]).stdout)["status"] \
        == "failed"
    assert _run(tmp_path, "topups", "resolve", held["refund"]).returncode == 2  # say how
    audit = _run(tmp_path, "audit", "verify")
    assert audit.returncode == 0, audit.stdout + audit.stderr


def test_webhooks_purge_empties_old_bodies_and_keeps_the_records(tmp_path: Path, held):
    done = _run(tmp_path, "webhooks", "purge")
    assert done.returncode == 0, done.stderr
    assert "purged the raw bodies of 2 webhook event(s) older than 90 days" in done.stdout
    assert "purged the raw bodies of 0" in _run(tmp_path, "webhooks", "purge").stdout
