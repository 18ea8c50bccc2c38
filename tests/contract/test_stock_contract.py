"""Credential stock on every store: imports with a report, dedupe, sealing, rotation, revoke and
replace."""

from __future__ import annotations

import asyncio
import dataclasses
import json
import sqlite3

import pytest

from core.bootstrap import Services, build_services
from core.crypto import KeyRing
from core.errors import OutOfStock, ProductNotFound, ValidationError
from core.ids import SequentialIds
from core.models import Delivery, StockStatus
from core.services.keys import reseal_all
from core.storage import open_store
from tests.contract.test_purchase_support import (
    TOTP_SECRET,
    credential_lines,
    fund,
    make_product,
    stock,
)

MIXED = """# pasted by staff
alice@example.com:pa:ss:word
bob@example.com
carol@example.com|pw-carol|vip|not-base32!
dave@example.com|pw-dave|note|JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP

:no-login
ALICE@example.com:another-password
erin@example.com|pw-erin||otpauth://totp/X:erin?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&digits=8
"""


async def test_bad_lines_are_reported_by_number_and_a_reimport_adds_nothing(services: Services):
    product = await make_product(services)
    first = await services.stock.import_items(product.id, MIXED, actor="staff:1")
    assert first.added == 3 and first.written
    assert [(p.line_no, p.reason) for p in first.errors] == [
        (3, "expected login:password or login|password|…"),
        (4, "2FA: secret is not base32"),
        (7, "login is empty"),
    ]
    assert [(p.line_no, p.reason) for p in first.duplicates] == [(8, "same login as line 2")]

    second = await services.stock.import_items(product.id, MIXED, actor="staff:1")
    assert second.added == 0 and second.new == 0
    assert sorted(p.line_no for p in second.duplicates) == [2, 5, 8, 9]
    assert len(await services.stock.list_items(product.id)) == 3
    audit = await services.audit.latest(5, "stock.")
    assert [(a.action, a.details["added"]) for a in audit] == [("stock.import", 3)]


async def test_csv_with_a_header_is_imported(services: Services):
    product = await make_product(services)
    text = ('login,password,notes,totp\n"x@example.com","p,with,commas","",\n'
            f'y@example.com,pw-y,"two\nlines",{TOTP_SECRET}\n')
    report = await services.stock.import_items(product.id, text, actor="staff", fmt="csv")
    assert report.added == 2 and report.errors == []
    entries = await services.stock.list_items(product.id)
    assert [e.has_totp for e in entries] == [False, True]


async def test_strict_and_dry_run_imports_store_nothing(services: Services):
    product = await make_product(services)
    strict = await services.stock.import_items(product.id, MIXED, actor="s", strict=True)
    dry = await services.stock.import_items(product.id, MIXED, actor="s", dry_run=True)
    assert (strict.written, strict.added, strict.new) == (False, 0, 3)
    assert (dry.written, dry.added, dry.new) == (False, 0, 3)
    assert await services.stock.list_items(product.id) == []


async def test_concurrent_imports_of_one_file_add_each_item_once(services: Services):
    product = await make_product(services)
    text = credential_lines(20)
    reports = await asyncio.gather(*(services.stock.import_items(product.id, text, actor="s")
                                     for _ in range(3)))
    assert sum(r.added for r in reports) == 20
    assert len(await services.stock.list_items(product.id)) == 20


async def test_same_login_is_a_duplicate_per_product_only_and_free_again_once_revoked(
        services: Services):
    one = await make_product(services)
    two = await make_product(services, plan="Other")
    await stock(services, one, 1)
    assert (await services.stock.import_items(two.id, credential_lines(1), actor="s")).added == 1
    (item,) = await services.stock.list_items(one.id)
    await services.stock.revoke(item.id, actor="s", reason="password changed")
    assert (await services.stock.import_items(one.id, credential_lines(1), actor="s")).added == 1


async def test_imports_need_a_known_automatic_product(services: Services):
    manual = await make_product(services, delivery=Delivery.MANUAL)
    with pytest.raises(ProductNotFound):
        await services.stock.import_items("prd_nope", "a:b", actor="s")
    with pytest.raises(ValidationError):
        await services.stock.import_items(manual.id, "a:b", actor="s")


async def test_listing_shows_no_secret(services: Services):
    product = await make_product(services)
    await stock(services, product, 1, with_totp=True)
    (entry,) = await services.stock.list_items(product.id)
    shown = json.dumps(dataclasses.asdict(entry), default=str)
    assert "acct0" not in shown and "pw-" not in shown and "sv1." not in shown
    assert entry.has_totp and entry.status is StockStatus.AVAILABLE


