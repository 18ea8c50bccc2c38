"""What the payments package needs from the settings, as plain values (secrets never in repr)."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import timedelta

from core.config import Settings


def _secret(value: object) -> str:
    return value.get_secret_value() if value is not None else ""  # type: ignore[attr-defined]


@dataclass(frozen=True, slots=True)
class PaymentsConfig:
    currency: str
    topup_min: int
    topup_max: int
    expiry: timedelta
    public_base_url: str
    shop_name: str = "subvault"
    stars_enabled: bool = False
    stars_rate: int = 100
    sandbox: bool = False
    webhook_retention: timedelta = timedelta(days=90)
    razorpay_key_id: str = ""
    razorpay_account_id: str = ""  # when set, events of any other account are refused
    razorpay_api_base: str = "https://api.razorpay.com"
    stripe_api_base: str = "https://api.stripe.com"
    razorpay_key_secret: str = field(default="", repr=False)
    razorpay_webhook_secrets: tuple[str, ...] = field(default=(), repr=False)
    stripe_secret_key: str = field(default="", repr=False)
    stripe_webhook_secrets: tuple[str, ...] = field(default=(), repr=False)
    sandbox_secret: str = field(default="", repr=False)

    @classmethod
    def from_settings(cls, settings: Settings) -> PaymentsConfig:
        def pair(current: object, previous: object) -> tuple[str, ...]:
            return tuple(s for s in (_secret(current), _secret(previous)) if s)

        return cls(
            currency=settings.currency, topup_min=settings.topup_min,
            topup_max=settings.topup_max,
            expiry=timedelta(minutes=settings.topup_expiry_minutes),
            public_base_url=settings.public_base_url, shop_name=settings.shop_name,
            stars_enabled=settings.stars_enabled, stars_rate=settings.stars_rate,
            sandbox=settings.sandbox_gateway,
            webhook_retention=timedelta(days=settings.webhook_retention_days),
            razorpay_key_id=settings.razorpay_key_id.strip(),
            razorpay_account_id=settings.razorpay_account_id.strip(),
            razorpay_api_base=settings.razorpay_api_base,
            stripe_api_base=settings.stripe_api_base,
            razorpay_key_secret=_secret(settings.razorpay_key_secret),
            razorpay_webhook_secrets=pair(settings.razorpay_webhook_secret,
                                          settings.razorpay_webhook_secret_previous),
            stripe_secret_key=_secret(settings.stripe_secret_key),
            stripe_webhook_secrets=pair(settings.stripe_webhook_secret,
                                        settings.stripe_webhook_secret_previous),
            # The sandbox signs and verifies in the same process: a random secret is enough.
            sandbox_secret=_secret(settings.sandbox_webhook_secret) or secrets.token_hex(32),
        )

    @property
    def razorpay_enabled(self) -> bool:
        return bool(self.razorpay_key_id and self.razorpay_key_secret)

    @property
    def stripe_enabled(self) -> bool:
        return bool(self.stripe_secret_key)

    @property
    def stripe_live(self) -> bool:
        """Whether the secret key is a live-mode key: only events with that ``livemode`` are
        acted on (any key that is not ``sk_live_``/``rk_live_`` is a test key)."""
        return self.stripe_secret_key.startswith(("sk_live_", "rk_live_"))
