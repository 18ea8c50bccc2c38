"""Telegram's deliveries for the customer bot (webhook mode, ``BOT_MODE=webhook``).

The route only passes the secret-token header and the raw body to a ``TelegramUpdates`` (the
customer bot's webhook, handed to ``create_app`` by the launcher) and answers with the status it
returns: 403 for a wrong or missing token, 400 for a body that is not an update, 200 once the
update is handled, 500 if it could not be (Telegram delivers it again).
A body above WEBHOOK_MAX_BODY_BYTES is refused with 413 before it is read to its end. The route
is mounted only when the app is given a ``TelegramUpdates``.
"""

from __future__ import annotations

from typing import Annotated, Protocol

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from api.body import read_limited
from api.deps import SettingsDep
from core.errors import PayloadTooLarge, ValidationError

PATH = "/telegram/customer"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"  # noqa: S105 - a header name

router = APIRouter(tags=["telegram"])


class TelegramUpdates(Protocol):
    async def receive(self, secret_token: str | None, body: bytes) -> int:
        """The HTTP status for one delivery, given once the update is handled."""
        ...


async def _updates(request: Request) -> TelegramUpdates:
    return request.app.state.telegram_updates


@router.post(PATH, include_in_schema=False)
async def telegram_update(request: Request, settings: SettingsDep,
                          updates: Annotated[TelegramUpdates, Depends(_updates)]) -> Response:
    try:
        body = await read_limited(request, settings.webhook_max_body_bytes)
    except PayloadTooLarge:
        return Response(status_code=413)
    except ValidationError:  # a malformed Content-Length
        return Response(status_code=400)
    status = await updates.receive(request.headers.get(SECRET_HEADER), body)
    return Response(status_code=status)