async def test_replacing_a_broken_credential_revokes_it_and_tells_the_customer(
        services: Services):
    product = await make_product(services, price=1_000)
    await stock(services, product, 1)
    await fund(services, 1, 1_000)
    sub = (await services.purchases.purchase(1, product.id, intent_id="p")).subscription
    with pytest.raises(OutOfStock):
        await services.stock.replace_credential(sub.id, actor="staff:2")
    assert (await services.stock.list_items(product.id))[0].status is StockStatus.SOLD

    await stock(services, product, 1, prefix="fresh")
    replaced = await services.stock.replace_credential(sub.id, actor="staff:2", reason="locked")
    assert replaced.stock_item_id != sub.stock_item_id
    old = [e for e in await services.stock.list_items(product.id) if e.id == sub.stock_item_id]
    assert old[0].status is StockStatus.REVOKED and old[0].revoked_reason == "locked"
    credential = await services.credentials.view(1, sub.id)
    assert credential.login == "fresh0@example.com"
    messages = [m for m in await services.outbox.recent(10) if m.template == "credential-replaced"]
    assert [m.chat_id for m in messages] == [1]
    assert (await services.audit.latest(1, "stock.replace"))[0].details["old_item"] == old[0].id


async def test_revoking_reports_the_live_subscriptions_on_the_item(services: Services):
    product = await make_product(services, price=1_000, slots_per_item=2)
    await stock(services, product, 1)
    for user in (1, 2):
        await fund(services, user, 1_000)
        await services.purchases.purchase(user, product.id, intent_id=f"p{user}")
    (item,) = await services.stock.list_items(product.id)
    affected = await services.stock.revoke(item.id, actor="staff", reason="banned")
    assert sorted(s.user_id for s in affected) == [1, 2]


async def test_low_stock_lists_plans_at_or_below_their_threshold(services: Services):
    low = await make_product(services, low_stock_threshold=3)
    fine = await make_product(services, plan="Fine", low_stock_threshold=1)
    await stock(services, low, 3)
    await stock(services, fine, 2, prefix="f")
    assert [(p.id, lv.free_slots) for p, lv in await services.stock.low_stock()] == [(low.id, 3)]


async def test_rotation_reseals_stock_and_dedupe_survives_retiring_the_old_key(
        services: Services, keyring: KeyRing, settings, clock):
    product = await make_product(services, price=1_000)
    await stock(services, product, 3, with_totp=True)
    rotated = keyring.with_new_key()
    counts = await reseal_all(services.store, rotated)
    assert counts["stock"] == 3 * 4 and counts["stock_keys"] == 1

    new_only = KeyRing.from_json(json.dumps(
        {"version": 1, "keys": json.loads(rotated.to_json())["keys"][1:]}))
    assert new_only.key_ids == [rotated.primary_id]
    after = build_services(settings, services.store, new_only, clock=clock, ids=services.ids)
    report = await after.stock.import_items(product.id, credential_lines(4, with_totp=True),
                                            actor="s")
    assert report.added == 1 and len(report.duplicates) == 3  # found without the old key
    await fund(after, 1, 1_000)
    sub = (await after.purchases.purchase(1, product.id, intent_id="p")).subscription
    assert (await after.credentials.view(1, sub.id)).password.startswith("pw-acct-")


async def test_the_sqlite_file_holds_no_plaintext_secret(tmp_path, settings, keyring, clock):
    path = tmp_path / "shop.db"
    store = await open_store(f"sqlite:///{path}")
    shop = build_services(settings, store, keyring, clock=clock, ids=SequentialIds())
    try:
        product = await make_product(shop, price=1_000, totp_policy="codes_qr",
                                     qr_export_limit=2)
        uri = "otpauth://totp/Netflix:zed?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&digits=8"
        text = credential_lines(5, prefix="plain", with_totp=True) + \
            f"zed@example.com|zed-password-77|zed note text|{uri}\n"
        await shop.stock.import_items(product.id, text, actor="s")
        await fund(shop, 1, 1_000)
        sub = (await shop.purchases.purchase(1, product.id, intent_id="p")).subscription
        await shop.credentials.view(1, sub.id)
        await shop.credentials.totp_code(1, sub.id)
        await shop.credentials.totp_qr(1, sub.id)
        manual = await make_product(shop, price=0, delivery=Delivery.MANUAL)
        pending = await shop.purchases.purchase(2, manual.id, intent_id="m")
        await shop.orders.deliver(pending.order.id, actor="s", login="hand@example.com",
                                  password="hand-delivered-pw", totp=TOTP_SECRET)
    finally:
        await store.close()
    secrets = [b"plain0@example.com", b"pw-plain-3", b"note 4", TOTP_SECRET.encode(),
               b"zed@example.com", b"zed-password-77", b"zed note text",
               b"GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", b"otpauth://", b"hand@example.com",
               b"hand-delivered-pw"]

    def raw() -> bytes:
        return b"".join(p.read_bytes() for p in tmp_path.glob("shop.db*"))

    before = raw()
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    after = raw()
    assert len(after) > 10_000
    for secret in secrets:
        assert secret not in before and secret not in after, secret
        assert secret.lower() not in after.lower()
