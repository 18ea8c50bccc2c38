"""Local mode's playground and demo shop: who the panes are, the demo customers, the seeding.

``subvault run`` without bot tokens calls :func:`seed_demo_shop` (first start only) and
:func:`mount` (the ``/playground`` page on the payment app); nothing here runs otherwise.
"""

from __future__ import annotations

import asyncio
import logging

import httpx
from fastapi import FastAPI

from api.playground import (
    Playground,
    PlaygroundPane,
    PlaygroundSetup,
    PlaygroundUser,
    mount_playground,
)
from core.bootstrap import Services
from core.services.demo import DemoShop

log = logging.getLogger("subvault")
_TASKS: set[asyncio.Task[None]] = set()

# Demo customers the customer pane can switch between (one per language we speak).
DEMO_CUSTOMERS = (
    PlaygroundUser(700001, "Alex", "en", "Alex · English"),
    PlaygroundUser(700002, "Asha", "hi", "Asha · हिन्दी"),
    PlaygroundUser(700003, "Мария", "ru", "Мария · Русский"),
    PlaygroundUser(700004, "Петър", "bg", "Петър · Български"),
)


def demo_shop(services: Services) -> DemoShop:
    return DemoShop(services.catalog, services.stock, services.coupons)


async def seed_demo_shop(services: Services) -> bool:
    """Seed the demo shop when the shop has no product yet (local mode's first start)."""
    seeded = await demo_shop(services).seed_if_empty()
    if seeded:
        print("subvault: demo shop seeded (4 plans, coupon WELCOME10); start over with "
              "`subvault demo reset`", flush=True)
    return seeded


def bot_id_of(token: str) -> int:
    return int(token.split(":", 1)[0])


def local_setup(standin_url: str, *, shop_name: str, customer_bot_id: int,
                admin: tuple[int, int] | None = None) -> PlaygroundSetup:
    """The panes: the customer bot (as any demo customer) and, when ``admin`` = (admin bot id,
    local admin's Telegram id) is given, the admin bot as the local admin."""
    panes = [PlaygroundPane("customer", "Customer bot", customer_bot_id, DEMO_CUSTOMERS,
                            note="You are a customer. Switch who you are at the top.")]
    if admin is not None:
        bot_id, admin_id = admin
        panes.append(PlaygroundPane("admin", "Admin bot", bot_id,
                                    (PlaygroundUser(admin_id, "Local admin", "en", "Local admin"),),
                                    attach=True, note="You are the shop's admin."))
    return PlaygroundSetup(standin_url, tuple(panes), shop_name=shop_name)


def mount(app: FastAPI, setup: PlaygroundSetup, page_url: str) -> Playground:
    """Serve the playground on ``app``; print the ready line once the page answers."""
    playground = mount_playground(app, setup)
    task = asyncio.create_task(_announce(page_url))
    _TASKS.add(task)
    task.add_done_callback(_TASKS.discard)
    return playground


async def _announce(url: str) -> None:
    async with httpx.AsyncClient(timeout=2.0) as client:
        for _ in range(600):
            try:
                if (await client.get(url)).status_code == 200:
                    print(f"subvault: ready — open the playground at {url}", flush=True)
                    return
            except httpx.HTTPError:
                pass
            await asyncio.sleep(0.05)
    log.warning("the playground at %s did not answer", url)
