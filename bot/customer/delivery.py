"""Showing credentials: protected content, deleted after a while, always viewable again."""

from __future__ import annotations

import logging

from aiogram.types import CallbackQuery, Message

from bot.customer import keyboards
from bot.customer.screens import show
from bot.i18n import Tr
from core.services.cleanup import CleanupService
from core.services.credentials import CredentialService
from core.services.purchases import PurchaseResult

log = logging.getLogger(__name__)


async def deliver_purchase(query: CallbackQuery, t: Tr, credentials: CredentialService,
                           cleanup: CleanupService, result: PurchaseResult) -> None:
    order = result.order
    if result.subscription is None:
        await show(query, t("order-pending-manual", order=order.id), keyboards.only_home(t))
        return
    notice = t("purchase-done-toast") if not result.replayed else t("purchase-already-done")
    await show(query, t("purchase-done", order=order.id, total=t.money(order.amount),
                        ends=t.date(result.subscription.ends_at)),
               keyboards.after_purchase(t, result.subscription.id), notice=notice)
    await send_credentials(query, t, credentials, cleanup, result.subscription.id)


async def send_credentials(event: CallbackQuery | Message, t: Tr,
                           credentials: CredentialService, cleanup: CleanupService,
                           subscription_id: str) -> None:
    """Send the credential as its own protected message and schedule its deletion."""
    user_id = event.from_user.id  # type: ignore[union-attr]
    cred = await credentials.view(user_id, subscription_id)
    text = t("credentials", platform=cred.platform, plan=cred.plan, login=cred.login,
             password=cred.password, notes=cred.notes or "—", ends=t.date(cred.ends_at))
    delay = cleanup.credential_seconds
    if delay:
        text += "\n\n" + t("credentials-autodelete", minutes=max(1, delay // 60))
    sent = await event.bot.send_message(  # type: ignore[union-attr]
        user_id, text, protect_content=True,
        reply_markup=keyboards.after_purchase(t, subscription_id))
    if delay:
        await cleanup.schedule(bot="customer", chat_id=user_id, message_id=sent.message_id,
                               after_seconds=delay)
