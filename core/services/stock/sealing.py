"""Sealing credential items and fingerprinting logins for duplicate detection.

Fingerprints: HMAC-SHA256 over ``product id + login`` (trimmed, case-folded) under a random
32-byte *fingerprint key*. That key is created on the first import and stored in the database
sealed with the key ring (record ``stock-fingerprint-key``, field ``key``); ``keys rotate``
re-seals it like any other secret (it is the ``stock_keys`` SealedSource). So the fingerprint key
never changes when the key ring rotates — even after an old ring key is retired — and duplicates
keep being found without decrypting any stored login. A stolen database alone reveals neither the
key nor, through the fingerprints, the logins.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
from datetime import datetime

from core.crypto import KeyRing
from core.models import StockItem, StockStatus
from core.storage.base import Store

FINGERPRINT_RECORD = "stock-fingerprint-key"  # the row id in stock_keys (both adapters)
FINGERPRINT_FIELD = "key"


def fingerprint(key: bytes, product_id: str, login: str) -> str:
    message = f"{product_id}\x1f{login.strip().casefold()}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


async def fingerprint_key(store: Store, ring: KeyRing) -> bytes:
    """The import fingerprint key, created (sealed) on first use."""
    sealed = await store.read(lambda tx: tx.stock.fingerprint_key())
    if sealed is None:
        fresh = ring.seal(base64.urlsafe_b64encode(os.urandom(32)).decode(),
                          record_id=FINGERPRINT_RECORD, field=FINGERPRINT_FIELD)
        sealed = await store.transaction(lambda tx: tx.stock.init_fingerprint_key(fresh))
    text = ring.open(sealed, record_id=FINGERPRINT_RECORD, field=FINGERPRINT_FIELD)
    return base64.urlsafe_b64decode(text)


def seal_item(ring: KeyRing, *, item_id: str, product_id: str, login: str, password: str,
              notes: str, totp: str, fingerprint_hex: str, slots_total: int, now: datetime,
              batch: str = "", sold: bool = False) -> StockItem:
    """A new stock item whose secret fields are sealed to ``item_id`` and the field name."""
    def seal(value: str, field: str) -> str:
        return ring.seal(value, record_id=item_id, field=field) if value else ""

    return StockItem(
        id=item_id, product_id=product_id, login=seal(login, "login"),
        password=seal(password, "password"), notes=seal(notes, "notes"),
        totp=seal(totp, "totp"), fingerprint=fingerprint_hex, slots_total=slots_total,
        slots_used=slots_total if sold else 0,
        status=StockStatus.SOLD if sold else StockStatus.AVAILABLE,
        created_at=now, updated_at=now, batch=batch,
    )


def open_field(ring: KeyRing, item: StockItem, field: str) -> str:
    sealed = getattr(item, field)
    return ring.open(sealed, record_id=item.id, field=field) if sealed else ""
