"""Credentials, live TOTP codes and QR exports — for the subscription's owner only.

Anyone else gets SubscriptionNotFound, exactly as for an id that does not exist. Every view, code
and QR export appends an audit entry in the same unit of work; the entry names the subscription
and the item, never a secret or a code. Credentials are not put in the outbox: the bot asks this
service when it renders.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime

from core import totp
from core.clock import Clock
from core.crypto import KeyRing
from core.errors import CryptoError, QrLimitReached, SubscriptionNotActive, TotpUnavailable
from core.ids import IdFactory, RandomIds
from core.models import Product, StockItem, Subscription, SubscriptionStatus, TotpPolicy
from core.services import audit
from core.services.notify import enqueue
from core.services.stock.sealing import open_field
from core.services.subscriptions import owned
from core.storage.base import Store, Tx

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Credential:
    subscription_id: str
    platform: str
    plan: str
    login: str = field(repr=False)  # secrets never reach a repr
    password: str = field(repr=False)
    notes: str = field(repr=False)
    has_totp: bool  # the account has 2FA and the plan shows codes
    qr_allowed: bool
    qr_exports_left: int
    ends_at: datetime


@dataclass(frozen=True, slots=True)
class QrExport:
    png: bytes = field(repr=False)  # the QR code holds the TOTP seed
    exports_used: int
    exports_limit: int


@dataclass(frozen=True, slots=True)
class _Access:
    sub: Subscription
    product: Product
    item: StockItem


class CredentialService:
    def __init__(self, store: Store, clock: Clock, keyring: KeyRing,
                 ids: IdFactory | None = None) -> None:
        self._store = store
        self._clock = clock
        self._ring = keyring
        self._ids = ids or RandomIds()

    async def _open(self, access: _Access, field: str) -> str:
        """Open one sealed field; if the key ring cannot, staff are alerted (once per item and
        cause) before the error goes back to the caller, who must not report success."""
        try:
            return open_field(self._ring, access.item, field)
        except CryptoError as exc:
            code = exc.code
            log.error("subscription %s: the credential of item %s cannot be opened (%s)",
                      access.sub.id, access.item.id, code)
            try:
                await self._store.transaction(lambda tx: enqueue(
                    tx, self._clock, self._ids, key=f"credential:{access.item.id}:{code}",
                    template="staff-credential-unreadable", audience="staff", bot="admin",
                    params={"subscription_id": access.sub.id, "item_id": access.item.id,
                            "reason": code}))
            except Exception:
                log.exception("could not alert staff about item %s", access.item.id)
            raise

    async def _access(self, tx: Tx, user_id: int, subscription_id: str, action: str) -> _Access:
        sub = await owned(tx, user_id, subscription_id)
        now = self._clock.now()
        if sub.status is not SubscriptionStatus.ACTIVE or sub.ends_at <= now:
            raise SubscriptionNotActive("the subscription is not active", status=sub.status.value)
        product = await tx.products.get(sub.product_id)
        item = await tx.stock.get(sub.stock_item_id) if sub.stock_item_id else None
        if product is None or item is None:
            raise SubscriptionNotActive("the credential is not delivered yet")
        await audit.append(tx, self._clock, actor=f"user:{user_id}", action=action,
                           target=sub.id, details={"item_id": item.id})
        return _Access(sub, product, item)

    async def view(self, user_id: int, subscription_id: str) -> Credential:
        """Login, password and notes of the owner's active subscription (audited)."""
        access = await self._store.transaction(
            lambda tx: self._access(tx, user_id, subscription_id, "credential.view"))
        sub, product, item = access.sub, access.product, access.item
        qr_allowed = product.totp_policy is TotpPolicy.CODES_AND_QR and item.has_totp
        log.info("user=%s viewed the credential of subscription %s", user_id, sub.id)
        return Credential(
            subscription_id=sub.id, platform=product.platform, plan=product.plan,
            login=await self._open(access, "login"),
            password=await self._open(access, "password"),
            notes=await self._open(access, "notes"),
            has_totp=item.has_totp and product.totp_policy is not TotpPolicy.NONE,
            qr_allowed=qr_allowed,
            qr_exports_left=max(0, product.qr_export_limit - sub.qr_exports) if qr_allowed else 0,
            ends_at=sub.ends_at)

    async def totp_code(self, user_id: int, subscription_id: str) -> totp.TotpCode:
        """The current 2FA code and its seconds left (audited; the code is not recorded)."""
        async def unit(tx: Tx) -> _Access:
            access = await self._access(tx, user_id, subscription_id, "credential.totp")
            _require_totp(access, qr=False)
            return access

        access = await self._store.transaction(unit)
        spec = totp.parse(await self._open(access, "totp"))
        return totp.current_code(spec, self._clock.now())

    async def totp_qr(self, user_id: int, subscription_id: str) -> QrExport:
        """A QR PNG of the account's otpauth URI, counted against the plan's limit atomically
        (audited). Raises QrLimitReached when the limit is used up."""
        async def unit(tx: Tx) -> tuple[_Access, int]:
            access = await self._access(tx, user_id, subscription_id, "credential.qr")
            _require_totp(access, qr=True)
            used = await tx.subscriptions.count_qr_export(access.sub.id,
                                                          access.product.qr_export_limit)
            if used is None:
                raise QrLimitReached("no QR exports left", limit=access.product.qr_export_limit)
            return access, used

        access, used = await self._store.transaction(unit)
        spec = totp.parse(await self._open(access, "totp"))
        uri = totp.provisioning_uri(spec, platform=access.product.platform,
                                    account=await self._open(access, "login"))
        png = await totp.qr_png_async(uri)
        log.info("user=%s exported a QR of subscription %s (%d/%d)", user_id, access.sub.id,
                 used, access.product.qr_export_limit)
        return QrExport(png, used, access.product.qr_export_limit)


def _require_totp(access: _Access, *, qr: bool) -> None:
    policy = access.product.totp_policy
    if not access.item.has_totp or policy is TotpPolicy.NONE:
        raise TotpUnavailable("no 2FA codes for this subscription")
    if qr and policy is not TotpPolicy.CODES_AND_QR:
        raise TotpUnavailable("this plan does not include QR exports", qr=True)
