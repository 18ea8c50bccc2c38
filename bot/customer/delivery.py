"""Showing credentials: protected content, deleted after a while, always viewable again."""

from __future__ import annotations

import logging

from aiogram.types import CallbackQuery, Message

from bot.customer import keyboards
from bot.customer.screens import show
from bot.i18n import Tr
from core.errors import CryptoError
from core.services.cleanup import CleanupService
from core.services.credentials import Credential, CredentialService
from core.services.purchases import PurchaseResult

log = logging.getLogger(__name__)


async def deliver_purchase(query: CallbackQuery, t: Tr, credentials: CredentialService,
                           cleanup: CleanupService, result: PurchaseResult) -> None:
    """One screen saying it is paid, then the credential as its own protected message. A
    purchase that had already been made (an old button pressed again) only says so: its
    credential was sent then and is always in My subscriptions."""
    order = result.order
    if result.subscription is None:
        await show(query, t("order-pending-manual", order=order.id), keyboards.only_home(t))
        return
    sub_id = result.subscription.id
    done = t("purchase-done", order=order.id, total=t.money(order.amount),
             ends=t.date(result.subscription.ends_at))
    if result.replayed:
        await show(query, done, keyboards.after_purchase(t, sub_id),
                   notice=t("purchase-already-done"))
        return
    try:
        cred = await credentials.view(query.from_user.id, sub_id)
    except CryptoError:  # staff were alerted by the service; never say "ready" without it
        log.error("order %s is paid but its credential cannot be opened", order.id)
        await show(query, t("purchase-credential-unavailable", order=order.id,
                            total=t.money(order.amount)), keyboards.after_purchase(t, sub_id))
        return
    await show(query, done, keyboards.after_purchase(t, sub_id),
               notice=t("purchase-done-toast"))
    await _send(query, t, cleanup, cred)


async def send_credentials(event: CallbackQuery | Message, t: Tr,
                           credentials: CredentialService, cleanup: CleanupService,
                           subscription_id: str) -> None:
    """Send the credential as its own protected message and schedule its deletion."""
    user_id = event.from_user.id  # type: ignore[union-attr]
    await _send(event, t, cleanup, await credentials.view(user_id, subscription_id))


async def _send(event: CallbackQuery | Message, t: Tr, cleanup: CleanupService,
                cred: Credential) -> None:
    user_id = event.from_user.id  # type: ignore[union-attr]
    text = t("credentials", platform=cred.platform, plan=cred.plan, login=cred.login,
             password=cred.password, notes=cred.notes or "—", ends=t.date(cred.ends_at))
    delay = cleanup.credential_seconds
    if delay:
        text += "\n\n" + t("credentials-autodelete", duration=t.duration(delay))
    sent = await event.bot.send_message(  # type: ignore[union-attr]
        user_id, text, protect_content=True,
        reply_markup=keyboards.after_purchase(t, cred.subscription_id))
    if delay:
        await cleanup.schedule(bot="customer", chat_id=user_id, message_id=sent.message_id,
                               after_seconds=delay)
