"""All settings, from the environment and ``.env``; ``load_settings`` is for entrypoints."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, SecretStr, ValidationError, ValidationInfo, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from core.crypto import KeyRing, read_key_file
from core.durations import parse_duration
from core.errors import CryptoError
from core.money import EXPONENTS

_LANG_RE = re.compile(r"^[a-z]{2,3}$")


class SettingsError(Exception):
    """A setting is missing or invalid; ``str()`` is one line naming the setting."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", case_sensitive=False
    )

    # Telegram
    customer_bot_token: SecretStr | None = None
    admin_bot_token: SecretStr | None = None
    admin_ids: Annotated[list[int], NoDecode] = Field(default_factory=list)
    telegram_api_base: str = "https://api.telegram.org"
    standin_port: int = Field(default=8081, ge=1, le=65535)  # local mode's Bot API stand-in
    bot_mode: Literal["polling", "webhook"] = "polling"
    telegram_webhook_secret: SecretStr | None = None

    # Storage and secrets
    database_url: str = "sqlite:///./subvault.db"
    keys_file: Path = Path("./subvault.keys")
    encryption_keys: SecretStr | None = None

    # Shop
    currency: str = "INR"
    default_language: str = "en"
    shop_name: str = "subvault"
    # how long a purchase waiting for a top-up of the shortfall keeps its price
    intent_hold_minutes: int = Field(default=30, ge=1, le=1440)
    # how long the customer bot keeps a credential message before deleting it (0: never)
    credential_autodelete_seconds: int = Field(default=120, ge=0, le=86400)

    # HTTP app
    api_host: str = "127.0.0.1"
    api_port: int = Field(default=8080, ge=1, le=65535)
    public_base_url: str = "http://127.0.0.1:8080"

    # Payments: wallet top-ups (amounts in minor units of CURRENCY)
    topup_min: int = Field(default=1_000, ge=1)
    topup_max: int = Field(default=10_000_000, ge=1)
    topup_expiry_minutes: int = Field(default=60, ge=30, le=1440)
    customer_bot_username: str = ""  # return pages link back to https://t.me/<this>
    razorpay_key_id: str = ""
    razorpay_account_id: str = ""  # acc_…: callbacks of any other account are refused
    razorpay_key_secret: SecretStr | None = None
    razorpay_webhook_secret: SecretStr | None = None
    razorpay_webhook_secret_previous: SecretStr | None = None
    razorpay_api_base: str = "https://api.razorpay.com"
    stripe_secret_key: SecretStr | None = None
    stripe_webhook_secret: SecretStr | None = None
    stripe_webhook_secret_previous: SecretStr | None = None
    stripe_api_base: str = "https://api.stripe.com"
    stars_enabled: bool = True
    stars_rate: int = Field(default=100, ge=1)  # minor units of CURRENCY per star
    sandbox_gateway: bool = False  # local runs only: a fake hosted page served by our API
    sandbox_webhook_secret: SecretStr | None = None

    # Scheduled jobs (durations: 30s, 15m, 24h, 3d)
    reminder_offsets: Annotated[tuple[timedelta, ...], NoDecode] = (
        timedelta(days=3), timedelta(days=1), timedelta(0))
    autorenew_ahead: timedelta = timedelta(hours=24)
    reconcile_after: timedelta = timedelta(minutes=15)
    reminders_interval: timedelta = timedelta(minutes=1)
    autorenew_interval: timedelta = timedelta(minutes=5)
    expiry_interval: timedelta = timedelta(minutes=1)
    holds_interval: timedelta = timedelta(minutes=1)
    reconcile_interval: timedelta = timedelta(minutes=5)
    ledger_check_interval: timedelta = timedelta(hours=24)
    low_stock_interval: timedelta = timedelta(minutes=5)
    watchdog_interval: timedelta = timedelta(minutes=1)
    # Gateway callbacks and Telegram deliveries larger than this are refused (413) unread.
    webhook_max_body_bytes: int = Field(default=1_048_576, ge=1024, le=8 * 1_048_576)
    # Raw callback bodies (they hold customer details) are purged after this many days; the
    # event record stays.
    webhook_retention_days: int = Field(default=90, ge=1, le=3650)
    api_docs: bool = False  # serve /openapi.json and /docs on the payment app
    metrics_token: SecretStr | None = None  # /metrics answers only to "Bearer <this>"
    # MongoDB: the longest a single operation may take before it is given up (503).
    database_timeout_seconds: int = Field(default=10, ge=1, le=300)
    # Admin bot: refunds and balance changes above this (minor units) wait for a second admin
    approval_limit: int = Field(default=500_000, ge=0)
    # Bank transfers: shown to customers who pick "Bank transfer" (empty: not offered)
    manual_payment_instructions: str = ""
    alert_chat_id: int | None = None  # a staff group for alerts (unset: each admin)

    log_level: str = "INFO"

    @field_validator("reminder_offsets", mode="before")
    @classmethod
    def _parse_offsets(cls, value: object) -> object:
        if isinstance(value, str):
            parts = [p for p in (x.strip() for x in value.split(",")) if p]
            if not parts:
                raise ValueError("must list at least one duration, e.g. 3d,1d,0")
            offsets = {parse_duration(p) for p in parts}
            return tuple(sorted(offsets, reverse=True))
        return value

    @field_validator("autorenew_ahead", "reconcile_after", "reminders_interval",
                     "autorenew_interval", "expiry_interval", "holds_interval",
                     "reconcile_interval", "ledger_check_interval", "low_stock_interval",
                     "watchdog_interval", mode="before")
    @classmethod
    def _parse_duration(cls, value: object) -> object:
        return parse_duration(value) if isinstance(value, str) else value

    @field_validator("reminders_interval", "autorenew_interval", "expiry_interval",
                     "holds_interval", "reconcile_interval", "ledger_check_interval",
                     "low_stock_interval", "watchdog_interval")
    @classmethod
    def _check_interval(cls, value: timedelta) -> timedelta:
        if value < timedelta(seconds=1):
            raise ValueError("must be at least 1s")
        return value

    @field_validator("reminder_offsets")
    @classmethod
    def _check_offsets(cls, value: tuple[timedelta, ...]) -> tuple[timedelta, ...]:
        if not value or any(v < timedelta(0) or v > timedelta(days=60) for v in value):
            raise ValueError("each offset must be between 0 and 60d")
        return tuple(sorted(set(value), reverse=True))

    @field_validator("razorpay_api_base", "stripe_api_base")
    @classmethod
    def _check_gateway_base(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError("must be an http:// or https:// URL")
        return value.rstrip("/")

    @field_validator("topup_max")
    @classmethod
    def _check_topup_range(cls, value: int, info: ValidationInfo) -> int:
        low = info.data.get("topup_min")
        if low is not None and value < low:
            raise ValueError(f"must be at least TOPUP_MIN ({low})")
        return value

    @field_validator("customer_bot_username")
    @classmethod
    def _check_bot_username(cls, value: str) -> str:
        name = value.strip().removeprefix("@")
        if name and not re.fullmatch(r"[A-Za-z0-9_]{5,32}", name):
            raise ValueError("must be a Telegram bot username such as subvault_bot")
        return name

    @field_validator("alert_chat_id", "admin_bot_token", "customer_bot_token", mode="before")
    @classmethod
    def _empty_is_unset(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("admin_ids", mode="before")
    @classmethod
    def _split_ids(cls, value: object) -> object:
        if isinstance(value, str):
            parts = [p.strip() for p in value.replace(";", ",").split(",") if p.strip()]
            return [int(p) if p.lstrip("-").isdigit() else p for p in parts]
        if isinstance(value, int):
            return [value]
        return value

    @field_validator("database_url")
    @classmethod
    def _check_database_url(cls, value: str) -> str:
        if not value.startswith(("sqlite:///", "mongodb://", "mongodb+srv://")):
            raise ValueError("must start with sqlite:///, mongodb:// or mongodb+srv://")
        if value.startswith("sqlite:///") and len(value) == len("sqlite:///"):
            raise ValueError("sqlite:/// needs a file path, e.g. sqlite:///./subvault.db")
        return value

    @field_validator("currency")
    @classmethod
    def _check_currency(cls, value: str) -> str:
        code = value.upper()
        if code not in EXPONENTS or code == "XTR":
            raise ValueError(f"must be one of {', '.join(sorted(set(EXPONENTS) - {'XTR'}))}")
        return code

    @field_validator("default_language")
    @classmethod
    def _check_language(cls, value: str) -> str:
        if not _LANG_RE.match(value):
            raise ValueError("must be a two- or three-letter language code such as en")
        return value

    @field_validator("telegram_api_base", "public_base_url")
    @classmethod
    def _check_url(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError("must be an http:// or https:// URL")
        return value.rstrip("/")

    @field_validator("telegram_webhook_secret")
    @classmethod
    def _check_webhook_secret(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not re.fullmatch(r"[A-Za-z0-9_-]{1,256}",
                                                  value.get_secret_value()):
            raise ValueError("must be 1-256 characters of A-Z, a-z, 0-9, _ and -")
        return value

    @field_validator("log_level")
    @classmethod
    def _check_level(cls, value: str) -> str:
        level = value.upper()
        if level not in {"DEBUG", "INFO", "WARNING", "ERROR"}:
            raise ValueError("must be DEBUG, INFO, WARNING or ERROR")
        return level

    @property
    def sqlite_path(self) -> Path | None:
        if self.database_url.startswith("sqlite:///"):
            return Path(self.database_url[len("sqlite:///"):])
        return None


def load_settings(**overrides: object) -> Settings:
    """Build Settings or raise SettingsError with one line naming the first bad setting."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        first = exc.errors()[0]
        name = str(first["loc"][0]).upper() if first.get("loc") else "settings"
        message = str(first.get("msg", "invalid value")).removeprefix("Value error, ")
        raise SettingsError(f"setting {name}: {message}") from None


def load_key_ring(settings: Settings) -> KeyRing:
    """The key ring from ENCRYPTION_KEYS if set, else from KEYS_FILE."""
    try:
        if settings.encryption_keys is not None:
            return KeyRing.from_env(settings.encryption_keys.get_secret_value())
        return read_key_file(settings.keys_file)
    except CryptoError as exc:
        source = "ENCRYPTION_KEYS" if settings.encryption_keys is not None else "KEYS_FILE"
        raise SettingsError(f"setting {source}: {exc}") from None
