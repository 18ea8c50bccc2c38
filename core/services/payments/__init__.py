"""Wallet top-ups through Razorpay, Stripe, Telegram Stars (and a local sandbox gateway).

``PaymentsService`` is the one entry point; ``core.bootstrap`` builds it as
``Services.payments``. Its own models and the adapter interface are re-exported here; the
top-up and webhook-event records are domain models in ``core.models``.
"""

from core.services.payments.adapters.base import Checkout, GatewayAdapter
from core.services.payments.config import PaymentsConfig
from core.services.payments.models import (
    BotCall,
    GatewayStatus,
    Outcome,
    ReconcileReport,
    Refund,
    RefundResult,
    Settlement,
    StarsInvoice,
    TopupCheckout,
)
from core.services.payments.service import PaymentsService, build_adapters

__all__ = [
    "BotCall", "Checkout", "GatewayAdapter", "GatewayStatus", "Outcome", "PaymentsConfig",
    "PaymentsService", "ReconcileReport", "Refund", "RefundResult", "Settlement", "StarsInvoice",
    "TopupCheckout", "build_adapters",
]
