"""``subvault keys generate|rotate``: the AES-256-GCM key ring."""

from __future__ import annotations

import argparse
from pathlib import Path

from core.config import Settings, load_key_ring
from core.crypto import KeyRing, write_key_file
from core.errors import CryptoError
from core.services.keys import reseal_all
from subvault.context import EXIT_FAILURE, fail, run_async, services_for


def _generate(settings: Settings, args: argparse.Namespace) -> int:
    path = Path(args.path or settings.keys_file)
    try:
        write_key_file(KeyRing.generate(), path, overwrite=args.force)
    except CryptoError as exc:
        fail(f"{exc} (use --force to replace it; the old key's data becomes unreadable)")
    except OSError as exc:
        fail(f"cannot write {path}: {exc.strerror}", EXIT_FAILURE)
    print(f"wrote a new key file to {path} (mode 0600); keep a backup of it")
    return 0


def _rotate(settings: Settings, args: argparse.Namespace) -> int:
    """Verify the current ring against the store first (services_for stops on a wrong one),
    then write the new key, re-seal, and audit it. Running bots pick the new key up from the
    key file the first time they meet a value sealed under it."""
    try:
        ring = load_key_ring(settings)
    except Exception as exc:  # SettingsError: one line, no traceback
        fail(str(exc))

    async def main() -> tuple[KeyRing, dict[str, int]]:
        async with services_for(settings, ring) as services:  # verifies the ring first
            current = ring
            if settings.encryption_keys is None:
                current = ring.with_new_key()
                write_key_file(current, settings.keys_file, overwrite=True)
                print(f"added key {current.primary_id} to {settings.keys_file}; it is now "
                      "the primary")
            else:
                print(f"ENCRYPTION_KEYS is set: re-sealing under its last key "
                      f"{current.primary_id} (add a new key there first to rotate)")
            counts = await reseal_all(services.store, current)
            await services.audit.record(
                actor="cli", action="keys.rotate", target=current.primary_id,
                details={"previous": ring.primary_id, "resealed": sum(counts.values()),
                         "source": "ENCRYPTION_KEYS" if settings.encryption_keys is not None
                         else "KEYS_FILE"})
            return current, counts

    current, counts = run_async(main)
    total = sum(counts.values())
    detail = ", ".join(f"{name}: {n}" for name, n in counts.items()) or "nothing sealed yet"
    print(f"re-sealed {total} value(s) under {current.primary_id} ({detail})")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    keys = sub.add_parser("keys", help="encryption keys")
    tasks = keys.add_subparsers(dest="task", metavar="TASK", required=True)
    gen = tasks.add_parser("generate", help="write a new key file with mode 0600")
    gen.add_argument("--path", help="where to write it (default: KEYS_FILE)")
    gen.add_argument("--force", action="store_true", help="replace an existing file")
    gen.set_defaults(handler=_generate)
    rot = tasks.add_parser("rotate", help="add a new primary key and re-seal every secret")
    rot.set_defaults(handler=_rotate)

