"""``subvault bot admin``: the admin bot (staff only)."""

from __future__ import annotations

from bot.admin.runner import run_admin_bot
from bot.factory import make_bot
from core.config import Settings
from subvault.context import fail, keyring_or_exit, run_async, services_for
from subvault.launch.api import configure_runtime
from subvault.launch.customer_bot import stop_on_signals


def serve(settings: Settings) -> int:
    if settings.admin_bot_token is None:
        fail("setting ADMIN_BOT_TOKEN: not set (or run `subvault run` for local mode)")
    keyring = keyring_or_exit(settings, create_for_new_sqlite=True)
    configure_runtime()

    async def main() -> int:
        stop = stop_on_signals()
        async with services_for(settings, keyring) as services:
            bot = make_bot(settings.admin_bot_token.get_secret_value(),  # type: ignore[union-attr]
                           settings.telegram_api_base)
            # Stars refunds are calls of the customer bot (it took the payments)
            customer = make_bot(settings.customer_bot_token.get_secret_value(),
                                settings.telegram_api_base) if settings.customer_bot_token \
                else None
            try:
                await run_admin_bot(services, bot, stop, customer_bot=customer)
            finally:
                await bot.session.close()
                if customer is not None:
                    await customer.session.close()
        return 0

    return run_async(main)
