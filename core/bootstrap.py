"""The composition root: builds the store and services once; entrypoints hand them over."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from core.clock import Clock, SystemClock
from core.config import Settings
from core.crypto import KeyRing
from core.events import TopUpCreditedSubscribers
from core.ids import IdFactory, RandomIds
from core.services.approvals import ApprovalService
from core.services.audit import AuditService
from core.services.broadcasts import BroadcastService
from core.services.catalog import CatalogService
from core.services.cleanup import CleanupService
from core.services.coupons import CouponService
from core.services.credentials import CredentialService
from core.services.manual_payments import ManualPaymentService
from core.services.notify import OutboxService
from core.services.orders import OrderService
from core.services.payments import PaymentsConfig, PaymentsService
from core.services.purchases import PurchaseService
from core.services.staff import StaffService
from core.services.stats import StatsService
from core.services.stock import StockService
from core.services.subscriptions import SubscriptionService
from core.services.support import SupportService
from core.services.users import UserService
from core.services.wallet import WalletService
from core.storage import Store, open_store

LANGUAGES: tuple[str, ...] = ("en", "hi", "ru", "bg")


@dataclass
class Services:
    settings: Settings
    store: Store
    keyring: KeyRing
    clock: Clock
    ids: IdFactory
    users: UserService
    wallet: WalletService
    audit: AuditService
    outbox: OutboxService
    catalog: CatalogService
    stock: StockService
    coupons: CouponService
    purchases: PurchaseService
    orders: OrderService
    subscriptions: SubscriptionService
    credentials: CredentialService
    payments: PaymentsService
    support: SupportService
    cleanup: CleanupService
    staff: StaffService
    stats: StatsService
    approvals: ApprovalService
    manual_payments: ManualPaymentService
    broadcasts: BroadcastService

    def by_name(self) -> dict[str, Any]:
        """Each part under its field name: what aiogram injects into handlers by parameter name
        (``async def h(message, wallet: WalletService)``) and what FastAPI dependencies look up."""
        return {f.name: getattr(self, f.name) for f in fields(self)}

    async def close(self) -> None:
        await self.payments.close()
        await self.store.close()


def build_services(settings: Settings, store: Store, keyring: KeyRing, *,
                   clock: Clock | None = None, ids: IdFactory | None = None) -> Services:
    clock = clock or SystemClock()
    ids = ids or RandomIds()
    # Pay at purchase: purchases opens top-ups for a shortfall through payments (a TopUpOpener),
    # and a credited top-up that carries a purchase intent completes that purchase inside the
    # crediting transaction (purchases subscribes to TopUpCredited, which payments publishes).
    credited = TopUpCreditedSubscribers()
    payments = PaymentsService(store, clock, ids, PaymentsConfig.from_settings(settings),
                               credited=credited)
    purchases = PurchaseService(store, clock, ids, currency=settings.currency,
                                hold_minutes=settings.intent_hold_minutes, topups=payments,
                                min_topup=payments.config.topup_min)
    credited.subscribe(purchases.complete_held_purchase)
    stock = StockService(store, clock, ids, keyring)
    orders = OrderService(store, clock, ids, keyring, currency=settings.currency)
    return Services(
        settings=settings, store=store, keyring=keyring, clock=clock, ids=ids,
        users=UserService(store, clock, languages=LANGUAGES,
                          default_language=settings.default_language),
        wallet=WalletService(store, clock, ids, settings.currency),
        audit=AuditService(store, clock),
        support=SupportService(store, clock, ids),
        cleanup=CleanupService(store, clock, ids,
                               credential_seconds=settings.credential_autodelete_seconds),
        outbox=OutboxService(store, clock, ids),
        catalog=CatalogService(store, clock, ids),
        stock=stock,
        coupons=CouponService(store, clock),
        purchases=purchases,
        orders=orders,
        subscriptions=SubscriptionService(store, clock, ids),
        credentials=CredentialService(store, clock, keyring, ids),
        payments=payments,
        staff=StaffService(store, clock, admin_ids=settings.admin_ids,
                           default_language=settings.default_language,
                           alert_chat_id=settings.alert_chat_id),
        stats=StatsService(store, clock, stock),
        approvals=ApprovalService(store, clock, ids, orders, payments, currency=settings.currency,
                                  limit=settings.approval_limit),
        manual_payments=ManualPaymentService(
            store, clock, ids, currency=settings.currency, minimum=settings.topup_min,
            maximum=settings.topup_max, instructions=settings.manual_payment_instructions),
        broadcasts=BroadcastService(store, clock, ids),
    )


async def open_services(settings: Settings, keyring: KeyRing, *, clock: Clock | None = None,
                        ids: IdFactory | None = None) -> Services:
    options: dict[str, object] = {}
    if not settings.database_url.startswith("sqlite:"):
        options["operation_timeout_ms"] = settings.database_timeout_seconds * 1000
    store = await open_store(settings.database_url, **options)
    return build_services(settings, store, keyring, clock=clock, ids=ids)
