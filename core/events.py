"""Events one core service publishes and another subscribes to, wired in ``core.bootstrap``.

``PaymentsService`` publishes ``TopUpCredited`` inside the transaction that credits a top-up;
``PurchaseService`` subscribes to complete the purchase the top-up was opened for. Payments
knows nothing of purchases: it only knows it has subscribers of this type.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from core.storage.base import Tx


@dataclass(frozen=True, slots=True)
class TopUpCredited:
    """A top-up was credited to its user's wallet (in the transaction that is still open)."""

    topup_id: str
    user_id: int
    amount: int  # what the wallet was credited, minor units of ``currency``
    currency: str
    intent_id: str | None  # the held purchase this top-up pays for, if any


class TopUpCreditedSubscriber(Protocol):
    async def __call__(self, tx: Tx, event: TopUpCredited, /) -> None:
        """Runs inside the crediting transaction, through ``tx`` only. Raising rolls the credit
        back (the gateway then retries the callback)."""


class TopUpCreditedSubscribers:
    """The subscribers of ``TopUpCredited``, run in the order they subscribed."""

    def __init__(self) -> None:
        self._subscribers: list[TopUpCreditedSubscriber] = []

    def subscribe(self, subscriber: TopUpCreditedSubscriber) -> None:
        self._subscribers.append(subscriber)

    async def publish(self, tx: Tx, event: TopUpCredited) -> None:
        for subscriber in self._subscribers:
            await subscriber(tx, event)
