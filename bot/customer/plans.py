"""Plans: list, details, coupon, confirm (with the balance after) and buy."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message

from bot.customer import keyboards
from bot.customer.callbacks import Confirm, Menu, PayDiff, Plan
from bot.customer.delivery import deliver_purchase
from bot.customer.screens import show
from bot.customer.states import Dialog
from bot.customer.wallet import send_checkout
from bot.filters import Has
from bot.i18n import Tr
from core.errors import PriceChanged
from core.models import Delivery, Product, User
from core.services.catalog import CatalogService
from core.services.cleanup import CleanupService
from core.services.credentials import CredentialService
from core.services.payments import PaymentsService
from core.services.purchases import PendingPayment, PurchaseService, Quote
from core.services.stock import StockService

router = Router(name="customer-plans")
COUPONS = "coupons"  # FSM data: intent id -> coupon code shown on that confirm screen
QUOTED = "quoted"  # FSM data: intent id -> amount shown on a "pay the difference" screen


def _available(product: Product, free: dict[str, int]) -> bool:
    return product.delivery is Delivery.MANUAL or free.get(product.id, 0) > 0


async def _free_slots(stock: StockService, ids: list[str]) -> dict[str, int]:
    return {level.product_id: level.free_slots for level in await stock.levels(ids)}


@router.message(Command("plans"))
@router.callback_query(Menu.filter(F.to == "plans"))
async def plans(event: Message | CallbackQuery, t: Tr, catalog: CatalogService,
                stock: StockService) -> None:
    products = await catalog.list(active_only=True)
    if not products:
        await show(event, t("plans-empty"), keyboards.only_home(t))
        return
    free = await _free_slots(stock, [p.id for p in products])
    await show(event, t("plans-title"),
               keyboards.plans(t, [(p, _available(p, free)) for p in products]))


@router.callback_query(Plan.filter(F.action == "show"))
async def plan(query: CallbackQuery, callback_data: Plan, t: Tr, catalog: CatalogService,
               stock: StockService) -> None:
    product = await catalog.get(callback_data.product)
    free = await _free_slots(stock, [product.id])
    available = product.active and _available(product, free)
    text = t("plan-detail", title=product.title, description=product.description or "—",
             price=t.money(product.price), days=product.duration_days,
             stock=t("plan-available") if available else t("plan-sold-out"))
    await show(query, text, keyboards.plan_detail(t, product.id, available))


@router.callback_query(Plan.filter(F.action == "coupon"))
async def ask_coupon(query: CallbackQuery, callback_data: Plan, t: Tr,
                     state: FSMContext) -> None:
    await state.set_state(Dialog.coupon)
    await state.update_data(coupon_product=callback_data.product)
    await show(query, t("coupon-ask"), keyboards.only_home(t))


@router.message(StateFilter(Dialog.coupon), Has(F.text))
async def typed_coupon(message: Message, t: Tr, user: User, purchases: PurchaseService,
                       payments: PaymentsService, state: FSMContext) -> None:
    data = await state.get_data()
    product_id = data.get("coupon_product", "")
    quote = await purchases.quote(user.telegram_id, product_id,
                                  coupon_code=(message.text or "")[:64])
    await state.set_state(None)
    await _confirm(message, t, payments, state, quote, product=product_id)


@router.callback_query(Plan.filter(F.action == "buy"))
async def buy(query: CallbackQuery, callback_data: Plan, t: Tr, user: User,
              purchases: PurchaseService, payments: PaymentsService, state: FSMContext) -> None:
    quote = await purchases.quote(user.telegram_id, callback_data.product)
    await _confirm(query, t, payments, state, quote, product=callback_data.product)


async def _confirm(event: Message | CallbackQuery, t: Tr, payments: PaymentsService,
                   state: FSMContext, quote: Quote, *, product: str = "", sub: str = "",
                   notice: str | None = None) -> None:
    """The confirm screen. Its button carries the quote's fresh purchase intent id (every tap
    of it, or a redelivered update, is the same purchase) and the amount shown, so a price
    that changes before the tap is never charged."""
    intent = quote.intent_id
    data = await state.get_data()
    coupons = dict(data.get(COUPONS, {}))
    if quote.coupon_code:
        coupons = {**dict(list(coupons.items())[-9:]), intent: quote.coupon_code}
        await state.update_data(**{COUPONS: coupons})
    if quote.shortfall:
        quoted = {**dict(list(dict(data.get(QUOTED, {})).items())[-9:]), intent: quote.amount}
        await state.update_data(**{QUOTED: quoted})
    key = "confirm-text" if quote.shortfall == 0 else "confirm-short"
    text = t(key, title=quote.product.title, price=t.money(quote.price),
             discount=t.money(quote.discount), total=t.money(quote.amount),
             balance=t.money(quote.balance), after=t.money(quote.balance - quote.amount),
             shortfall=t.money(quote.shortfall), days=quote.product.duration_days,
             has_discount="yes" if quote.discount else "no")
    if notice:
        text = f"{notice}\n\n{text}"
    await show(event, text, keyboards.confirm(
        t, intent, product=product, sub=sub, amount=quote.amount, shortfall=quote.shortfall,
        gateway_names=payments.gateways))


async def _coupon_for(state: FSMContext, intent: str) -> str | None:
    return (await state.get_data()).get(COUPONS, {}).get(intent)


async def _requote(query: CallbackQuery, t: Tr, purchases: PurchaseService,
                   payments: PaymentsService, state: FSMContext, user: User, *, product: str,
                   sub: str, coupon: str | None) -> None:
    """The price is not the one on the button: show the confirm screen with today's price."""
    quote = await purchases.quote(user.telegram_id, product, subscription_id=sub,
                                  coupon_code=coupon)
    await _confirm(query, t, payments, state, quote, product=product, sub=sub,
                   notice=t("price-changed"))


