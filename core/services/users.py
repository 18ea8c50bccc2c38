"""Users: registration from Telegram profiles, language, roles and the blocked flag."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from core.clock import Clock
from core.errors import UserNotFound, ValidationError, found
from core.models import LedgerEntry, Role, User
from core.services import audit
from core.storage.base import Store, Tx

log = logging.getLogger(__name__)
MAX_NAME = 64


def base_language(code: str | None, supported: tuple[str, ...], default: str) -> str:
    """Telegram sends IETF tags ("pt-br"); we keep the base if we speak it, else the default."""
    base = (code or "").split("-")[0].lower()
    return base if base in supported else default


@dataclass(frozen=True, slots=True)
class Profile:
    user: User
    balance: int
    entries: list[LedgerEntry]
    total_entries: int


async def user_or_new(tx: Tx, telegram_id: int, *, language: str, now: datetime) -> User:
    """The user, first stored (no names yet) when this Telegram id is new to the shop."""
    user = await tx.users.get(telegram_id)
    if user is None:
        user = await tx.users.upsert(User(telegram_id=telegram_id, language=language,
                                          created_at=now, last_seen_at=now))
    return user


class UserService:
    def __init__(self, store: Store, clock: Clock, *, languages: tuple[str, ...] = ("en",),
                 default_language: str = "en") -> None:
        self._store = store
        self._clock = clock
        self.languages = languages
        self.default_language = default_language

    async def register(self, telegram_id: int, *, first_name: str = "", last_name: str = "",
                       username: str = "", language_code: str | None = None) -> User:
        """Create the user on first contact, or refresh names and last-seen; idempotent."""
        return await self._store.transaction(lambda tx: self.register_in(
            tx, telegram_id, first_name=first_name, last_name=last_name, username=username,
            language_code=language_code))

    async def register_in(self, tx: Tx, telegram_id: int, *, first_name: str = "",
                          last_name: str = "", username: str = "",
                          language_code: str | None = None) -> User:
        """:meth:`register` inside the caller's unit of work."""
        now = self._clock.now()
        draft = User(
            telegram_id=telegram_id, first_name=first_name[:MAX_NAME],
            last_name=last_name[:MAX_NAME], username=username[:MAX_NAME],
            language=base_language(language_code, self.languages, self.default_language),
            created_at=now, last_seen_at=now,
        )
        return await tx.users.upsert(draft)

    @staticmethod
    async def find_in(tx: Tx, telegram_id: int) -> User | None:
        """:meth:`find` inside the caller's unit of work."""
        return await tx.users.get(telegram_id)

    async def get(self, telegram_id: int) -> User:
        return found(await self._store.read(lambda tx: tx.users.get(telegram_id)),
                     UserNotFound(f"no user {telegram_id}", telegram_id=telegram_id))

    async def find(self, telegram_id: int) -> User | None:
        return await self._store.read(lambda tx: tx.users.get(telegram_id))

    async def set_language(self, telegram_id: int, language: str) -> User:
        if language not in self.languages:
            raise ValidationError(f"unsupported language {language[:8]!r}", language=language[:8])

        async def unit(tx: Tx) -> User | None:
            await tx.users.set_language(telegram_id, language)
            return await tx.users.get(telegram_id)

        return found(await self._store.transaction(unit),
                     UserNotFound(f"no user {telegram_id}", telegram_id=telegram_id))

    async def set_blocked(self, telegram_id: int, blocked: bool) -> bool:
        return await self._store.transaction(lambda tx: tx.users.set_blocked(telegram_id, blocked))

    async def grant_role(self, telegram_id: int, role: Role, *, actor: str) -> User:
        """Give ``role`` to a user (created if unknown), audited in the same unit of work."""
        now = self._clock.now()

        async def unit(tx: Tx) -> User:
            user = await user_or_new(tx, telegram_id, language=self.default_language, now=now)
            await tx.users.set_role(telegram_id, role)
            await audit.append(tx, self._clock, actor=actor, action="user.role",
                               target=str(telegram_id),
                               details={"from": user.role.value, "to": role.value})
            user.role = role
            return user

        user = await self._store.transaction(unit)
        log.info("role of user=%s set to %s by %s", telegram_id, role.value, actor)
        return user

    async def staff(self) -> list[User]:
        return await self._store.read(
            lambda tx: tx.users.list_by_role([Role.ADMIN, Role.SUPPORT]))

    async def profile(self, telegram_id: int, limit: int = 20) -> Profile:
        async def unit(tx: Tx) -> Profile:
            user = await tx.users.get(telegram_id)
            if user is None:
                raise UserNotFound(f"no user {telegram_id}", telegram_id=telegram_id)
            return Profile(user, await tx.ledger.balance(telegram_id),
                           await tx.ledger.entries(telegram_id, limit=limit),
                           await tx.ledger.count_entries(telegram_id))

        return await self._store.read(unit)
