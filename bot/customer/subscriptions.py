"""My subscriptions: status, days left, credentials, TOTP code, QR image, renew, auto-renew."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.types import BufferedInputFile, CallbackQuery, Message

from bot.customer import keyboards
from bot.customer.callbacks import Menu, Sub
from bot.customer.delivery import send_credentials
from bot.customer.plans import confirm_renewal
from bot.customer.screens import show
from bot.i18n import Tr
from core.models import SubscriptionStatus, TotpPolicy, User
from core.services.cleanup import CleanupService
from core.services.credentials import CredentialService
from core.services.payments import PaymentsService
from core.services.purchases import PurchaseService
from core.services.subscriptions import SubscriptionService

router = Router(name="customer-subscriptions")


@router.message(Command("subs"))
@router.callback_query(Menu.filter(F.to == "subs"))
async def subscriptions_list(event: Message | CallbackQuery, t: Tr, user: User,
                             subscriptions: SubscriptionService) -> None:
    owned = await subscriptions.list_for_user(user.telegram_id)
    if not owned:
        await show(event, t("subs-empty"), keyboards.subscriptions(t, []))
        return
    await show(event, t("subs-title"), keyboards.subscriptions(
        t, [(o.subscription, o.product.title) for o in owned]))


@router.callback_query(Sub.filter(F.action == "show"))
async def subscription_detail(query: CallbackQuery, callback_data: Sub, t: Tr, user: User,
                              subscriptions: SubscriptionService) -> None:
    owned = await subscriptions.get_for_user(user.telegram_id, callback_data.sub)
    sub, product = owned.subscription, owned.product
    text = t("sub-detail", title=product.title, status=t(f"sub-status-{sub.status.value}"),
             ends=t.date(sub.ends_at), days=subscriptions.days_left(sub),
             auto=t("auto-on") if sub.auto_renew else t("auto-off"))
    active = sub.status is SubscriptionStatus.ACTIVE
    await show(query, text, keyboards.subscription(
        t, sub, codes=active and product.totp_policy is not TotpPolicy.NONE,
        qr=active and product.totp_policy is TotpPolicy.CODES_AND_QR))


@router.callback_query(Sub.filter(F.action == "creds"))
async def show_credentials(query: CallbackQuery, callback_data: Sub, t: Tr,
                           credentials: CredentialService, cleanup: CleanupService) -> None:
    await send_credentials(query, t, credentials, cleanup, callback_data.sub)
    await query.answer()


@router.callback_query(Sub.filter(F.action == "code"))
async def code(query: CallbackQuery, callback_data: Sub, t: Tr, user: User,
               credentials: CredentialService) -> None:
    totp = await credentials.totp_code(user.telegram_id, callback_data.sub)
    await show(query, t("totp-code", code=totp.code, seconds=totp.seconds_left),
               keyboards.code_refresh(t, callback_data.sub), notice=t("totp-refreshed"))


@router.callback_query(Sub.filter(F.action == "qr"))
async def qr(query: CallbackQuery, callback_data: Sub, t: Tr, user: User,
             credentials: CredentialService, cleanup: CleanupService) -> None:
    """The QR carries the TOTP seed: it is deleted on the credential message's schedule."""
    export = await credentials.totp_qr(user.telegram_id, callback_data.sub)
    delay = cleanup.credential_seconds
    caption = t("qr-caption", used=export.exports_used, limit=export.exports_limit)
    if delay:
        caption += "\n" + t("credentials-autodelete", duration=t.duration(delay))
    sent = await query.bot.send_photo(  # type: ignore[union-attr]
        user.telegram_id, BufferedInputFile(export.png, "totp.png"), protect_content=True,
        caption=caption[:1024])
    if delay:
        await cleanup.schedule(bot="customer", chat_id=user.telegram_id,
                               message_id=sent.message_id, after_seconds=delay)
    await query.answer()


@router.callback_query(Sub.filter(F.action == "renew"))
async def renew(query: CallbackQuery, callback_data: Sub, t: Tr, user: User,
                purchases: PurchaseService, payments: PaymentsService,
                state: FSMContext) -> None:
    await confirm_renewal(query, t, purchases, payments, state, user, callback_data.sub)


@router.callback_query(Sub.filter(F.action.in_({"auto_on", "auto_off"})))
async def auto_renew(query: CallbackQuery, callback_data: Sub, t: Tr, user: User,
                     subscriptions: SubscriptionService) -> None:
    on = callback_data.action == "auto_on"
    await subscriptions.set_auto_renew(user.telegram_id, callback_data.sub, on)
    await subscription_detail(query, Sub(action="show", sub=callback_data.sub), t, user,
                              subscriptions)
