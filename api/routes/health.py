"""Liveness, readiness (the store answers) and Prometheus metrics (only to a scraper that
presents METRICS_TOKEN as a bearer token; without the setting /metrics does not exist)."""

from __future__ import annotations

import hmac
import logging
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response
from prometheus_client import CONTENT_TYPE_LATEST

from api.deps import ClockDep, MetricsDep, SettingsDep, StoreDep
from core.errors import StoreUnavailable
from core.services.jobruns import heartbeat_age

router = APIRouter(tags=["health"])
log = logging.getLogger(__name__)


@router.get("/healthz")
async def healthz(store: StoreDep, clock: ClockDep) -> dict[str, Any]:
    """Alive; and how long ago a scheduled job last finished a run (None: never, or the store
    does not answer), so a monitor sees a dead scheduler."""
    age = None
    try:
        heartbeat = await heartbeat_age(store, clock)
        age = None if heartbeat is None else round(heartbeat.total_seconds(), 1)
    except StoreUnavailable:
        log.warning("healthz: the store does not answer")
    return {"status": "ok", "jobs_heartbeat_age_s": age}


@router.get("/readyz", responses={503: {"description": "the store does not answer"}})
async def readyz(store: StoreDep) -> JSONResponse:
    try:
        await store.ping()
    except StoreUnavailable:
        return JSONResponse({"status": "unavailable"}, status_code=503)
    return JSONResponse({"status": "ready"})


def _bearer_matches(header: str | None, token: str) -> bool:
    scheme, _, given = (header or "").partition(" ")
    return scheme.lower() == "bearer" and hmac.compare_digest(given.strip().encode(),
                                                              token.encode())


@router.get("/metrics", response_class=Response, include_in_schema=False)
async def metrics(request: Request, registry: MetricsDep, settings: SettingsDep) -> Response:
    token = settings.metrics_token
    if token is None or not token.get_secret_value():
        return JSONResponse({"error": "not-found"}, status_code=404)
    if not _bearer_matches(request.headers.get("authorization"), token.get_secret_value()):
        return JSONResponse({"error": "unauthorized"}, status_code=401,
                            headers={"WWW-Authenticate": "Bearer"})
    return Response(registry.render(), media_type=CONTENT_TYPE_LATEST)
