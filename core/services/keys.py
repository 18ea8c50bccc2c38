"""Key rotation: re-seal every stored secret under the key ring's newest key."""

from __future__ import annotations

import logging

from core.crypto import KeyRing
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
