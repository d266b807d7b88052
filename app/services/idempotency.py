"""``Idempotency-Key``: the same key and body replay the first response; another body is 422."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any

from bson import ObjectId
from fastapi.responses import JSONResponse

from app.errors import Conflict, Unprocessable
from app.repositories import idempotency as repo
from app.services.context import Ctx

Producer = Callable[[], Awaitable[tuple[int, Any, dict[str, str]]]]


def body_fingerprint(body: Any) -> str:
    return hashlib.sha256(json.dumps(body, sort_keys=True, default=str).encode()).hexdigest()


async def run_once(
    ctx: Ctx, *, key: str | None, scope: str, body: Any, produce: Producer,
    application_of: Callable[[Any], str | None] | None = None,
) -> JSONResponse:
    """Run ``produce`` once per (caller, scope, key); later calls replay its response.

    ``application_of`` names the application a stored response is about (from its payload):
    the record then goes with the application when it is purged or erased.
    """
    if key is None:
        status, payload, headers = await produce()
        return JSONResponse(payload, status_code=status, headers=headers)
    key_id = hashlib.sha256(f"{ctx.actor.sub}\x00{scope}\x00{key}".encode()).hexdigest()
    fingerprint = body_fingerprint(body)
    now = ctx.clock.now()
    ttl = timedelta(hours=ctx.settings.idempotency_ttl_hours)
    existing = await repo.claim(ctx.db, key_id=key_id, body_hash=fingerprint, now=now,
                                expires_at=now + ttl)
    if existing is not None:
        if existing["body_hash"] != fingerprint:
            raise Unprocessable("This Idempotency-Key was used with a different request body.")
        if existing["state"] != "done":
            raise Conflict("A request with this Idempotency-Key is still being processed.",
                           headers={"Retry-After": "1"})
        headers = {**existing.get("headers", {}), "Idempotent-Replayed": "true"}
        return JSONResponse(existing["body"], status_code=existing["status"], headers=headers)
    try:
        status, payload, headers = await produce()
    except BaseException:
        await repo.forget(ctx.db, key_id=key_id)
        raise
    linked = application_of(payload) if application_of is not None else None
    await repo.complete(ctx.db, key_id=key_id, status=status, body=payload, headers=headers,
                        application_id=ObjectId(linked) if linked and ObjectId.is_valid(linked)
                        else None)
    return JSONResponse(payload, status_code=status, headers=headers)
