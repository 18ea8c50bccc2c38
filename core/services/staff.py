"""Staff of the admin bot: roles ``admin`` > ``support``, seeded from ``ADMIN_IDS``."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from core.clock import Clock
from core.errors import PermissionDenied, ValidationError
from core.models import Role, User
from core.services import audit
from core.services.users import user_or_new
from core.storage.base import Store, Tx

log = logging.getLogger(__name__)
STAFF_ROLES = (Role.ADMIN, Role.SUPPORT)


# Staff alerts by kind (the outbox template of each alert); each staff member can mute kinds.
ALERT_KINDS: dict[str, str] = {
    "staff-order-pending": "orders", "staff-manual-payment": "payments",
    "staff-topup-held": "payments", "staff-payment-unmatched": "payments",
    "staff-topup-credited": "payments", "staff-topup-failed": "payments",
    "staff-topup-refunded": "payments", "staff-refund-unconfirmed": "payments",
    "staff-topup-stuck": "payments",
    "staff-low-stock": "stock", "staff-support-ticket": "support",
    "staff-approval-needed": "approvals", "staff-bot-error": "errors",
    "staff-bot-errors": "errors",  # bot crashes folded by cause (one alert a minute with a count)
    "staff-ledger-alert": "errors", "staff-job-stale": "errors", "staff-job-failing": "errors",
}
KINDS = ("orders", "payments", "stock", "support", "approvals", "errors", "other")


def alert_kind(template: str) -> str:
    return ALERT_KINDS.get(template, "other")


def actor_of(telegram_id: int) -> str:
    """How a staff member is named in the audit log."""
    return f"staff:{telegram_id}"


class StaffService:
    def __init__(self, store: Store, clock: Clock, *, admin_ids: Iterable[int] = (),
                 default_language: str = "en", alert_chat_id: int | None = None) -> None:
        self._store = store
        self._clock = clock
        self.admin_ids = tuple(dict.fromkeys(int(i) for i in admin_ids))
        self._default_language = default_language
        self.alert_chat_id = alert_chat_id

    async def seed(self) -> list[int]:
        """Make every id in ``ADMIN_IDS`` an admin (idempotent, audited once per change).
        Returns the ids whose role changed."""
        changed: list[int] = []
        for telegram_id in self.admin_ids:
            if await self._set(telegram_id, Role.ADMIN, actor="config:ADMIN_IDS"):
                changed.append(telegram_id)
        if changed:
            log.info("ADMIN_IDS: %d admin(s) seeded", len(changed))
        return changed

    async def role_of(self, telegram_id: int) -> Role | None:
        """The staff role of ``telegram_id``, or None for anyone who is not staff."""
        user = await self.member(telegram_id)
        return user.role if user is not None else None

    async def member(self, telegram_id: int) -> User | None:
        """The user if they are staff (and not blocked), else None."""
        user = await self._store.read(lambda tx: tx.users.get(telegram_id))
        if user is None or user.role not in STAFF_ROLES or user.blocked:
            return None
        return user

    async def find_customer(self, query: str) -> User | None:
        """A user by Telegram id (``12345``) or username (``@name``, any letter case)."""
        text = (query or "").strip()
        if text.lstrip("-").isdigit():
            found = int(text)
            return await self._store.read(lambda tx: tx.users.get(found))
        name = text.removeprefix("@")
        if not name or len(name) > 64:
            return None
        return await self._store.read(lambda tx: tx.directory.by_username(name))

    async def set_blocked(self, telegram_id: int, blocked: bool, *, actor_id: int) -> bool:
        """Block or unblock a customer (audited); staff are not blocked this way."""
        async def unit(tx: Tx) -> bool:
            user = await tx.users.get(telegram_id)
            if user is None:
                raise ValidationError("no such user", field="telegram_id")
            if user.role in STAFF_ROLES:
                raise PermissionDenied("staff are removed from staff, not blocked",
                                       reason="staff")
            changed = user.blocked != blocked and await tx.users.set_blocked(telegram_id,
                                                                              blocked)
            if changed:
                await audit.append(tx, self._clock, actor=actor_of(actor_id),
                                   action="customer.block" if blocked else "customer.unblock",
                                   target=str(telegram_id))
            return bool(changed)

        return await self._store.transaction(unit)

    async def alert_recipients(self, template: str) -> list[int]:
        """Where a staff alert goes: ``ALERT_CHAT_ID`` (a staff group) when set; otherwise each
        admin who has not muted its kind, and support staff too for support tickets and alerts
        of no known kind."""
        if self.alert_chat_id:
            return [self.alert_chat_id]
        kind = alert_kind(template)
        roles = [Role.ADMIN, Role.SUPPORT] if kind in ("support", "other") else [Role.ADMIN]

        async def unit(tx: Tx) -> list[int]:
            muted = await tx.mutes.muted(kind)
            return [u.telegram_id for u in await tx.users.list_by_role(roles)
                    if u.telegram_id not in muted and not u.blocked]

        return await self._store.read(unit)

    async def mutes(self, telegram_id: int) -> set[str]:
        return await self._store.read(lambda tx: tx.mutes.of(telegram_id))

    async def set_muted(self, telegram_id: int, kind: str, muted: bool) -> set[str]:
        if kind not in KINDS:
            raise ValidationError("unknown alert kind", field="kind")
        await self._store.transaction(lambda tx: tx.mutes.set(telegram_id, kind, muted))
        return await self.mutes(telegram_id)

    async def members(self) -> list[User]:
        return await self._store.read(lambda tx: tx.users.list_by_role(list(STAFF_ROLES)))

    async def set_role(self, telegram_id: int, role: Role, *, actor_id: int) -> User:
        """Add, change or remove (``Role.CUSTOMER``) a staff member, by an admin. Nobody changes
        their own role, and the last admin cannot be removed."""
        if telegram_id == actor_id:
            raise PermissionDenied("staff cannot change their own role", reason="self")
        if telegram_id <= 0:
            raise ValidationError("a Telegram id is a positive number", field="telegram_id")
        await self._set(telegram_id, role, actor=actor_of(actor_id))
        user = await self._store.read(lambda tx: tx.users.get(telegram_id))
        assert user is not None
        return user

    async def _set(self, telegram_id: int, role: Role, *, actor: str) -> bool:
        now = self._clock.now()

        async def unit(tx: Tx) -> bool:
            user = await user_or_new(tx, telegram_id, language=self._default_language, now=now)
            if user.role is role:
                return False
            if user.role is Role.ADMIN and role is not Role.ADMIN:
                admins = await tx.users.list_by_role([Role.ADMIN], limit=2)
                if len(admins) < 2:
                    raise PermissionDenied("the last admin cannot be removed", reason="last-admin")
            await tx.users.set_role(telegram_id, role)
            await audit.append(tx, self._clock, actor=actor, action="staff.role",
                               target=str(telegram_id),
                               details={"from": user.role.value, "to": role.value})
            return True

        return await self._store.transaction(unit)
