"""Credentials, TOTP codes and QR exports on every store: owner only, audited, counted."""

from __future__ import annotations

import asyncio
import hashlib
import json

import cv2
import numpy as np
import pyotp
import pytest

from core.bootstrap import Services
from core.errors import QrLimitReached, SubscriptionNotActive, SubscriptionNotFound, TotpUnavailable
from core.models import TotpPolicy
from tests.contract.test_purchase_support import TOTP_SECRET, fund, make_product, stock

OWNER, STRANGER = 1, 2


async def _bought(services: Services, *, policy: TotpPolicy = TotpPolicy.CODES_AND_QR,
                  limit: int = 2, with_totp: bool = True) -> str:
    product = await make_product(services, platform="Netflix", price=1_000, totp_policy=policy,
                                 qr_export_limit=limit if policy is TotpPolicy.CODES_AND_QR
                                 else 0)
    await stock(services, product, 1, with_totp=with_totp)
    await fund(services, OWNER, 1_000)
    result = await services.purchases.purchase(OWNER, product.id, intent_id="p")
    return result.subscription.id


def _decode(png: bytes) -> str:
    image = cv2.imdecode(np.frombuffer(png, np.uint8), cv2.IMREAD_GRAYSCALE)
    text, _points, _ = cv2.QRCodeDetector().detectAndDecode(image)
    return text


async def test_the_owner_sees_the_credential_and_the_view_is_audited(services: Services):
    sub_id = await _bought(services)
    credential = await services.credentials.view(OWNER, sub_id)
    assert (credential.login, credential.password, credential.notes) == \
        ("acct0@example.com", "pw-acct-0", "note 0")
    assert credential.has_totp and credential.qr_allowed and credential.qr_exports_left == 2
    assert "pw-acct-0" not in repr(credential)
    (entry,) = await services.audit.latest(1, "credential.")
    assert (entry.actor, entry.action, entry.target) == (f"user:{OWNER}", "credential.view",
                                                         sub_id)


async def test_anyone_else_gets_not_found_exactly_like_an_unknown_id(services: Services):
    sub_id = await _bought(services)
    for call in (services.credentials.view, services.credentials.totp_code,
                 services.credentials.totp_qr):
        with pytest.raises(SubscriptionNotFound) as theirs:
            await call(STRANGER, sub_id)
        with pytest.raises(SubscriptionNotFound) as unknown:
            await call(STRANGER, "sub_does_not_exist")
        assert theirs.value.code == unknown.value.code
    assert await services.audit.latest(10, "credential.") == []


async def test_the_totp_code_is_the_platforms_code_now(services: Services, clock):
    sub_id = await _bought(services)
    code = await services.credentials.totp_code(OWNER, sub_id)
    unix = int(clock.now().timestamp())
    assert code.code == pyotp.TOTP(TOTP_SECRET).at(unix)
    assert code.seconds_left == 30 - unix % 30 and code.digits == 6
    clock.advance(seconds=30)
    later = await services.credentials.totp_code(OWNER, sub_id)
    assert later.code == pyotp.TOTP(TOTP_SECRET).at(unix + 30)


async def test_audit_entries_never_hold_a_secret_or_a_code(services: Services):
    sub_id = await _bought(services)
    await services.credentials.view(OWNER, sub_id)
    code = await services.credentials.totp_code(OWNER, sub_id)
    await services.credentials.totp_qr(OWNER, sub_id)
    entries = await services.audit.latest(10, "credential.")
    assert [e.action for e in entries] == ["credential.qr", "credential.totp", "credential.view"]
    dumped = json.dumps([e.details for e in entries])
    for secret in ("acct0", "pw-acct-0", "note 0", TOTP_SECRET, code.code, "otpauth"):
        assert secret not in dumped


async def test_a_qr_export_decodes_to_the_otpauth_uri_and_counts_against_the_limit(
        services: Services):
    sub_id = await _bought(services, limit=2)
    export = await services.credentials.totp_qr(OWNER, sub_id)
    assert export.png.startswith(b"\x89PNG") and (export.exports_used, export.exports_limit) \
        == (1, 2)
    uri = _decode(export.png)
    assert uri == f"otpauth://totp/Netflix:acct0%40example.com?secret={TOTP_SECRET}" \
        "&issuer=Netflix"
    await services.credentials.totp_qr(OWNER, sub_id)
    with pytest.raises(QrLimitReached):
        await services.credentials.totp_qr(OWNER, sub_id)
    assert (await services.credentials.view(OWNER, sub_id)).qr_exports_left == 0
    assert len(await services.audit.latest(10, "credential.qr")) == 2


async def test_concurrent_qr_exports_are_counted_atomically(services: Services):
    sub_id = await _bought(services, limit=3)
    results = await asyncio.gather(*(services.credentials.totp_qr(OWNER, sub_id)
                                     for _ in range(8)), return_exceptions=True)
    exports = [r for r in results if not isinstance(r, BaseException)]
    assert len(exports) == 3
    assert all(isinstance(r, QrLimitReached) for r in results if isinstance(r, BaseException))
    assert sorted(e.exports_used for e in exports) == [1, 2, 3]


async def test_plans_without_codes_or_qr_refuse_them(services: Services):
    codes_only = await _bought(services, policy=TotpPolicy.CODES)
    await services.credentials.totp_code(OWNER, codes_only)
    with pytest.raises(TotpUnavailable):
        await services.credentials.totp_qr(OWNER, codes_only)


async def test_a_plan_without_2fa_refuses_codes(services: Services):
    sub_id = await _bought(services, policy=TotpPolicy.NONE)
    assert not (await services.credentials.view(OWNER, sub_id)).has_totp
    with pytest.raises(TotpUnavailable):
        await services.credentials.totp_code(OWNER, sub_id)


async def test_an_account_without_a_secret_refuses_codes(services: Services):
    sub_id = await _bought(services, with_totp=False)
    with pytest.raises(TotpUnavailable):
        await services.credentials.totp_code(OWNER, sub_id)


async def test_an_expired_subscription_shows_nothing(services: Services, clock):
    sub_id = await _bought(services)
    clock.advance(days=31)
    with pytest.raises(SubscriptionNotActive):
        await services.credentials.view(OWNER, sub_id)


async def test_an_imported_uri_keeps_its_digits_period_and_algorithm(services: Services, clock):
    product = await make_product(services, price=0, totp_policy=TotpPolicy.CODES_AND_QR,
                                 qr_export_limit=1)
    uri = (f"otpauth://totp/Old:label?secret={TOTP_SECRET}&algorithm=SHA256&digits=8"
           "&period=60&issuer=Old")
    await services.stock.import_items(product.id, f"u@example.com|pw|n|{uri}", actor="s")
    sub_id = (await services.purchases.purchase(OWNER, product.id, intent_id="u")).subscription.id
    code = await services.credentials.totp_code(OWNER, sub_id)
    expected = pyotp.TOTP(TOTP_SECRET, digits=8, digest=hashlib.sha256, interval=60)
    assert code.code == expected.at(int(clock.now().timestamp())) and code.period == 60
    exported = _decode((await services.credentials.totp_qr(OWNER, sub_id)).png)
    assert exported == (f"otpauth://totp/Netflix:u%40example.com?secret={TOTP_SECRET}"
                        "&issuer=Netflix&algorithm=SHA256&digits=8&period=60")
