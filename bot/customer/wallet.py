"""Wallet: balance, paged history, top-ups through hosted pages or a Telegram Stars invoice."""

from __future__ import annotations

import asyncio
import logging

from aiogram import F, Router
from aiogram.filters import Command, CommandObject, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, LabeledPrice, Message, PreCheckoutQuery

from bot.customer import keyboards
from bot.customer.callbacks import Menu, Page, TopupAmount, TopupPay
from bot.customer.screens import show
from bot.customer.states import Dialog
from bot.errors import render_error
from bot.filters import Has
from bot.i18n import Tr
from core.errors import BadPayload, InvalidAmount
from core.models import LedgerEntry, User
from core.money import exponent, parse_amount
from core.services.manual_payments import ManualPaymentService
from core.services.payments import PaymentsService, TopupCheckout
from core.services.wallet import WalletService

log = logging.getLogger(__name__)
router = Router(name="customer-wallet")
HISTORY_PAGE = 8
PRESET_MAJOR_UNITS = (100, 250, 500, 1000, 2500, 5000)


def presets(payments: PaymentsService) -> list[int]:
    cfg = payments.config
    scale = 10 ** exponent(cfg.currency)
    return [p * scale for p in PRESET_MAJOR_UNITS if cfg.topup_min <= p * scale <= cfg.topup_max]


@router.message(Command("wallet"))
@router.callback_query(Menu.filter(F.to == "wallet"))
async def wallet_screen(event: Message | CallbackQuery, t: Tr, user: User,
                        wallet: WalletService) -> None:
    statement = await wallet.statement(user.telegram_id, limit=3)
    lines = [t("wallet-balance", balance=t.money(statement.balance))]
    lines += [_entry_line(t, e) for e in statement.entries]
    await show(event, "\n".join(lines), keyboards.wallet(t, statement.total_entries > 0))


def _entry_line(t: Tr, entry: LedgerEntry) -> str:
    sign = "+" if entry.amount > 0 else "−"
    return t("wallet-entry", date=t.date(entry.created_at), sign=sign,
             amount=t.money(abs(entry.amount)), reason=t(f"reason-{entry.reason}"))


@router.callback_query(Page.filter(F.kind == "history"))
async def history(query: CallbackQuery, callback_data: Page, t: Tr, user: User,
                  wallet: WalletService) -> None:
    page = callback_data.page
    statement = await wallet.statement(user.telegram_id, limit=HISTORY_PAGE,
                                       offset=page * HISTORY_PAGE)
    last = max(0, statement.total_entries - 1) // HISTORY_PAGE
    if page > last:  # an old or forged page number: show the last page there is
        page = last
        statement = await wallet.statement(user.telegram_id, limit=HISTORY_PAGE,
                                           offset=page * HISTORY_PAGE)
    lines = [t("history-title", page=page + 1)]
    lines += [_entry_line(t, e) for e in statement.entries] or [t("history-empty")]
    has_next = (page + 1) * HISTORY_PAGE < statement.total_entries
    await show(query, "\n".join(lines),
               keyboards.pager(t, "history", page, has_next, Menu(to="wallet")))


async def _offer_gateways(event: Message | CallbackQuery, t: Tr, payments: PaymentsService,
                          amount: int, manual: ManualPaymentService) -> None:
    names = payments.gateways + (("bank",) if manual.enabled else ())  # bot.customer.manual
    if not names:
        await show(event, t("topup-no-gateways"), keyboards.only_home(t))
        return
    await show(event, t("topup-choose-gateway", amount=t.money(amount)),
               keyboards.gateways(t, amount, names))


@router.message(Command("topup"))
async def topup_command(message: Message, command: CommandObject, t: Tr,
                        payments: PaymentsService, manual_payments: ManualPaymentService
                        ) -> None:
    if command.args:
        amount = await _read_amount(message, t, payments, command.args)
        if amount is not None:
            await _offer_gateways(message, t, payments, amount, manual_payments)
        return
    await _ask_amount(message, t, payments)


@router.callback_query(Menu.filter(F.to == "topup"))
async def topup_menu(query: CallbackQuery, t: Tr, payments: PaymentsService) -> None:
    await _ask_amount(query, t, payments)


async def _ask_amount(event: Message | CallbackQuery, t: Tr, payments: PaymentsService) -> None:
    await show(event, t("topup-pick-amount"), keyboards.topup_amounts(t, presets(payments)))


async def _read_amount(message: Message, t: Tr, payments: PaymentsService,
                       text: str) -> int | None:
    """The typed amount in minor units; or None after saying what is wrong, the range, and
    offering the menu (the dialog stays open for another try)."""
    cfg = payments.config
    try:
        return payments.check_amount(parse_amount(text, cfg.currency))
    except InvalidAmount as exc:
        await message.answer(
            render_error(t, exc) + "\n" + t("topup-type-amount", min=t.money(cfg.topup_min),
                                             max=t.money(cfg.topup_max)),
            reply_markup=keyboards.only_home(t))
        return None


