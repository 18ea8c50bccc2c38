"""The payment callback app (FastAPI): webhooks, return pages, health and metrics."""

from api.app import create_app

__all__ = ["create_app"]