@router.callback_query(Confirm.filter())
async def confirmed(query: CallbackQuery, callback_data: Confirm, t: Tr, user: User,
                    purchases: PurchaseService, payments: PaymentsService,
                    credentials: CredentialService, cleanup: CleanupService,
                    state: FSMContext) -> None:
    coupon = await _coupon_for(state, callback_data.intent)
    bound = dict(product=callback_data.product, sub=callback_data.sub, coupon=coupon)
    if callback_data.amount < 0:  # a button that does not name its amount: ask again
        await _requote(query, t, purchases, payments, state, user, **bound)
        return
    try:
        if callback_data.sub:
            result = await purchases.renew(
                user.telegram_id, callback_data.sub, intent_id=callback_data.intent,
                coupon_code=coupon, expected_amount=callback_data.amount, announce=False)
        else:
            result = await purchases.purchase(
                user.telegram_id, callback_data.product, intent_id=callback_data.intent,
                coupon_code=coupon, expected_amount=callback_data.amount, announce=False)
    except PriceChanged:
        await _requote(query, t, purchases, payments, state, user, **bound)
        return
    await deliver_purchase(query, t, credentials, cleanup, result)


@router.callback_query(PayDiff.filter())
async def pay_difference(query: CallbackQuery, callback_data: PayDiff, t: Tr, user: User,
                         purchases: PurchaseService, payments: PaymentsService,
                         credentials: CredentialService, cleanup: CleanupService,
                         state: FSMContext) -> None:
    data = await state.get_data()
    coupon = data.get(COUPONS, {}).get(callback_data.intent)
    quoted = data.get(QUOTED, {}).get(callback_data.intent)
    try:
        outcome = await purchases.pay_difference(
            user.telegram_id, intent_id=callback_data.intent, gateway=callback_data.gateway,
            product_id=callback_data.product, subscription_id=callback_data.sub,
            coupon_code=coupon, expected_amount=quoted if isinstance(quoted, int) else None,
            announce=False)
    except PriceChanged:
        await _requote(query, t, purchases, payments, state, user,
                       product=callback_data.product, sub=callback_data.sub, coupon=coupon)
        return
    if isinstance(outcome, PendingPayment):
        await send_checkout(query, t, outcome.checkout)
        return
    await deliver_purchase(query, t, credentials, cleanup, outcome)


async def confirm_renewal(event: CallbackQuery, t: Tr, purchases: PurchaseService,
                          payments: PaymentsService, state: FSMContext, user: User,
                          sub_id: str) -> None:
    quote = await purchases.quote(user.telegram_id, subscription_id=sub_id)
    await _confirm(event, t, payments, state, quote, sub=sub_id)
