"""AES-256-GCM with a key ring.

A sealed value is ``sv1.<key id>.<base64url(nonce || ciphertext+tag)>``. The nonce is 96 random
bits; the record id (plus the field name) is the associated data, so a ciphertext copied to another
record or field fails to open. Rotation re-seals under the newest key. Nothing here ever puts key
material or plaintext into a log line or an exception message.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import logging
import os
import re
import secrets
import stat
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from core.errors import CryptoError, DecryptionFailed, UnknownKeyId

log = logging.getLogger(__name__)
PREFIX = "sv1"
RELOAD_INTERVAL_S = 1.0  # an unknown key id re-reads the key file at most this often
CHECK_PLAINTEXT = "subvault key check v1"
CHECK_RECORD = "subvault:key-check"
_KEY_ID_RE = re.compile(r"^[A-Za-z0-9_-]{1,32}$")


def _b64e(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _b64d(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@dataclass(frozen=True, slots=True)
class _Key:
    key_id: str
    material: bytes = field(repr=False)  # never show the material


class KeyRing:
    """Ordered keys; the last one is the primary used for sealing."""

    def __init__(self, keys: list[tuple[str, bytes]]) -> None:
        if not keys:
            raise CryptoError("the key ring is empty")
        self._keys: dict[str, _Key] = {}
        for key_id, material in keys:
            if not _KEY_ID_RE.match(key_id):
                raise CryptoError(f"invalid key id {key_id[:32]!r}")
            if len(material) != 32:
                raise CryptoError(f"key {key_id!r} must be 32 bytes (AES-256)")
            if key_id in self._keys:
                raise CryptoError(f"duplicate key id {key_id!r}")
            self._keys[key_id] = _Key(key_id, material)
        self._primary = list(self._keys.values())[-1]
        self._source: Path | None = None  # the key file this ring reloads from
        self._reloaded_at = -1e9
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return f"KeyRing(key_ids={self.key_ids!r}, primary={self.primary_id!r})"

    @property
    def primary_id(self) -> str:
        return self._primary.key_id

    @property
    def key_ids(self) -> list[str]:
        return list(self._keys)

    @staticmethod
    def _aad(record_id: str, field: str) -> bytes:
        return f"{record_id}\x1f{field}".encode()

    def seal(self, plaintext: str, *, record_id: str, field: str = "") -> str:
        nonce = os.urandom(12)
        body = AESGCM(self._primary.material).encrypt(
            nonce, plaintext.encode(), self._aad(record_id, field)
        )
        return f"{PREFIX}.{self._primary.key_id}.{_b64e(nonce + body)}"

    def key_id_of(self, sealed: str) -> str:
        parts = sealed.split(".") if isinstance(sealed, str) else []
        if len(parts) != 3 or parts[0] != PREFIX:
            raise DecryptionFailed("not a sealed value")
        return parts[1]

    def open(self, sealed: str, *, record_id: str, field: str = "") -> str:
        key_id = self.key_id_of(sealed)
        key = self._keys.get(key_id)
        if key is None and self._reload():
            key = self._keys.get(key_id)
        if key is None:
            raise UnknownKeyId(f"sealed with unknown key id {key_id[:32]!r}", key_id=key_id[:32])
        try:
            raw = _b64d(sealed.split(".")[2])
        except (ValueError, TypeError):
            raise DecryptionFailed("sealed value is not valid base64") from None
        if len(raw) < 12 + 16:
            raise DecryptionFailed("sealed value is truncated")
        try:
            plain = AESGCM(key.material).decrypt(raw[:12], raw[12:], self._aad(record_id, field))
        except InvalidTag:
            raise DecryptionFailed(
                f"sealed value failed authentication for record {record_id!r} "
                "(tampered, or belongs to another record)",
                record_id=record_id,
            ) from None
        return plain.decode()

    def _reload(self) -> bool:
        """A value sealed under a key this process does not know: ``keys rotate`` may have
        added it to the key file since we started. Re-read the file (at most once a second)
        and take its keys if it still holds every key we know with the same material."""
        if self._source is None:
            return False
        with self._lock:
            now = time.monotonic()
            if now - self._reloaded_at < RELOAD_INTERVAL_S:
                return False
            self._reloaded_at = now
            try:
                fresh = read_key_file(self._source)
            except CryptoError as exc:
                log.error("could not reload the key file: %s", exc)
                return False
            if any(fresh._keys.get(k.key_id) != k for k in self._keys.values()):
                log.error("the key file %s no longer holds the keys this process uses; "
                          "not reloading it", self._source)
                return False
            added = [k for k in fresh._keys if k not in self._keys]
            self._keys = dict(fresh._keys)
            self._primary = fresh._primary
            if added:
                log.info("reloaded the key ring from %s: new key(s) %s, primary %s",
                         self._source, ", ".join(added), self._primary.key_id)
            return bool(added)

    def reloading_from(self, path: Path) -> KeyRing:
        """Re-read ``path`` when a value names an unknown key id (a rotation while we run)."""
        self._source = path
        return self

    # --- the check value: proves at start that this ring is the one the data was sealed with

    def seal_check(self) -> str:
        return self.seal(CHECK_PLAINTEXT, record_id=CHECK_RECORD, field="key")

    def opens_check(self, sealed: str) -> bool:
        try:
            return self.open(sealed, record_id=CHECK_RECORD, field="key") == CHECK_PLAINTEXT
        except CryptoError:
            return False

    def derive(self, purpose: str, sealed_secret: str) -> bytes:
        """A 32-byte key for ``purpose`` from a random secret kept sealed by this ring (so it
        survives rotation, and reading it needs the key file). Stored values are sealed for
        the record ``subvault:<purpose>`` and field ``key``, the layout of the store's sealed
        key table, so ``keys rotate`` re-seals them with the rest."""
        secret = self.open(sealed_secret, record_id=f"subvault:{purpose}", field="key")
        return hmac.new(_b64d(secret), purpose.encode(), hashlib.sha256).digest()

    def seal_new_secret(self, purpose: str) -> str:
        return self.seal(_b64e(os.urandom(32)), record_id=f"subvault:{purpose}", field="key")

    def needs_rotation(self, sealed: str) -> bool:
        return self.key_id_of(sealed) != self.primary_id

    def reseal(self, sealed: str, *, record_id: str, field: str = "") -> str:
        """Open with whichever key sealed it and seal again under the primary key."""
        return self.seal(self.open(sealed, record_id=record_id, field=field),
                         record_id=record_id, field=field)

    # --- serialisation -------------------------------------------------------------------------

    def to_json(self) -> str:
        return json.dumps(
            {"version": 1,
             "keys": [{"id": k.key_id, "key": _b64e(k.material)} for k in self._keys.values()]},
            indent=2,
        )

    @classmethod
    def from_json(cls, text: str) -> KeyRing:
        try:
            data = json.loads(text)
            keys = [(item["id"], _b64d(item["key"])) for item in data["keys"]]
        except (ValueError, KeyError, TypeError):
            raise CryptoError("the key file is not a valid subvault key file") from None
        return cls(keys)

    @classmethod
    def from_env(cls, text: str) -> KeyRing:
        """``ENCRYPTION_KEYS="k1:<base64url>,k2:<base64url>"``; the last one is primary."""
        keys = []
        for chunk in filter(None, (c.strip() for c in text.split(","))):
            key_id, sep, material = chunk.partition(":")
            if not sep:
                raise CryptoError("each key must be written as id:base64key")
            try:
                keys.append((key_id, _b64d(material)))
            except (ValueError, TypeError):
                raise CryptoError(f"key {key_id[:32]!r} is not valid base64") from None
        return cls(keys)

    def with_new_key(self) -> KeyRing:
        key_id = f"k{len(self._keys) + 1}-{secrets.token_hex(3)}"
        return KeyRing([(k.key_id, k.material) for k in self._keys.values()]
                       + [(key_id, AESGCM.generate_key(bit_length=256))])

    @classmethod
    def generate(cls) -> KeyRing:
        return cls([(f"k1-{secrets.token_hex(3)}", AESGCM.generate_key(bit_length=256))])


def write_key_file(ring: KeyRing, path: Path, *, overwrite: bool = False) -> None:
    """Write the ring with mode 0600 atomically (temp file + rename); refuse to clobber.

    Both files are opened with ``O_EXCL|O_NOFOLLOW``, so a symlink planted at either name is
    never followed; the rename replaces a link at ``path`` itself, not what it points to."""
    if os.path.lexists(path) and not overwrite:
        raise CryptoError(f"key file {path} already exists")
    tmp = path.with_name(path.name + ".tmp")
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(tmp, flags, stat.S_IRUSR | stat.S_IWUSR)
    except FileExistsError:  # a leftover (or planted) temp file: remove the name, try once
        os.unlink(tmp)
        fd = os.open(tmp, flags, stat.S_IRUSR | stat.S_IWUSR)
    try:
        os.fchmod(fd, stat.S_IRUSR | stat.S_IWUSR)
        with os.fdopen(fd, "w") as handle:
            handle.write(ring.to_json())
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        if os.path.lexists(tmp):
            os.unlink(tmp)
        raise


def check_key_file_mode(path: Path) -> None:
    """Refuse a key file that other users can read or write, saying how to fix it."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        raise CryptoError(f"key file {path} not found") from None
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise CryptoError(f"key file {path} can be read or written by other users (mode "
                          f"{stat.S_IMODE(mode):04o}); fix it with: chmod 600 {path}")


def read_key_file(path: Path) -> KeyRing:
    try:
        check_key_file_mode(path)
        text = path.read_text()
    except FileNotFoundError:
        raise CryptoError(f"key file {path} not found") from None
    except OSError as exc:
        raise CryptoError(f"key file {path} cannot be read: {exc.strerror}") from None
    return KeyRing.from_json(text).reloading_from(path)
