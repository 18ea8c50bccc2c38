"""Gateway adapters behind one interface (``GatewayAdapter``): create a checkout, ask about it,
refund it. Each SDK's API base URL is a setting, so tests fake the gateways at the transport."""

from core.services.payments.adapters.base import Checkout, GatewayAdapter

__all__ = ["Checkout", "GatewayAdapter"]
