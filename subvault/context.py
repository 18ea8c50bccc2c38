"""What every command shares: settings, the key ring, the services, and clean failure."""

from __future__ import annotations

import asyncio
import logging
import socket
import sys
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import NoReturn, TypeVar
from urllib.parse import urlsplit

from core.bootstrap import Services, open_services
from core.config import Settings, SettingsError, load_key_ring, load_settings
from core.crypto import KeyRing, write_key_file
from core.errors import (
    DomainError,
    KeyMismatch,
    SchemaTooNew,
    StoreConfigError,
    StoreUnavailable,
)
from core.hosts import is_loopback
from core.services.audit import load_audit_key
from core.services.keys import verify_key_ring
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


def check_sandbox(settings: Settings, *, local: bool) -> None:
    """The sandbox gateway credits wallets for free: it only ever runs on this machine.

    Refused (one line, exit 2) when it is on with a bot token set or a public base URL that is
    not a loopback address; local mode (no token, sandbox on) also needs a loopback API_HOST and
    the default SQLite file, so it never serves a real shop's data to the network."""
    default_db = Settings.model_fields["database_url"].default
    if local:
        if not is_loopback(settings.api_host):
            fail(f"local mode (no CUSTOMER_BOT_TOKEN) runs the sandbox gateway and starts only "
                 f"with a loopback API_HOST, not {settings.api_host}")
        if settings.database_url != default_db:
            fail(f"local mode (no CUSTOMER_BOT_TOKEN) runs the sandbox gateway and starts only "
                 f"with the default DATABASE_URL {default_db}; set CUSTOMER_BOT_TOKEN to use "
                 f"another database")
        return
    if not settings.sandbox_gateway:
        return
    if settings.customer_bot_token is not None or settings.admin_bot_token is not None:
        fail("setting SANDBOX_GATEWAY: the sandbox credits wallets for free and cannot run "
             "with a bot token set; turn it off")
    public = urlsplit(settings.public_base_url).hostname or ""
    if not is_loopback(public):
        fail(f"setting SANDBOX_GATEWAY: the sandbox credits wallets for free and cannot run "
             f"with a PUBLIC_BASE_URL that is not a loopback address ({public}); turn it off")


def check_ports(ports: list[tuple[str, str, int]]) -> None:
    """Stop with one line naming the setting when a port we are about to serve is taken (a
    second ``subvault run``, say), before anything else starts. ``ports``: (setting, host,
    port). SO_REUSEADDR as the servers use it, so only a listening socket counts as taken."""
    for setting, host, port in ports:
        family = socket.AF_INET6 if ":" in host.strip("[]") else socket.AF_INET
        with socket.socket(family, socket.SOCK_STREAM) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                probe.bind((host.strip("[]"), port))
            except OSError:
                fail(f"port {port} on {host} ({setting}) is already in use — is another "
                     f"`subvault run` running? Stop it or set {setting} to a free port")


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
        hint = " (create one with: subvault keys generate)" if "not found" in str(exc) else ""
        fail(f"{exc}{hint}")


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
    """Open the store and services, after proving the key ring is this store's (every start
    and every command: a wrong key file stops here with one line, before anything is sold)."""
    services = await _open_or_exit(open_services(settings, keyring))
    try:
        await verify_key_ring(services.store, keyring)
        await load_audit_key(services.store, keyring)
    except KeyMismatch as exc:
        await services.close()
        source = "ENCRYPTION_KEYS" if settings.encryption_keys is not None \
            else f"KEYS_FILE {settings.keys_file}"
        fail(f"{source}: {exc}; use the key file this store was created with")
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
