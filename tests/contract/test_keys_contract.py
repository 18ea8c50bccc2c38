"""The key check value, the keyed audit chain and rotation on every store."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.crypto import CHECK_RECORD, KeyRing, read_key_file, write_key_file
from core.errors import KeyMismatch
from core.services import audit
from core.services.audit import AuditService, load_audit_key
from core.services.keys import reseal_all, verify_key_ring


async def test_sealed_values_are_stored_once(store):
    first = await store.transaction(lambda tx: tx.stock.init_sealed_value("k:a", "sv1.x.one"))
    again = await store.transaction(lambda tx: tx.stock.init_sealed_value("k:a", "sv1.x.two"))
    assert first == again == "sv1.x.one"
    assert await store.read(lambda tx: tx.stock.sealed_value("k:a")) == "sv1.x.one"
    assert await store.read(lambda tx: tx.stock.sealed_value("k:missing")) is None


async def test_the_check_value_catches_another_key_and_survives_rotation(store, keyring):
    await verify_key_ring(store, keyring)  # a new store gets its check value
    sealed = await store.read(lambda tx: tx.stock.sealed_value(CHECK_RECORD))
    assert sealed is not None and keyring.opens_check(sealed)
    with pytest.raises(KeyMismatch) as wrong:
        await verify_key_ring(store, KeyRing.generate())
    assert keyring.primary_id in str(wrong.value)
    rotated = keyring.with_new_key()
    counts = await reseal_all(store, rotated)
    assert counts["stock_keys"] >= 1
    resealed = await store.read(lambda tx: tx.stock.sealed_value(CHECK_RECORD))
    assert rotated.key_id_of(resealed) == rotated.primary_id
    await verify_key_ring(store, rotated)


async def test_the_audit_chain_is_keyed_and_older_entries_still_verify(store, keyring, clock):
    service = AuditService(store, clock)
    await service.record(actor="cli", action="legacy.entry")  # before the key existed
    key = await load_audit_key(store, keyring)
    assert key == await load_audit_key(store, keyring)  # the same key on every start
    entry = await service.record(actor="cli", action="keyed.entry")
    assert entry.hash.startswith("h1:")
    assert (await service.verify()).ok

    # A verifier without the key file cannot vouch for keyed entries.
    store.audit_key = None
    report = await service.verify()
    assert not report.ok and report.first_bad_seq == 2  # keyed entries need the key
    store.audit_key = key

    # Someone with write access but without the key file appends a plain SHA-256 entry.
    async def append_unkeyed(tx):
        store_key, tx.audit.chain_key = tx.audit.chain_key, None
        try:
            await audit.append(tx, clock, actor="forger", action="user.role", target="1")
        finally:
            tx.audit.chain_key = store_key

    await store.transaction(append_unkeyed)
    report = await service.verify()
    assert not report.ok and report.first_bad_seq == 3 and "unkeyed" in report.problem


def test_a_running_ring_learns_a_key_added_to_its_file(tmp_path: Path):
    path = tmp_path / "shop.keys"
    write_key_file(KeyRing.generate(), path)
    running = read_key_file(path)
    rotated = running.with_new_key()
    write_key_file(rotated, path, overwrite=True)
    sealed = rotated.seal("pw", record_id="itm_1", field="password")
    assert running.open(sealed, record_id="itm_1", field="password") == "pw"
    assert running.primary_id == rotated.primary_id
