"""Wallet: balance, paged history, top-ups through hosted pages or a Telegram Stars invoice."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command, CommandObject
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, LabeledPrice, Message, PreCheckoutQuery

from bot.customer import keyboards
from bot.customer.callbacks import Menu, Page, TopupAmount, TopupPay
from bot.customer.screens import show
from bot.customer.states import Dialog
from bot.i18n import Tr
from core.models import LedgerEntry, User
from core.money import exponent, parse_amount
from core.services.payments import PaymentsService, TopupCheckout
from core.services.wallet import WalletService

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
    page = max(0, callback_data.page)
    statement = await wallet.statement(user.telegram_id, limit=HISTORY_PAGE,
                                       offset=page * HISTORY_PAGE)
    lines = [t("history-title", page=page + 1)]
    lines += [_entry_line(t, e) for e in statement.entries] or [t("history-empty")]
    has_next = (page + 1) * HISTORY_PAGE < statement.total_entries
    await show(query, "\n".join(lines),
               keyboards.pager(t, "history", page, has_next, Menu(to="wallet")))


async def _offer_gateways(event: Message | CallbackQuery, t: Tr, payments: PaymentsService,
                          amount: int) -> None:
    names = payments.gateways
    if not names:
        await show(event, t("topup-no-gateways"), keyboards.only_home(t))
        return
    await show(event, t("topup-choose-gateway", amount=t.money(amount)),
               keyboards.gateways(t, amount, names))


@router.message(Command("topup"))
async def topup_command(message: Message, command: CommandObject, t: Tr,
                        payments: PaymentsService) -> None:
    if command.args:
        amount = payments.check_amount(parse_amount(command.args, payments.config.currency))
        await _offer_gateways(message, t, payments, amount)
        return
    await _ask_amount(message, t, payments)


@router.callback_query(Menu.filter(F.to == "topup"))
async def topup_menu(query: CallbackQuery, t: Tr, payments: PaymentsService) -> None:
    await _ask_amount(query, t, payments)


async def _ask_amount(event: Message | CallbackQuery, t: Tr, payments: PaymentsService) -> None:
    await show(event, t("topup-pick-amount"), keyboards.topup_amounts(t, presets(payments)))


@router.callback_query(TopupAmount.filter())
async def topup_amount(query: CallbackQuery, callback_data: TopupAmount, t: Tr,
                       payments: PaymentsService, state: FSMContext) -> None:
    if callback_data.amount == 0:
        cfg = payments.config
        await state.set_state(Dialog.topup_amount)
        await show(query, t("topup-type-amount", min=t.money(cfg.topup_min),
                            max=t.money(cfg.topup_max)), keyboards.only_home(t))
        return
    await _offer_gateways(query, t, payments, payments.check_amount(callback_data.amount))


@router.message(Dialog.topup_amount, F.text)
async def typed_amount(message: Message, t: Tr, payments: PaymentsService,
                       state: FSMContext) -> None:
    amount = payments.check_amount(parse_amount(message.text or "", payments.config.currency))
    await state.clear()
    await _offer_gateways(message, t, payments, amount)


@router.callback_query(TopupPay.filter())
async def topup_pay(query: CallbackQuery, callback_data: TopupPay, t: Tr, user: User,
                    payments: PaymentsService) -> None:
    amount = payments.check_amount(callback_data.amount)
    checkout = await payments.create_topup(user.telegram_id, amount, callback_data.gateway)
    await send_checkout(query, t, checkout)


async def send_checkout(query: CallbackQuery, t: Tr, checkout: TopupCheckout) -> None:
    """A hosted page becomes a Pay button; Stars become an invoice in this chat."""
    topup = checkout.topup
    if checkout.invoice is not None:
        invoice = checkout.invoice
        await query.answer()
        await query.bot.send_invoice(  # type: ignore[union-attr]
            chat_id=query.from_user.id, title=t(invoice.title, **invoice.params)[:32],
            description=t(invoice.description, **invoice.params)[:255],
            payload=invoice.payload, currency=invoice.currency, provider_token="",
            prices=[LabeledPrice(label=t("stars-label"), amount=invoice.amount)])
        return
    await show(query, t("topup-pay-link", amount=t.money(topup.amount),
                        gateway=t(f"gateway-{topup.gateway}")),
               keyboards.pay_link(t, checkout.pay_url))


@router.pre_checkout_query()
async def pre_checkout(query: PreCheckoutQuery, t: Tr, payments: PaymentsService) -> None:
    problem = await payments.validate_pre_checkout(
        query.invoice_payload, query.currency, query.total_amount)
    if problem is None:
        await query.answer(ok=True)
    else:
        await query.answer(ok=False, error_message=t(f"error-{problem}"))


@router.message(F.successful_payment)
async def successful_payment(message: Message, payments: PaymentsService) -> None:
    """Credited through the ledger; the receipt arrives through the outbox like any top-up."""
    payment = message.successful_payment
    assert payment is not None
    await payments.credit_stars_payment(
        payment.invoice_payload, payment.telegram_payment_charge_id, payment.total_amount,
        payment.currency)
