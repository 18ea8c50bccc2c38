"""The composition root: builds the store and services once; entrypoints hand them over."""

from __future__ import annotations

from dataclasses import dataclass

from core.clock import Clock, SystemClock
from core.config import Settings
from core.crypto import KeyRing
from core.ids import IdFactory, RandomIds
from core.services.audit import AuditService
from core.services.notify import OutboxService
from core.services.users import UserService
from core.services.wallet import WalletService
from core.storage import Store, open_store

LANGUAGES: tuple[str, ...] = ("en", "hi", "ru", "bg")


@dataclass
class Services:
    settings: Settings
    store: Store
    keyring: KeyRing
    clock: Clock
    ids: IdFactory
    users: UserService
    wallet: WalletService
    audit: AuditService
    outbox: OutboxService

    async def close(self) -> None:
        await self.store.close()


def build_services(settings: Settings, store: Store, keyring: KeyRing, *,
                   clock: Clock | None = None, ids: IdFactory | None = None) -> Services:
    clock = clock or SystemClock()
    ids = ids or RandomIds()
    return Services(
        settings=settings, store=store, keyring=keyring, clock=clock, ids=ids,
        users=UserService(store, clock, languages=LANGUAGES,
                          default_language=settings.default_language),
        wallet=WalletService(store, clock, ids, settings.currency),
        audit=AuditService(store, clock),
        outbox=OutboxService(store, clock),
    )


async def open_services(settings: Settings, keyring: KeyRing, *, clock: Clock | None = None,
                        ids: IdFactory | None = None) -> Services:
    store = await open_store(settings.database_url)
    return build_services(settings, store, keyring, clock=clock, ids=ids)
