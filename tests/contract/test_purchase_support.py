"""Helpers shared by the shop contract tests (this module holds no tests)."""

from __future__ import annotations

import sqlite3

from core.bootstrap import Services
from core.models import Product
from core.services.stock import ImportReport
from core.storage import Store

TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # 160 bits


async def make_product(services: Services, **options) -> Product:
    fields = {"platform": "Netflix", "plan": "Premium 1 month", "price": 49_900,
              "duration_days": 30, **options}
    return await services.catalog.add(actor="test", **fields)


def credential_lines(count: int, *, prefix: str = "acct", with_totp: bool = False) -> str:
    lines = []
    for n in range(count):
        line = f"{prefix}{n}@example.com|pw-{prefix}-{n}|note {n}"
        lines.append(line + (f"|{TOTP_SECRET}" if with_totp else ""))
    return "\n".join(lines) + "\n"


async def stock(services: Services, product: Product, count: int, *, prefix: str = "acct",
                with_totp: bool = False) -> ImportReport:
    report = await services.stock.import_items(
        product.id, credential_lines(count, prefix=prefix, with_totp=with_totp), actor="test")
    assert report.added == count
    return report


async def fund(services: Services, user_id: int, amount: int) -> None:
    await services.wallet.credit(user_id, amount, key=f"seed:{user_id}:{amount}", reason="topup")


async def tamper_balance(store: Store, user_id: int) -> None:
    """Add one minor unit to a wallet's balance behind the ledger's back (a corrupted row)."""
    if store.kind == "sqlite":
        conn = sqlite3.connect(store.path)  # type: ignore[attr-defined]
        conn.execute("UPDATE wallets SET balance = balance + 1 WHERE user_id = ?", (user_id,))
        conn.commit()
        conn.close()
    else:
        await store.db.wallets.update_one(  # type: ignore[attr-defined]
            {"_id": user_id}, {"$inc": {"balance": 1}})
