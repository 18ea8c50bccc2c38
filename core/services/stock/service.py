"""Credential stock: imports with a validation report, listing without secrets, revoking and
replacing a broken credential of a live subscription."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime

from core.clock import Clock
from core.crypto import KeyRing
from core.errors import (
    NotFound,
    OutOfStock,
    ProductNotFound,
    SubscriptionNotActive,
    SubscriptionNotFound,
    ValidationError,
    found,
)
from core.ids import IdFactory
from core.models import (
    Delivery,
    Product,
    StockItem,
    StockLevel,
    StockStatus,
    Subscription,
    SubscriptionStatus,
)
from core.services import audit
from core.services.notify import enqueue
from core.services.stock.importer import ImportLine, LineProblem, parse_import
from core.services.stock.sealing import fingerprint, fingerprint_key, seal_item
from core.storage.base import Store, Tx

log = logging.getLogger(__name__)
# The customer bot's "Show credentials" button, packed like its callback data ``s:creds:<sub>``.
CUSTOMER_CREDENTIALS_CALLBACK = "s:creds:{sub}"


@dataclass(frozen=True, slots=True)
class ImportReport:
    product_id: str
    batch: str
    new: int  # good lines not in stock yet
    added: int  # items stored: ``new``, or 0 for a dry run or a strict import with errors
    duplicates: list[LineProblem] = field(default_factory=list)
    errors: list[LineProblem] = field(default_factory=list)
    written: bool = True
    item_ids: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass(frozen=True, slots=True)
class StockEntry:
    """What staff may see of an item: no login, password, notes or 2FA."""

    id: str
    product_id: str
    status: StockStatus
    slots_total: int
    slots_used: int
    has_totp: bool
    batch: str
    revoked_reason: str
    created_at: datetime


def entry_of(item: StockItem) -> StockEntry:
    return StockEntry(item.id, item.product_id, item.status, item.slots_total, item.slots_used,
                      item.has_totp, item.batch, item.revoked_reason, item.created_at)


class StockService:
    def __init__(self, store: Store, clock: Clock, ids: IdFactory, keyring: KeyRing) -> None:
        self._store = store
        self._clock = clock
        self._ids = ids
        self._ring = keyring

    async def _product(self, product_id: str) -> Product:
        product = found(await self._store.read(lambda tx: tx.products.get(product_id)),
                        ProductNotFound(f"no product {product_id}", product_id=product_id))
        if product.delivery is Delivery.MANUAL:
            raise ValidationError("this product is delivered by hand; it keeps no stock",
                                  reason="manual-delivery")
        return product

    async def import_items(self, product_id: str, text: str, *, actor: str, fmt: str = "auto",
                           strict: bool = False, dry_run: bool = False) -> ImportReport:
        """Add every good line once (one transaction); report bad lines and duplicates by line
        number. ``strict``: add nothing if any line is bad. ``dry_run``: only report."""
        good, errors = parse_import(text, fmt)
        product = await self._product(product_id)
        key = await fingerprint_key(self._store, self._ring)
        batch = self._ids.new("imp")
        unique, duplicates = _dedupe_in_file(good, key, product_id)
        write = not dry_run and not (strict and errors)
        now = self._clock.now()
        items = [self._seal(line, fp, product, now, batch) for line, fp in unique] if write else []

        async def unit(tx: Tx) -> tuple[list[StockItem], list[LineProblem]]:
            if await tx.products.get(product_id) is None:
                raise ProductNotFound(f"no product {product_id}", product_id=product_id)
            known = await tx.stock.live_fingerprints(product_id, [fp for _, fp in unique])
            skipped = [LineProblem(line.line_no, "already-in-stock")
                       for line, fp in unique if fp in known]
            fresh = [i for i in items if i.fingerprint not in known]
            if fresh:
                await tx.stock.insert_many(fresh)
                await audit.append(tx, self._clock, actor=actor, action="stock.import",
                                   target=product_id,
                                   details={"batch": batch, "added": len(fresh),
                                            "duplicates": len(duplicates) + len(skipped),
                                            "errors": len(errors)})
            return fresh, skipped

        fresh, skipped = await self._store.transaction(unit)
        report = ImportReport(product_id, batch if fresh else "", len(unique) - len(skipped),
                              len(fresh), sorted(duplicates + skipped, key=lambda p: p.line_no),
                              errors, written=write, item_ids=[i.id for i in fresh])
        log.info("stock import %s product=%s by %s: added=%d duplicates=%d errors=%d written=%s",
                 batch, product_id, actor, report.added, len(report.duplicates), len(errors),
                 write)
        return report

    def _seal(self, line: ImportLine, fp: str, product: Product, now: datetime,
              batch: str) -> StockItem:
        return seal_item(self._ring, item_id=self._ids.new("itm"), product_id=product.id,
                         login=line.login, password=line.password, notes=line.notes,
                         totp=line.totp, fingerprint_hex=fp, slots_total=product.slots_per_item,
                         now=now, batch=batch)

    async def list_items(self, product_id: str, status: StockStatus | None = None,
                         limit: int = 100, offset: int = 0) -> list[StockEntry]:
        items = await self._store.read(
            lambda tx: tx.stock.list(product_id, status, limit, offset))
        return [entry_of(i) for i in items]

    async def levels(self, product_ids: list[str] | None = None) -> list[StockLevel]:
        return await self._store.read(lambda tx: tx.stock.levels(product_ids))

    async def low_stock(self) -> list[tuple[Product, StockLevel]]:
        """Active auto-delivered products whose free slots are at or below their threshold."""
        async def unit(tx: Tx) -> list[tuple[Product, StockLevel]]:
            products = [p for p in await tx.products.list(active_only=True)
                        if p.delivery is Delivery.AUTO]
            levels = {lv.product_id: lv for lv in await tx.stock.levels([p.id for p in products])}
            out = []
            for p in products:
                level = levels.get(p.id, StockLevel(p.id, 0, 0, 0, 0))
                if level.free_slots <= p.low_stock_threshold:
                    out.append((p, level))
            return out

        return await self._store.read(unit)

    async def revoke(self, item_id: str, *, actor: str, reason: str = "") -> list[Subscription]:
        """Never sell the item again (audited); returns the active subscriptions still using it,
        which staff replace with ``replace_credential``."""
        now = self._clock.now()

        async def unit(tx: Tx) -> list[Subscription]:
            item = await tx.stock.get(item_id)
            if item is None:
                raise NotFound(f"no stock item {item_id}", item_id=item_id)
            if await tx.stock.revoke(item_id, reason, now):
                await audit.append(tx, self._clock, actor=actor, action="stock.revoke",
                                   target=item_id, details={"reason": reason[:200]})
            return [s for s in await tx.subscriptions.on_item(item_id)
                    if s.status is SubscriptionStatus.ACTIVE]

        return await self._store.transaction(unit)

    async def replace_credential(self, subscription_id: str, *, actor: str,
                                 reason: str = "broken") -> Subscription:
        """Give a live subscription a fresh credential from stock; the old item is revoked and
        the customer is told through the outbox. OutOfStock changes nothing."""
        now = self._clock.now()

        async def unit(tx: Tx) -> Subscription:
            sub = await tx.subscriptions.get(subscription_id)
            if sub is None:
                raise SubscriptionNotFound(f"no subscription {subscription_id}")
            if sub.status is not SubscriptionStatus.ACTIVE:
                raise SubscriptionNotActive("only an active subscription gets a new credential",
                                            status=sub.status.value)
            product = await tx.products.get(sub.product_id)
            assert product is not None
            old = sub.stock_item_id
            if old:
                await tx.stock.revoke(old, reason, now)
            item = await tx.stock.claim(sub.product_id, now)
            if item is None:
                raise OutOfStock("no credential left to replace with", product_id=product.id)
            sub.stock_item_id, sub.updated_at = item.id, now
            await tx.subscriptions.update(sub)
            await enqueue(tx, self._clock, self._ids, key=f"sub:{sub.id}:replaced:{item.id}",
                          template="credential-replaced", chat_id=sub.user_id,
                          params={"subscription_id": sub.id, "platform": product.platform,
                                  "plan": product.plan},
                          options={"reply_markup": [[{
                              "text_key": "btn-credentials",
                              "callback_data": CUSTOMER_CREDENTIALS_CALLBACK.format(sub=sub.id),
                          }]]})
            await audit.append(tx, self._clock, actor=actor, action="stock.replace",
                               target=sub.id, details={"old_item": old, "new_item": item.id,
                                                       "reason": reason[:200]})
            return sub

        sub = await self._store.transaction(unit)
        log.info("credential of subscription %s replaced with item %s by %s", sub.id,
                 sub.stock_item_id, actor)
        return sub


def _dedupe_in_file(lines: list[ImportLine], key: bytes, product_id: str
                    ) -> tuple[list[tuple[ImportLine, str]], list[LineProblem]]:
    first: dict[str, int] = {}
    unique: list[tuple[ImportLine, str]] = []
    duplicates: list[LineProblem] = []
    for line in lines:
        fp = fingerprint(key, product_id, line.login)
        if fp in first:
            duplicates.append(LineProblem(line.line_no, "same-login", {"first": first[fp]}))
        else:
            first[fp] = line.line_no
            unique.append((line, fp))
    return unique, duplicates
