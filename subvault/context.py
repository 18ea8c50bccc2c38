"""What every command shares: settings, the key ring, the services, and clean failure."""

from __future__ import annotations

import asyncio
import logging
import sys
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import NoReturn, TypeVar

from core.bootstrap import Services, open_services
from core.config import Settings, SettingsError, load_key_ring, load_settings
from core.crypto import KeyRing, write_key_file
from core.errors import DomainError, SchemaTooNew, StoreConfigError, StoreUnavailable
from core.storage import Store, open_store

T = TypeVar("T")
log = logging.getLogger("subvault")

EXIT_FAILURE = 1
EXIT_USAGE = 2


def fail(message: str, code: int = EXIT_USAGE) -> NoReturn:
    print(f"subvault: {message}", file=sys.stderr)
    raise SystemExit(code)


def settings_or_exit() -> Settings:
    try:
        return load_settings()
    except SettingsError as exc:
        fail(str(exc))


def configure_logging(settings: Settings) -> None:
    logging.basicConfig(
        level=settings.log_level,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )


def keyring_or_exit(settings: Settings, *, create_for_new_sqlite: bool = False) -> KeyRing:
    """Load the key ring. On a brand-new embedded database (no file yet) a missing key file is
    created, so a first local run needs no setup; anywhere else a missing key stops us."""
    sqlite_path = settings.sqlite_path
    if (create_for_new_sqlite and settings.encryption_keys is None
            and not settings.keys_file.exists() and sqlite_path is not None
            and not sqlite_path.exists()):
        ring = KeyRing.generate()
        write_key_file(ring, settings.keys_file)
        log.warning("created a new key file at %s (mode 0600): back it up; without it the "
                    "stored credentials cannot be read", settings.keys_file)
        return ring
    try:
        return load_key_ring(settings)
    except SettingsError as exc:
        fail(f"{exc} (create one with: subvault keys generate)")


async def _open_or_exit(opening: Awaitable[T]) -> T:
    """Await what opens the store; a store that cannot be used ends the command in one line."""
    try:
        return await opening
    except SchemaTooNew as exc:
        fail(str(exc))
    except StoreConfigError as exc:
        fail(f"setting DATABASE_URL: {exc}")
    except StoreUnavailable as exc:
        fail(f"store unavailable: {exc}", EXIT_FAILURE)


@asynccontextmanager
async def services_for(settings: Settings, keyring: KeyRing) -> AsyncIterator[Services]:
    services = await _open_or_exit(open_services(settings, keyring))
    try:
        yield services
    finally:
        await services.close()


@asynccontextmanager
async def store_for(settings: Settings) -> AsyncIterator[Store]:
    """The store alone (opened, so migrated), for tasks that need no keys."""
    store = await _open_or_exit(open_store(settings.database_url))
    try:
        yield store
    finally:
        await store.close()


def run_async(fn: Callable[[], Awaitable[T]]) -> T:
    try:
        return asyncio.run(fn())
    except DomainError as exc:
        fail(str(exc), EXIT_FAILURE)
    except KeyboardInterrupt:
        raise SystemExit(130) from None


def with_services(settings: Settings, fn: Callable[[Services], Awaitable[T]], *,
                  create_keys: bool = False) -> T:
    keyring = keyring_or_exit(settings, create_for_new_sqlite=create_keys)

    async def main() -> T:
        async with services_for(settings, keyring) as services:
            return await fn(services)

    return run_async(main)
