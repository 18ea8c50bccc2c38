"""The catalog: plans on sale with price, duration, delivery, shared slots and 2FA policy."""

from __future__ import annotations

import dataclasses
import logging
from typing import Any

from core.clock import Clock
from core.errors import ProductNotFound, ValidationError, found
from core.ids import IdFactory
from core.models import Delivery, Product, TotpPolicy
from core.money import require_minor
from core.services import audit
from core.storage.base import Store, Tx

log = logging.getLogger(__name__)
EDITABLE = ("platform", "plan", "description", "price", "duration_days", "active", "sort_order",
            "low_stock_threshold", "delivery", "slots_per_item", "totp_policy", "qr_export_limit")
LIMITS = {"duration_days": (1, 3650), "slots_per_item": (1, 100), "qr_export_limit": (0, 100),
           "low_stock_threshold": (0, 100_000), "sort_order": (-1_000_000, 1_000_000)}


def _text(value: Any, name: str, high: int, *, required: bool) -> str:
    text = str(value or "").strip()
    if (required and not text) or len(text) > high:
        raise ValidationError(f"{name} must be {'1' if required else '0'}..{high} characters",
                              field=name)
    return text


def validate(product: Product) -> Product:
    """Normalise and check a product; ValidationError names the first bad field."""
    product.platform = _text(product.platform, "platform", 64, required=True)
    product.plan = _text(product.plan, "plan", 64, required=True)
    product.description = _text(product.description, "description", 1000, required=False)
    if require_minor(product.price) < 0:
        raise ValidationError("price cannot be negative", field="price")
    for name, (low, high) in LIMITS.items():
        value = require_minor(getattr(product, name))
        if not low <= value <= high:
            raise ValidationError(f"{name} must be from {low} to {high}", field=name)
    try:
        product.delivery = Delivery(product.delivery)
        product.totp_policy = TotpPolicy(product.totp_policy)
    except ValueError:
        raise ValidationError("delivery is auto or manual; totp_policy is none, codes or "
                              "codes_qr", field="delivery/totp_policy") from None
    product.active = bool(product.active)
    if product.totp_policy is TotpPolicy.CODES_AND_QR and product.qr_export_limit < 1:
        raise ValidationError("a plan with QR exports needs qr_export_limit >= 1",
                              field="qr_export_limit")
    return product


class CatalogService:
    def __init__(self, store: Store, clock: Clock, ids: IdFactory) -> None:
        self._store = store
        self._clock = clock
        self._ids = ids

    async def add(self, *, actor: str, platform: str, plan: str, price: int, duration_days: int,
                  **options: Any) -> Product:
        """Create a product (audited). ``options``: any other field of Product."""
        unknown = set(options) - set(EDITABLE)
        if unknown:
            raise ValidationError(f"unknown product field {sorted(unknown)[0]!r}")
        now = self._clock.now()
        product = validate(Product(id=self._ids.new("prd"), platform=platform, plan=plan,
                                   price=price, duration_days=duration_days, created_at=now,
                                   updated_at=now, **options))

        async def unit(tx: Tx) -> None:
            await tx.products.insert(product)
            await audit.append(tx, self._clock, actor=actor, action="product.add",
                               target=product.id, details=_public(product))

        await self._store.transaction(unit)
        log.info("product %s added by %s", product.id, actor)
        return product

    async def edit(self, product_id: str, *, actor: str, **changes: Any) -> Product:
        """Change some fields (audited with old and new values); ProductNotFound if unknown."""
        unknown = set(changes) - set(EDITABLE)
        if unknown:
            raise ValidationError(f"unknown product field {sorted(unknown)[0]!r}")

        async def unit(tx: Tx) -> Product:
            current = await tx.products.get(product_id)
            if current is None:
                raise ProductNotFound(f"no product {product_id}", product_id=product_id)
            before = _public(current)
            updated = validate(dataclasses.replace(current, **changes,
                                                   updated_at=self._clock.now()))
            after = _public(updated)
            diff = {k: [before[k], after[k]] for k in after if before[k] != after[k]}
            if diff:
                await tx.products.update(updated)
                await audit.append(tx, self._clock, actor=actor, action="product.edit",
                                   target=product_id, details=diff)
            return updated

        return await self._store.transaction(unit)

    async def get(self, product_id: str) -> Product:
        return found(await self._store.read(lambda tx: tx.products.get(product_id)),
                     ProductNotFound(f"no product {product_id}", product_id=product_id))

    async def list(self, *, active_only: bool = True) -> list[Product]:
        return await self._store.read(lambda tx: tx.products.list(active_only=active_only))


def _public(product: Product) -> dict[str, Any]:
    data = {name: getattr(product, name) for name in EDITABLE}
    data["delivery"] = product.delivery.value
    data["totp_policy"] = product.totp_policy.value
    return data
