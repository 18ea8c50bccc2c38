"""Key rotation: re-seal every stored secret under the key ring's newest key."""

from __future__ import annotations

import logging

from core.crypto import CHECK_RECORD, KeyRing
from core.errors import KeyMismatch
from core.storage.base import SealedSource, Store, Tx

log = logging.getLogger(__name__)
BATCH = 200


def _source(tx: Tx, name: str) -> SealedSource:
    return next(s for s in tx.sealed_sources() if s.name == name)


async def reseal_all(store: Store, ring: KeyRing, batch: int = BATCH) -> dict[str, int]:
    """Re-seal values not under the primary key, a batch per transaction; returns counts."""
    names = await store.read(lambda tx: _names(tx))
    counts: dict[str, int] = {}
    for name in names:
        after, changed = "", 0
        while True:
            async def unit(tx: Tx, after: str = after, name: str = name) -> tuple[str, int, int]:
                source = _source(tx, name)
                page = await source.sealed_page(after, batch)
                done = 0
                for record_id, field, sealed in page:
                    if ring.needs_rotation(sealed):
                        fresh = ring.reseal(sealed, record_id=record_id, field=field)
                        done += await source.replace_sealed(record_id, field, sealed, fresh)
                return (page[-1][0] if page else after), len(page), done

            after, seen, done = await store.transaction(unit)
            changed += done
            if seen < batch:
                break
        counts[name] = changed
        log.info("re-sealed %d value(s) in %s under key %s", changed, name, ring.primary_id)
    return counts


async def _names(tx: Tx) -> list[str]:
    return [source.name for source in tx.sealed_sources()]


async def verify_key_ring(store: Store, ring: KeyRing) -> None:
    """Prove that ``ring`` is the key ring this store's secrets were sealed with, before
    anything is sold or shown. The store keeps a sealed check value (written by ``db init``,
    or by the first start of a store that has none yet); a ring that cannot open it raises
    KeyMismatch naming the key ids. A store without a check value gets one only if the ring
    opens a stored secret (or none is stored yet)."""
    stored = await store.read(lambda tx: tx.stock.sealed_value(CHECK_RECORD))
    if stored is None:
        if not await _opens_a_stored_secret(store, ring):
            raise _mismatch(ring, "it cannot open the secrets in the store")
        stored = await store.transaction(
            lambda tx: tx.stock.init_sealed_value(CHECK_RECORD, ring.seal_check()))
    if not ring.opens_check(stored):
        raise _mismatch(ring, f"the store's secrets were sealed under key "
                              f"{ring.key_id_of(stored)}")


def _mismatch(ring: KeyRing, why: str) -> KeyMismatch:
    return KeyMismatch(f"the key ring ({', '.join(ring.key_ids)}) is not this store's: {why}",
                       key_ids=",".join(ring.key_ids))


async def _opens_a_stored_secret(store: Store, ring: KeyRing) -> bool:
    async def first(tx: Tx) -> tuple[str, str, str] | None:
        for source in tx.sealed_sources():
            page = await source.sealed_page("", 1)
            if page:
                return page[0]
        return None

    sample = await store.read(first)
    if sample is None:
        return True
    record_id, field, sealed = sample
    try:
        ring.open(sealed, record_id=record_id, field=field)
    except Exception:
        return False
    return True