@router.callback_query(TopupAmount.filter())
async def topup_amount(query: CallbackQuery, callback_data: TopupAmount, t: Tr,
                       payments: PaymentsService, manual_payments: ManualPaymentService,
                       state: FSMContext) -> None:
    if callback_data.amount == 0:
        cfg = payments.config
        await state.set_state(Dialog.topup_amount)
        await show(query, t("topup-type-amount", min=t.money(cfg.topup_min),
                            max=t.money(cfg.topup_max)), keyboards.only_home(t))
        return
    await _offer_gateways(query, t, payments, payments.check_amount(callback_data.amount),
                          manual_payments)


@router.message(StateFilter(Dialog.topup_amount), Has(F.text))
async def typed_amount(message: Message, t: Tr, payments: PaymentsService,
                       manual_payments: ManualPaymentService, state: FSMContext) -> None:
    amount = await _read_amount(message, t, payments, message.text or "")
    if amount is None:
        return
    await state.set_state(None)
    await _offer_gateways(message, t, payments, amount, manual_payments)


@router.callback_query(TopupPay.filter())
async def topup_pay(query: CallbackQuery, callback_data: TopupPay, t: Tr, user: User,
                    payments: PaymentsService) -> None:
    """The press is answered at once and the screen says the link is on its way: a slow
    gateway must not leave the button spinning. The screen is edited when the link exists."""
    amount = payments.check_amount(callback_data.amount)
    await query.answer(t("topup-creating-link"))
    if isinstance(query.message, Message) and query.message.text is not None:
        await query.message.edit_text(t("topup-creating-link"))
    checkout = await payments.create_topup(user.telegram_id, amount, callback_data.gateway)
    await send_checkout(query, t, checkout, answered=True)


async def send_checkout(query: CallbackQuery, t: Tr, checkout: TopupCheckout, *,
                        answered: bool = False) -> None:
    """A hosted page becomes a Pay button; Stars become an invoice in this chat."""
    topup = checkout.topup
    if checkout.invoice is not None:
        invoice = checkout.invoice
        if not answered:
            await query.answer()
        await query.bot.send_invoice(  # type: ignore[union-attr]
            chat_id=query.from_user.id, title=t(invoice.title, **invoice.params)[:32],
            description=t(invoice.description, **invoice.params)[:255],
            payload=invoice.payload, currency=invoice.currency, provider_token="",
            prices=[LabeledPrice(label=t("stars-label"), amount=invoice.amount)])
        if answered and isinstance(query.message, Message) and query.message.text is not None:
            await query.message.edit_text(t("topup-invoice-below", amount=t.money(topup.amount)),
                                          reply_markup=keyboards.only_home(t))
        return
    await show(query, t("topup-pay-link", amount=t.money(topup.amount),
                        gateway=t(f"gateway-{topup.gateway}")),
               keyboards.pay_link(t, checkout.pay_url), answered=answered)


@router.pre_checkout_query()
async def pre_checkout(query: PreCheckoutQuery, t: Tr, payments: PaymentsService) -> None:
    problem = await payments.validate_pre_checkout(
        query.invoice_payload, query.currency, query.total_amount)
    if problem is None:
        await query.answer(ok=True)
    else:
        await query.answer(ok=False, error_message=t(f"error-{problem}"))


@router.message(Has(F.successful_payment))
async def successful_payment(message: Message, t: Tr, payments: PaymentsService) -> None:
    """Recorded and credited through the ledger; the receipt arrives through the outbox like any
    top-up. If the store keeps failing, the payment is retried in the background (and by the
    scheduled retry once its record is stored) and the customer is told it is on its way."""
    payment = message.successful_payment
    assert payment is not None
    args = (payment.invoice_payload, payment.telegram_payment_charge_id, payment.total_amount,
            payment.currency)
    try:
        await payments.credit_stars_payment(*args)
    except BadPayload:
        raise
    except Exception:
        log.exception("stars payment %s: crediting deferred", payment.telegram_payment_charge_id)
        _keep_crediting(payments, args)
        await message.answer(t("stars-credit-delayed"), reply_markup=keyboards.only_home(t))


_RETRIES: set[asyncio.Task[None]] = set()
RETRY_DELAYS_S = (2, 5, 15, 30, 60, 120, 300)


def _keep_crediting(payments: PaymentsService, args: tuple[str, str, int, str]) -> None:
    """Keep trying in this process until the payment is credited (or its record is stored,
    after which the scheduled retry also picks it up)."""
    async def retry() -> None:
        attempt = 0
        while True:
            await asyncio.sleep(RETRY_DELAYS_S[min(attempt, len(RETRY_DELAYS_S) - 1)])
            attempt += 1
            try:
                await payments.credit_stars_payment(*args, attempts=1)
                log.info("stars payment %s credited after %d retries", args[1], attempt)
                return
            except BadPayload:
                return
            except Exception as exc:
                log.warning("stars payment %s retry %d failed: %s", args[1], attempt,
                            type(exc).__name__)

    task = asyncio.create_task(retry())
    _RETRIES.add(task)
    task.add_done_callback(_RETRIES.discard)
