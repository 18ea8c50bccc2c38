"""The demo shop for local mode: a few plans with demo credentials (TOTP-enabled), a plan with
shared seats, a coupon and one plan delivered by hand, so the playground has something to sell.

Only local mode calls it (``subvault run`` without bot tokens, ``subvault demo reset``): the
caller decides that, this module only refuses to seed a shop that already has products. The
demo credentials are made-up accounts on ``example.com`` whose TOTP secrets are fixed here, so a
tester can check a code the bot shows (``pyotp.TOTP(secret).now()``).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from core.models import Coupon, CouponKind, Delivery, TotpPolicy
from core.services.catalog import CatalogService
from core.services.coupons import CouponService
from core.services.stock import StockService

log = logging.getLogger(__name__)

DEMO_ACTOR = "demo"
DEMO_COUPON = "WELCOME10"  # 10 % off, once per customer


@dataclass(frozen=True, slots=True)
class DemoCredential:
    login: str
    password: str
    notes: str
    totp: str  # base32 secret

    def __repr__(self) -> str:  # the same rule as real credentials: no secret in a repr
        return f"DemoCredential(login={self.login!r})"


@dataclass(frozen=True, slots=True)
class DemoPlan:
    platform: str
    plan: str
    price: int  # minor units of the shop currency
    duration_days: int
    description: str
    delivery: Delivery = Delivery.AUTO
    slots_per_item: int = 1
    totp_policy: TotpPolicy = TotpPolicy.NONE
    qr_export_limit: int = 0
    credentials: tuple[DemoCredential, ...] = field(default=())


DEMO_PLANS: tuple[DemoPlan, ...] = (
    DemoPlan(
        "StreamMax", "Premium 4K", 29_900, 30, "4K streaming, 4 screens, demo account",
        totp_policy=TotpPolicy.CODES_AND_QR, qr_export_limit=3,
        credentials=(
            DemoCredential("viewer1@streammax.example.com", "demo-Stream-41", "profile 1",
                           "STREAMMAXDEMOONEAAAAAAAAAAAAAAAA"),
            DemoCredential("viewer2@streammax.example.com", "demo-Stream-42", "profile 2",
                           "STREAMMAXDEMOTWOAAAAAAAAAAAAAAAA"),
            DemoCredential("viewer3@streammax.example.com", "demo-Stream-43", "profile 3",
                           "STREAMMAXDEMOTHREEAAAAAAAAAAAAAA"),
        ),
    ),
    DemoPlan(
        "TuneBox", "Family seat", 14_900, 30, "One of 4 seats on a shared family plan",
        slots_per_item=4, totp_policy=TotpPolicy.CODES,
        credentials=(
            DemoCredential("family@tunebox.example.com", "demo-Tune-77", "shared family plan",
                           "TUNEBOXDEMOFAMILYAAAAAAAAAAAAAAA"),
        ),
    ),
    DemoPlan(
        "CloudVault", "2 TB", 19_900, 90, "2 TB of storage for 3 months",
        totp_policy=TotpPolicy.CODES_AND_QR, qr_export_limit=1,
        credentials=(
            DemoCredential("owner1@cloudvault.example.com", "demo-Cloud-11", "",
                           "CLOUDVAULTDEMOONEAAAAAAAAAAAAAAA"),
            DemoCredential("owner2@cloudvault.example.com", "demo-Cloud-12", "",
                           "CLOUDVAULTDEMOTWOAAAAAAAAAAAAAAA"),
        ),
    ),
    DemoPlan(
        "DesignKit", "Pro team", 49_900, 30, "Set up by our team within a day",
        delivery=Delivery.MANUAL,
    ),
)


def demo_credential(login: str) -> DemoCredential | None:
    """The demo credential with this login (tests use it to check a TOTP code)."""
    for plan in DEMO_PLANS:
        for credential in plan.credentials:
            if credential.login == login:
                return credential
    return None


def _csv(credentials: tuple[DemoCredential, ...]) -> str:
    lines = ["login,password,notes,totp"]
    lines += [f"{c.login},{c.password},{c.notes},{c.totp}" for c in credentials]
    return "\n".join(lines) + "\n"


class DemoShop:
    """Seeds the demo catalog, stock and coupon through the ordinary services (audited as
    ``demo``)."""

    def __init__(self, catalog: CatalogService, stock: StockService,
                 coupons: CouponService) -> None:
        self._catalog = catalog
        self._stock = stock
        self._coupons = coupons

    async def is_empty(self) -> bool:
        return not await self._catalog.list(active_only=False)

    async def seed_if_empty(self) -> bool:
        """Seed when the shop has no product at all (a first start); True if it seeded."""
        if not await self.is_empty():
            return False
        await self.seed()
        return True

    async def seed(self) -> list[str]:
        """Add the demo plans, their stock and the coupon; returns the product ids."""
        ids: list[str] = []
        for order, plan in enumerate(DEMO_PLANS):
            product = await self._catalog.add(
                actor=DEMO_ACTOR, platform=plan.platform, plan=plan.plan, price=plan.price,
                duration_days=plan.duration_days, description=plan.description,
                delivery=plan.delivery, slots_per_item=plan.slots_per_item,
                totp_policy=plan.totp_policy, qr_export_limit=plan.qr_export_limit,
                sort_order=order * 10, low_stock_threshold=1)
            if plan.credentials:
                report = await self._stock.import_items(product.id, _csv(plan.credentials),
                                                        actor=DEMO_ACTOR, fmt="csv", strict=True)
                if report.added != len(plan.credentials):
                    raise RuntimeError(f"demo stock for {product.title} was not imported")
            ids.append(product.id)
        await self._coupons.add(Coupon(code=DEMO_COUPON, kind=CouponKind.PERCENT, value=1000,
                                       per_user_limit=1), actor=DEMO_ACTOR)
        log.info("demo shop seeded: %d plans and coupon %s", len(ids), DEMO_COUPON)
        return ids
