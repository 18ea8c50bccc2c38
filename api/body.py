"""Request bodies read with a size limit: a declared ``Content-Length`` above it is refused
before a byte is read, and a body sent without one (chunked) is counted while it streams and
refused as soon as it passes the limit, so an oversized body is never read to its end."""

from __future__ import annotations

from starlette.requests import Request

from core.errors import PayloadTooLarge, ValidationError


def _too_large(limit: int) -> PayloadTooLarge:
    return PayloadTooLarge(f"request body above {limit} bytes", limit=limit)


async def read_limited(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length")
    if declared is not None:
        if not declared.isdigit() or len(declared) > 18:
            raise ValidationError("malformed Content-Length", reason="content-length")
        if int(declared) > limit:
            raise _too_large(limit)
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise _too_large(limit)
        chunks.append(chunk)
    return b"".join(chunks)
