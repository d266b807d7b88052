"""Conditional GETs for anonymous, cacheable answers: a strong ETag over the body served, and
304 when the caller (a browser, a CDN) already holds it (RFC 9110 §13.1.2)."""

from __future__ import annotations

import hashlib
from typing import Annotated, Any

from fastapi import Header, Response

IfNoneMatch = Annotated[str | None, Header(
    alias="If-None-Match", max_length=200,
    description="The `ETag` of your cached copy: 304 when it is still current.")]


def etag_of(body: bytes) -> str:
    """A strong ETag: the body's hash."""
    return '"' + hashlib.sha256(body).hexdigest()[:32] + '"'


def cached_responses(cache_control: str, changes: str) -> dict[int | str, dict[str, Any]]:
    """The OpenAPI description of a cacheable route's 200 headers and its 304."""
    return {
        200: {"headers": {
            "ETag": {"description": changes, "schema": {"type": "string"}},
            "Cache-Control": {"description": f"`{cache_control}`.",
                              "schema": {"type": "string"}}}},
        304: {"description": "Your cached copy (`If-None-Match`) is current."},
    }


def conditional(body: bytes, *, etag: str, cache_control: str,
                if_none_match: str | None) -> Response:
    """The JSON ``body`` with its validators, or an empty 304 when ``If-None-Match`` names it."""
    headers = {"ETag": etag, "Cache-Control": cache_control}
    if if_none_match is not None:
        offered = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
        if etag in offered or "*" in offered:
            return Response(status_code=304, headers=headers)
    return Response(body, media_type="application/json", headers=headers)
