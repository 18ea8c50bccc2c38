"""Wallet top-ups through Razorpay, Stripe, Telegram Stars (and a local sandbox gateway).

``PaymentsService`` is the one entry point; ``core.bootstrap`` builds it as
``Services.payments``. Models and the adapter interface are re-exported here.
"""

from core.services.payments.adapters.base import Checkout, GatewayAdapter
from core.services.payments.config import PaymentsConfig
from core.services.payments.models import (
    BotCall,
    EventStatus,
    GatewayStatus,
    Outcome,
    ReconcileReport,
    Refund,
    RefundResult,
    Settlement,
    StarsInvoice,
    TopUp,
    TopupCheckout,
    TopUpStatus,
    WebhookEvent,
)
from core.services.payments.service import PaymentsService, build_adapters

__all__ = [
    "BotCall", "Checkout", "EventStatus", "GatewayAdapter", "GatewayStatus",
    "Outcome", "PaymentsConfig", "PaymentsService", "ReconcileReport", "Refund", "RefundResult",
    "Settlement", "StarsInvoice", "TopUp", "TopUpStatus", "TopupCheckout", "WebhookEvent",
    "build_adapters",
]
