"""Domain errors to HTTP answers, in one place. Bodies carry the error code, never details that
could hold a secret; unexpected exceptions are logged with their traceback and answer 500."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from core.errors import (
    DomainError,
    GatewayDisabled,
    GatewayRejected,
    GatewayUnavailable,
    NotFound,
    PayloadTooLarge,
    StorageError,
    StoreUnavailable,
    ValidationError,
)

log = logging.getLogger(__name__)

STATUS: list[tuple[type[DomainError], int]] = [
    (StoreUnavailable, 503),
    (StorageError, 503),  # any store failure: the caller (a gateway) retries later
    (PayloadTooLarge, 413),
    (GatewayUnavailable, 502),
    (GatewayRejected, 502),
    (GatewayDisabled, 404),
    (NotFound, 404),
    (ValidationError, 400),
]


def status_for(exc: DomainError) -> int:
    return next((status for kind, status in STATUS if isinstance(exc, kind)), 409)


async def _domain_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, DomainError)
    status = status_for(exc)
    log.log(logging.WARNING if status >= 500 else logging.INFO, "%s %s -> %d %s",
            request.method, request.url.path, status, exc.code)
    headers = {"Retry-After": "30"} if status == 503 else None
    return JSONResponse({"error": exc.code}, status_code=status, headers=headers)


def install(app: FastAPI) -> None:
    app.add_exception_handler(DomainError, _domain_error)
