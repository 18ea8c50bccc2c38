"""The audit log: append-only, each entry chained to the previous one.

Entries written while the store holds the audit key (opened with the key ring at start) are
chained by HMAC-SHA256 and their hash reads ``h1:<hex>``: rewriting the chain then needs the key
file as well as write access to the database. Older entries (plain SHA-256) still verify; once a
keyed entry exists, an unkeyed one after it is reported as tampering."""

from __future__ import annotations

import dataclasses
import hashlib
import hmac
import json
import logging
from dataclasses import dataclass
from typing import Any

from core.clock import Clock, to_iso
from core.models import AuditEntry
from core.storage.base import Store, Tx

log = logging.getLogger(__name__)
PAGE = 500
KEYED = "h1:"  # hash prefix of HMAC-SHA256 entries
AUDIT_SECRET = "subvault:audit"  # noqa: S105 - the name of the sealed secret, not a secret


def chain_hash(*, seq: int, at: str, actor: str, action: str, target: str,
               details: dict[str, Any], prev_hash: str, key: bytes | None = None) -> str:
    body = json.dumps(
        {"seq": seq, "at": at, "actor": actor, "action": action, "target": target,
         "details": details, "prev": prev_hash},
        sort_keys=True, separators=(",", ":"), ensure_ascii=False,
    ).encode()
    if key is None:
        return hashlib.sha256(body).hexdigest()
    return KEYED + hmac.new(key, body, hashlib.sha256).hexdigest()


def entry_hash(entry: AuditEntry, key: bytes | None = None) -> str:
    return chain_hash(seq=entry.seq, at=to_iso(entry.at), actor=entry.actor,
                      action=entry.action, target=entry.target, details=entry.details,
                      prev_hash=entry.prev_hash, key=key)


async def load_audit_key(store: Store, ring: Any) -> bytes:
    """The store's audit key (created on first use), opened with the key ring and handed to
    the store so every unit of work chains its entries with it. ``ring`` is a KeyRing."""
    sealed = await store.transaction(
        lambda tx: tx.stock.init_sealed_value(AUDIT_SECRET, ring.seal_new_secret("audit")))
    key: bytes = ring.derive("audit", sealed)
    store.audit_key = key
    return key


async def append(tx: Tx, clock: Clock, *, actor: str, action: str, target: str = "",
                 details: dict[str, Any] | None = None) -> AuditEntry:
    """Append one entry inside the caller's unit of work. ``details`` must hold no secret."""
    seq, prev = await tx.audit.head()
    draft = AuditEntry(seq=seq + 1, at=clock.now(), actor=actor, action=action, target=target,
                       details=dict(details or {}), prev_hash=prev)
    entry = dataclasses.replace(draft, hash=entry_hash(draft, tx.audit.chain_key))
    await tx.audit.append(entry)
    return entry


@dataclass(frozen=True, slots=True)
class ChainReport:
    ok: bool
    checked: int
    first_bad_seq: int | None = None
    problem: str = ""


class AuditService:
    def __init__(self, store: Store, clock: Clock) -> None:
        self._store = store
        self._clock = clock

    async def record(self, *, actor: str, action: str, target: str = "",
                     details: dict[str, Any] | None = None) -> AuditEntry:
        async def unit(tx: Tx) -> AuditEntry:
            return await append(tx, self._clock, actor=actor, action=action, target=target,
                                details=details)

        return await self._store.transaction(unit)

    async def latest(self, limit: int = 20, action_prefix: str = "") -> list[AuditEntry]:
        return await self._store.read(lambda tx: tx.audit.latest(limit, action_prefix))

    async def verify(self) -> ChainReport:
        """Walk the whole chain; report the first entry that was changed, removed or added."""
        return await self._store.read(_verify_chain)


async def _verify_chain(tx: Tx) -> ChainReport:
    expected_seq, prev_hash, checked, keyed = 1, "", 0, False
    key = tx.audit.chain_key
    while True:
        page = await tx.audit.page(expected_seq - 1, PAGE)
        for entry in page:
            problem = _check(entry, expected_seq, prev_hash, key, keyed)
            if problem:
                return ChainReport(False, checked, problem[0], problem[1])
            keyed = keyed or entry.hash.startswith(KEYED)
            expected_seq, prev_hash, checked = expected_seq + 1, entry.hash, checked + 1
        if len(page) < PAGE:
            break
    head_seq, head_hash = await tx.audit.head()
    last_seq = expected_seq - 1
    if head_seq > last_seq:
        return ChainReport(False, checked, last_seq + 1,
                           f"entry {last_seq + 1} is missing (the chain head is at {head_seq})")
    if head_seq < last_seq:
        return ChainReport(False, checked, head_seq + 1,
                           f"entry {head_seq + 1} is beyond the chain head (inserted)")
    if head_hash != prev_hash:
        return ChainReport(False, checked, last_seq, f"entry {last_seq} does not match the head")
    return ChainReport(True, checked)


def _check(entry: AuditEntry, expected_seq: int, prev_hash: str, key: bytes | None,
           keyed: bool) -> tuple[int, str] | None:
    if entry.seq != expected_seq:
        return expected_seq, f"entry {expected_seq} is missing (found {entry.seq} next)"
    if entry.prev_hash != prev_hash:
        return entry.seq, f"entry {entry.seq} does not link to entry {entry.seq - 1}"
    if entry.hash.startswith(KEYED):
        if key is None:
            return entry.seq, f"entry {entry.seq} is keyed and the audit key is not loaded"
        expected = entry_hash(entry, key)
    elif keyed:
        return entry.seq, f"entry {entry.seq} was altered (unkeyed after keyed entries)"
    else:
        expected = entry_hash(entry)
    if not hmac.compare_digest(expected, entry.hash):
        return entry.seq, f"entry {entry.seq} was altered (its hash does not match)"
    return None
