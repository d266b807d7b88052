"""The ``deliver_webhooks`` job: fan events out to endpoints, then send due deliveries.

Events are written with the change they announce, so a crash loses none; fan-out inserts one
delivery per (endpoint, event) under a unique index, so a re-run duplicates nothing; a delivery
is claimed with a conditional update and, if the process dies mid-send, is retried once the
claim lapses (receivers deduplicate on ``webhook-id``).
"""

from __future__ import annotations

import json
import logging
import secrets
import time
from datetime import UTC, datetime, timedelta

import httpx
from bson import ObjectId
from standardwebhooks.webhooks import Webhook

from app.models.integrations_webhooks import AttemptDoc, DeliveryDoc, EndpointDoc, EventDoc
from app.repositories import webhooks as repo
from app.services.context import Ctx
from app.services.integrations.ssrf import UnsafeTarget, check_target
from app.services.integrations.webhooks import DELIVERY_RETENTION, signing_secrets

log = logging.getLogger("app.webhooks")

# Delays after attempts 1..9 (10 attempts in all, ~19 h), each ±20 % jitter; never past 24 h.
BACKOFF = [timedelta(seconds=5), timedelta(seconds=30), timedelta(minutes=2),
           timedelta(minutes=10), timedelta(minutes=30), timedelta(hours=1), timedelta(hours=3),
           timedelta(hours=6), timedelta(hours=8)]
RETRY_WINDOW = timedelta(hours=24)
MIN_ATTEMPTS = 8
FAN_OUT_BATCH = 200
SEND_BATCH = 50
EXCERPT_BYTES = 1024
_JITTER = secrets.SystemRandom()


def next_delay(attempts: int) -> timedelta | None:
    """The wait after ``attempts`` failed attempts, jittered; None when retries are over."""
    if attempts > len(BACKOFF):
        return None
    return BACKOFF[attempts - 1] * _JITTER.uniform(0.8, 1.2)


async def fan_out(ctx: Ctx) -> int:
    """One delivery per subscribed endpoint for each new event; returns deliveries queued."""
    queued = 0
    now = ctx.clock.now()
    for event in await repo.events_to_fan_out(ctx.db, limit=FAN_OUT_BATCH):
        for endpoint in await repo.subscribers(ctx.db, event_type=event.type.value,
                                               country=event.country):
            queued += await repo.insert_delivery(ctx.db, DeliveryDoc(
                id=ObjectId(), endpoint_id=endpoint.id, event_id=event.id,
                event_type=event.type, first_attempt_after=now, next_attempt_at=now,
                created_at=now, expires_at=now + DELIVERY_RETENTION))
        await repo.mark_fanned_out(ctx.db, event.id)
    return queued


def _body(event: EventDoc) -> str:
    return json.dumps({"type": event.type.value, "timestamp": event.created_at.isoformat(),
                       "data": event.data}, separators=(",", ":"), sort_keys=True)


async def _send(ctx: Ctx, endpoint: EndpointDoc, event: EventDoc) -> AttemptDoc:
    """POST the event, signed with every current secret; the attempt as recorded."""
    started, at = time.monotonic(), ctx.clock.now()
    try:
        await check_target(endpoint.url, ctx.settings)
    except UnsafeTarget as exc:
        return AttemptDoc(at=at, latency_ms=0, error=f"refused: {exc}")
    body = _body(event)
    # Receivers check the timestamp against their wall clock (±5 min): send real time.
    stamp = datetime.now(UTC)
    signatures = " ".join(Webhook(s).sign(event.id, stamp, body)
                          for s in signing_secrets(ctx, endpoint))
    headers = {"webhook-id": event.id, "webhook-timestamp": str(int(stamp.timestamp())),
               "webhook-signature": signatures, "content-type": "application/json",
               "user-agent": "eu-ats-webhooks/1"}
    try:
        async with httpx.AsyncClient(timeout=ctx.settings.webhook_timeout_seconds,
                                     follow_redirects=False, trust_env=False) as http, \
                http.stream("POST", endpoint.url, content=body, headers=headers) as response:
            excerpt = b""
            async for chunk in response.aiter_bytes():
                excerpt += chunk
                if len(excerpt) >= EXCERPT_BYTES:
                    break
    except httpx.HTTPError as exc:
        return AttemptDoc(at=at, latency_ms=int((time.monotonic() - started) * 1000),
                          error=type(exc).__name__)
    return AttemptDoc(at=at, status_code=response.status_code,
                      latency_ms=int((time.monotonic() - started) * 1000),
                      response_excerpt=excerpt[:EXCERPT_BYTES].decode("utf-8", "replace")[:200])


async def _attempt(ctx: Ctx, delivery: DeliveryDoc) -> str:
    endpoint = await repo.get_endpoint(ctx.db, delivery.endpoint_id)
    event = await repo.get_event(ctx.db, delivery.event_id)
    now = ctx.clock.now()
    if endpoint is None or event is None:
        attempt = AttemptDoc(at=now, latency_ms=0, error="endpoint or event removed")
        await repo.record_attempt(ctx.db, delivery_id=delivery.id, attempt=attempt,
                                  set_fields={"state": "failed"})
        return "failed"
    attempt = await _send(ctx, endpoint, event)
    if attempt.status_code is not None and 200 <= attempt.status_code < 300:
        await repo.record_attempt(ctx.db, delivery_id=delivery.id, attempt=attempt,
                                  set_fields={"state": "delivered", "delivered_at": now})
        if endpoint.status != "active":
            await repo.set_endpoint_status(ctx.db, endpoint_id=endpoint.id, failing_since=None)
        return "delivered"
    made = len(delivery.attempts) + 1
    delay = next_delay(made)
    # Up to 24 h of retries, but never fewer than 8 attempts (a stalled scheduler or a long
    # outage of ours must not eat the receiver's retries).
    if delay is None or (made >= MIN_ATTEMPTS
                         and now + delay - delivery.first_attempt_after > RETRY_WINDOW):
        await repo.record_attempt(ctx.db, delivery_id=delivery.id, attempt=attempt,
                                  set_fields={"state": "failed"})
        await repo.set_endpoint_status(ctx.db, endpoint_id=endpoint.id, failing_since=now)
        log.warning("webhook delivery failed for good", extra={"endpoint_id": str(endpoint.id)})
        return "failed"
    await repo.record_attempt(ctx.db, delivery_id=delivery.id, attempt=attempt,
                              set_fields={"next_attempt_at": now + delay})
    return "retrying"


async def deliver_webhooks(ctx: Ctx) -> dict[str, int]:
    """Fan out new events, then send what is due, in bounded batches; counts for the log."""
    counts = {"queued": await fan_out(ctx), "delivered": 0, "retrying": 0, "failed": 0}
    lease = timedelta(seconds=ctx.settings.webhook_timeout_seconds * 3)
    # Stop well inside the job's lease: slow receivers must not keep one run going for long.
    stop_at = time.monotonic() + ctx.settings.job_lease_seconds / 2
    for _ in range(SEND_BATCH):
        if time.monotonic() > stop_at:
            break
        now = ctx.clock.now()
        delivery = await repo.claim_due(ctx.db, now=now, until=now + lease)
        if delivery is None:
            break
        counts[await _attempt(ctx, delivery)] += 1
    return counts
