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
from core.bootstrap import Services
from core.config import Settings
from core.models import SubscriptionStatus, TotpPolicy, User
from core.services.cleanup import CleanupService
from core.services.credentials import CredentialService

router = Router(name="customer-subscriptions")


@router.message(Command("subs"))
@router.callback_query(Menu.filter(F.to == "subs"))
async def subscriptions(event: Message | CallbackQuery, t: Tr, user: User,
                        services: Services) -> None:
    owned = await services.subscriptions.list_for_user(user.telegram_id)
    if not owned:
        await show(event, t("subs-empty"), keyboards.subscriptions(t, []))
        return
    await show(event, t("subs-title"), keyboards.subscriptions(
        t, [(o.subscription, o.product.title) for o in owned]))


@router.callback_query(Sub.filter(F.action == "show"))
async def subscription(query: CallbackQuery, callback_data: Sub, t: Tr, user: User,
                       services: Services) -> None:
    owned = await services.subscriptions.get_for_user(user.telegram_id, callback_data.sub)
    sub, product = owned.subscription, owned.product
    days_left = max(0, -(-int((sub.ends_at - services.clock.now()).total_seconds()) // 86400))
    text = t("sub-detail", title=product.title, status=t(f"sub-status-{sub.status.value}"),
             ends=t.date(sub.ends_at), days=days_left,
             auto=t("auto-on") if sub.auto_renew else t("auto-off"))
    active = sub.status is SubscriptionStatus.ACTIVE
    await show(query, text, keyboards.subscription(
        t, sub, codes=active and product.totp_policy is not TotpPolicy.NONE,
        qr=active and product.totp_policy is TotpPolicy.CODES_AND_QR))


@router.callback_query(Sub.filter(F.action == "creds"))
async def credentials(query: CallbackQuery, callback_data: Sub, t: Tr,
                      services: Services) -> None:
    await send_credentials(query, t, services, callback_data.sub)
    await query.answer()


@router.callback_query(Sub.filter(F.action == "code"))
async def code(query: CallbackQuery, callback_data: Sub, t: Tr, user: User,
               services: Services) -> None:
    totp = await services.credentials.totp_code(user.telegram_id, callback_data.sub)
    await show(query, t("totp-code", code=totp.code, seconds=totp.seconds_left),
               keyboards.code_refresh(t, callback_data.sub), notice=t("totp-refreshed"))


@router.callback_query(Sub.filter(F.action == "qr"))
async def qr(query: CallbackQuery, callback_data: Sub, t: Tr, user: User,
             credentials: CredentialService, cleanup: CleanupService,
             settings: Settings) -> None:
    """The QR carries the TOTP seed: it is deleted on the credential message's schedule."""
    export = await credentials.totp_qr(user.telegram_id, callback_data.sub)
    delay = settings.credential_autodelete_seconds
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
                services: Services, state: FSMContext) -> None:
    await confirm_renewal(query, t, services, state, user, callback_data.sub)


@router.callback_query(Sub.filter(F.action.in_({"auto_on", "auto_off"})))
async def auto_renew(query: CallbackQuery, callback_data: Sub, t: Tr, user: User,
                     services: Services) -> None:
    on = callback_data.action == "auto_on"
    await services.subscriptions.set_auto_renew(user.telegram_id, callback_data.sub, on)
    await subscription(query, Sub(action="show", sub=callback_data.sub), t, user, services)
