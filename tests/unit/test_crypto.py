from __future__ import annotations

import logging
import os
import stat

import pytest

from core.crypto import KeyRing, read_key_file, write_key_file
from core.errors import CryptoError, DecryptionFailed, UnknownKeyId


def _material(ring: KeyRing) -> list[str]:
    import json

    return [k["key"] for k in json.loads(ring.to_json())["keys"]]


def test_seal_open_round_trip_with_random_nonces():
    ring = KeyRing.generate()
    a = ring.seal("hunter2", record_id="stk_1", field="password")
    b = ring.seal("hunter2", record_id="stk_1", field="password")
    assert a != b, "every seal uses a fresh 96-bit nonce"
    assert "hunter2" not in a
    assert ring.open(a, record_id="stk_1", field="password") == "hunter2"


def test_tampered_ciphertext_is_refused_with_a_clear_error():
    ring = KeyRing.generate()
    sealed = ring.seal("secret", record_id="stk_1", field="password")
    body = sealed.split(".")[2]
    flipped = body[:-2] + ("A" if body[-2] != "A" else "B") + body[-1]
    with pytest.raises(DecryptionFailed, match="tampered"):
        ring.open(sealed.rsplit(".", 1)[0] + "." + flipped, record_id="stk_1", field="password")


def test_ciphertext_moved_to_another_record_or_field_fails():
    ring = KeyRing.generate()
    sealed = ring.seal("secret", record_id="stk_1", field="password")
    with pytest.raises(DecryptionFailed, match="another record"):
        ring.open(sealed, record_id="stk_2", field="password")
    with pytest.raises(DecryptionFailed):
        ring.open(sealed, record_id="stk_1", field="totp")


def test_unknown_key_id_is_named():
    sealed = KeyRing.generate().seal("secret", record_id="r")
    other = KeyRing.generate()
    with pytest.raises(UnknownKeyId, match="unknown key id"):
        other.open(sealed, record_id="r")


@pytest.mark.parametrize("garbage", ["", "plain", "sv1.k1", "sv1.k1.!!!", "sv1.k1.AAAA"])
def test_garbage_is_refused(garbage):
    ring = KeyRing([("k1", os.urandom(32))])
    with pytest.raises(CryptoError):
        ring.open(garbage, record_id="r")


def test_rotation_reseals_under_the_newest_key_and_old_values_still_open():
    old = KeyRing.generate()
    sealed = old.seal("secret", record_id="r", field="f")
    new = old.with_new_key()
    assert new.primary_id != old.primary_id and new.needs_rotation(sealed)
    fresh = new.reseal(sealed, record_id="r", field="f")
    assert new.key_id_of(fresh) == new.primary_id and not new.needs_rotation(fresh)
    assert new.open(fresh, record_id="r", field="f") == "secret"
    assert new.open(sealed, record_id="r", field="f") == "secret"


def test_no_key_material_in_repr_errors_or_logs(caplog):
    caplog.set_level(logging.DEBUG)
    ring = KeyRing.generate()
    sealed = ring.seal("secret", record_id="r")
    texts = [repr(ring), str(ring)]
    for attempt in (lambda: ring.open(sealed, record_id="x"),
                    lambda: KeyRing.generate().open(sealed, record_id="r")):
        with pytest.raises(CryptoError) as info:
            attempt()
        texts += [str(info.value), repr(info.value)]
    logging.getLogger("test").info("ring %s", ring)
    texts += [r.getMessage() for r in caplog.records]
    for material in _material(ring):
        assert not any(material in t for t in texts)
    assert not any("secret" in t for t in texts)


def test_key_file_is_written_0600_and_never_clobbered(tmp_path):
    path = tmp_path / "subvault.keys"
    ring = KeyRing.generate()
    write_key_file(ring, path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert read_key_file(path).primary_id == ring.primary_id
    with pytest.raises(CryptoError, match="already exists"):
        write_key_file(KeyRing.generate(), path)
    assert read_key_file(path).primary_id == ring.primary_id


def test_env_key_ring_uses_the_last_key_as_primary():
    import base64

    a, b = (base64.urlsafe_b64encode(os.urandom(32)).decode() for _ in range(2))
    ring = KeyRing.from_env(f"old:{a}, new:{b}")
    assert ring.key_ids == ["old", "new"] and ring.primary_id == "new"
    with pytest.raises(CryptoError, match="32 bytes"):
        KeyRing.from_env("short:AAAA")
