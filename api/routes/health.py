"""Liveness, readiness (the store answers) and Prometheus metrics."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import APIRouter
from fastapi.responses import JSONResponse, Response
from prometheus_client import CONTENT_TYPE_LATEST

from api.deps import MetricsDep, ServicesDep
from core.errors import StoreUnavailable
from core.services.jobruns import JobRunService

router = APIRouter(tags=["health"])
log = logging.getLogger(__name__)


@router.get("/healthz")
async def healthz(services: ServicesDep) -> dict[str, Any]:
    """Alive; and how long ago a scheduled job last finished a run (None: never, or the store
    does not answer), so a monitor sees a dead scheduler."""
    age = None
    try:
        heartbeat = await JobRunService(services.store, services.clock, services.ids
                                        ).heartbeat_age()
        age = None if heartbeat is None else round(heartbeat.total_seconds(), 1)
    except StoreUnavailable:
        log.warning("healthz: the store does not answer")
    return {"status": "ok", "jobs_heartbeat_age_s": age}


@router.get("/readyz", responses={503: {"description": "the store does not answer"}})
async def readyz(services: ServicesDep) -> JSONResponse:
    try:
        await services.store.ping()
    except StoreUnavailable:
        return JSONResponse({"status": "unavailable"}, status_code=503)
    return JSONResponse({"status": "ready"})


@router.get("/metrics", response_class=Response)
async def metrics(registry: MetricsDep) -> Response:
    return Response(registry.render(), media_type=CONTENT_TYPE_LATEST)
