"""Storage: the ``Store`` protocol and its SQLite and MongoDB adapters."""

from __future__ import annotations

from core.storage.base import Store, Tx

__all__ = ["Store", "Tx", "open_store"]


async def open_store(database_url: str, **options: object) -> Store:
    """Open (and initialise) the store named by ``database_url``."""
    if database_url.startswith("sqlite:///"):
        from core.storage.sqlite import SqliteStore

        store: Store = SqliteStore(database_url[len("sqlite:///"):], **options)  # type: ignore[arg-type]
    elif database_url.startswith(("mongodb://", "mongodb+srv://")):
        from core.storage.mongo import MongoStore

        store = MongoStore(database_url, **options)  # type: ignore[arg-type]
    else:
        from core.errors import StoreConfigError

        raise StoreConfigError("DATABASE_URL must start with sqlite:/// or mongodb://")
    await store.open()
    return store
