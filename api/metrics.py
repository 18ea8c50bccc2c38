"""Prometheus metrics of one app instance (its own registry, so several apps never collide)."""

from __future__ import annotations

import time
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest

LATENCY_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0)


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.webhooks = Counter("subvault_webhooks", "Gateway callbacks by gateway and outcome",
                                ["gateway", "outcome"], registry=self.registry)
        self.credited = Counter("subvault_topups_credited", "Top-ups credited to wallets",
                                ["gateway"], registry=self.registry)
        self.latency = Histogram("subvault_http_request_duration_seconds",
                                 "HTTP request latency by route", ["method", "route"],
                                 buckets=LATENCY_BUCKETS, registry=self.registry)

    def render(self) -> bytes:
        return generate_latest(self.registry)


class LatencyMiddleware:
    """Pure ASGI middleware: observes each HTTP request under its route template (never the
    raw path, so ids do not explode the label set)."""

    def __init__(self, app: Any, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        try:
            await self.app(scope, receive, send)
        finally:
            route = scope.get("route")
            name = getattr(route, "path", None) or "unmatched"
            self.metrics.latency.labels(scope.get("method", "?"), name).observe(
                time.perf_counter() - started)
