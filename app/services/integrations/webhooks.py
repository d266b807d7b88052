"""Webhook endpoints (registered by clients) and the events the domain emits to them.

``emit`` is the one call the domain makes: it writes the event into ``webhook_events`` (in the
caller's transaction when there is one); the ``deliver_webhooks`` job fans it out and sends it.
"""

from __future__ import annotations

import base64
import os
import uuid
from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from bson import ObjectId
from pymongo.asynchronous.client_session import AsyncClientSession

from app.db import Filter
from app.errors import Forbidden, NotFound, Unprocessable
from app.models.common import JsonObject, PageParams, object_id
from app.models.integrations_webhooks import (
    DeliveryList,
    DeliveryRead,
    EndpointCreate,
    EndpointDoc,
    EndpointList,
    EndpointRead,
    EndpointSecret,
    EventDoc,
    SigningSecretDoc,
    WebhookEvent,
    delivery_read,
    endpoint_read,
)
from app.repositories import webhooks as repo
from app.security.principal import Role
from app.services import audit
from app.services.applications.crypto import open_sealed, seal
from app.services.context import Ctx
from app.services.integrations.ssrf import UnsafeTarget, check_target

SECRET_OVERLAP = timedelta(hours=24)
DELIVERY_RETENTION = timedelta(days=30)
OWNER_ROLES = (Role.permrep, Role.hr, Role.admin)
CALL_EVENTS = {"publish": WebhookEvent.call_published, "close": WebhookEvent.call_closed}


class UnsafeWebhookUrl(Unprocessable):
    code = "unsafe-webhook-url"


def _new_secret(settings: Any, endpoint_id: ObjectId, now: Any) -> tuple[str, SigningSecretDoc]:
    secret = "whsec_" + base64.b64encode(os.urandom(24)).decode()
    sealed = seal(settings, application_id=endpoint_id, plaintext=secret)
    return secret, SigningSecretDoc(nonce=sealed.nonce, ciphertext=sealed.ciphertext,
                                    kid=sealed.kid, created_at=now)


def signing_secrets(ctx: Ctx, endpoint: EndpointDoc) -> list[str]:
    """The secrets that sign now: the newest, and an older one during its 24 h overlap."""
    now = ctx.clock.now()
    return [open_sealed(ctx.settings, application_id=endpoint.id, nonce=s.nonce,
                        ciphertext=s.ciphertext, kid=s.kid)
            for s in endpoint.secrets if s.expires_at is None or s.expires_at > now]


async def register_endpoint(ctx: Ctx, *, payload: EndpointCreate) -> EndpointSecret:
    """Register an endpoint for the caller (a PermRep's system, HR or an admin)."""
    if not ctx.actor.has(*OWNER_ROLES):
        raise Forbidden("Only machine clients, HR and administrators register webhooks.")
    wants_applications = any(e.value.startswith("application.") for e in payload.events)
    if wants_applications and not ctx.actor.has(Role.permrep):
        raise Forbidden("Application events go only to the submitting Permanent "
                        "Representation.")
    url = str(payload.url)
    try:
        await check_target(url, ctx.settings)
    except UnsafeTarget as exc:
        raise UnsafeWebhookUrl(f"This URL may not receive webhooks: {exc}.",
                               errors=[{"loc": ["body", "url"], "msg": str(exc)}]) from None
    now, endpoint_id = ctx.clock.now(), ObjectId()
    secret, sealed = _new_secret(ctx.settings, endpoint_id, now)
    doc = EndpointDoc(id=endpoint_id, owner_sub=ctx.actor.sub, owner_country=ctx.actor.country,
                      owner_roles=sorted(r.value for r in ctx.actor.roles), url=url,
                      events=sorted(set(payload.events)), secrets=[sealed], created_at=now,
                      updated_at=now)
    await repo.insert_endpoint(ctx.db, doc)
    await audit.record(ctx, action=audit.Action.create, resource="webhook_endpoint",
                       resource_id=str(endpoint_id))
    return EndpointSecret(**endpoint_read(doc).model_dump(), secret=secret)


async def owned_endpoint(ctx: Ctx, endpoint_id: str) -> EndpointDoc:
    """The caller's endpoint (admins see every one); 404 otherwise."""
    found = await repo.get_endpoint(ctx.db, object_id(endpoint_id, what="endpoint"))
    if found is None or not (found.owner_sub == ctx.actor.sub or ctx.actor.has(Role.admin)):
        raise NotFound("No such endpoint.")
    return found


async def get_endpoint(ctx: Ctx, *, endpoint_id: str) -> EndpointRead:
    """One endpoint."""
    return endpoint_read(await owned_endpoint(ctx, endpoint_id))


async def list_endpoints(ctx: Ctx, *, page: PageParams, failing: bool = False) -> EndpointList:
    """The caller's endpoints; administrators see all (``failing`` narrows to failing ones)."""
    filters: Filter = {} if ctx.actor.has(Role.admin) else {"owner_sub": ctx.actor.sub}
    if failing:
        filters["status"] = "failing"
    docs, cursor = await repo.endpoint_page(ctx.db, filters=filters, page=page)
    return EndpointList(items=[endpoint_read(d) for d in docs], next_cursor=cursor)


async def rotate_secret(ctx: Ctx, *, endpoint_id: str) -> EndpointSecret:
    """A new secret; the previous one keeps signing for 24 h beside it, then stops."""
    endpoint = await owned_endpoint(ctx, endpoint_id)
    now = ctx.clock.now()
    secret, sealed = _new_secret(ctx.settings, endpoint.id, now)
    kept = [s.model_copy(update={"expires_at": s.expires_at or now + SECRET_OVERLAP})
            for s in endpoint.secrets if s.expires_at is None or s.expires_at > now]
    updated = await repo.set_secrets(ctx.db, endpoint_id=endpoint.id, version=endpoint.version,
                                     secrets=[*kept, sealed], now=now)
    if updated is None:
        raise NotFound("No such endpoint.")
    await audit.record(ctx, action=audit.Action.update, resource="webhook_endpoint",
                       resource_id=endpoint_id, detail="rotate-secret")
    return EndpointSecret(**endpoint_read(updated).model_dump(), secret=secret)


async def list_deliveries(ctx: Ctx, *, endpoint_id: str, page: PageParams) -> DeliveryList:
    """The endpoint's deliveries of the last 30 days, newest first, with every attempt."""
    endpoint = await owned_endpoint(ctx, endpoint_id)
    docs, cursor = await repo.delivery_page(ctx.db, endpoint_id=endpoint.id, page=page)
    return DeliveryList(items=[delivery_read(d) for d in docs], next_cursor=cursor)


async def redeliver(ctx: Ctx, *, endpoint_id: str, delivery_id: str) -> DeliveryRead:
    """Send one event again (same ``webhook-id``), now, with a fresh 24 h of retries."""
    endpoint = await owned_endpoint(ctx, endpoint_id)
    delivery_oid = object_id(delivery_id, what="delivery")
    found = await repo.get_delivery(ctx.db, delivery_id=delivery_oid, endpoint_id=endpoint.id)
    if found is None:
        raise NotFound("No such delivery.")
    now = ctx.clock.now()
    queued = await repo.requeue(ctx.db, delivery_id=delivery_oid, now=now,
                                expires_at=now + DELIVERY_RETENTION)
    await audit.record(ctx, action=audit.Action.update, resource="webhook_delivery",
                       resource_id=delivery_id, detail="redeliver")
    return delivery_read(queued or found)


async def emit(ctx: Ctx, event: WebhookEvent | str, *,
               application: Mapping[str, Any] | None = None,
               call: Mapping[str, Any] | None = None,
               session: AsyncClientSession | None = None) -> None:
    """Record one event for the webhook job (no personal data: ids, statuses, a reference)."""
    doc = announcement(ctx, event, application=application, call=call)
    if doc is not None:
        await repo.insert_event(ctx.db, doc, session=session)


def announcement(ctx: Ctx, event: WebhookEvent | str, *,
                 application: Mapping[str, Any] | None = None,
                 call: Mapping[str, Any] | None = None,
                 previous_status: str | None = None) -> EventDoc | None:
    """The event to record for a change, or ``None`` when nobody is told of it (written by the
    caller together with the change). ``previous_status``: the status before a change that
    passed through others (a panel's selection passes through ``interviewed``); by default the
    last history entry's."""
    event_type = WebhookEvent(event)
    data: JsonObject = {}
    country = None
    if application is not None:
        history = application.get("status_history") or []
        if previous_status is None and history:
            previous_status = history[-1]["from"]
        data = {"application_id": str(application["_id"]), "call_id": str(application["call_id"]),
                "status": application["status"], "previous_status": previous_status}
        country = application.get("permrep_country") if application.get(
            "channel") == "permrep" else None
        if country is None:
            return None  # only a PermRep's applications are announced, and only to it
    if call is not None:
        data = {"call_id": str(call["_id"]), "reference": call.get("reference"),
                "kind": call.get("kind"), "status": call.get("status")}
    event_id = f"evt_{uuid.uuid4().hex}"
    data["event_id"] = event_id
    return EventDoc(id=event_id, type=event_type, created_at=ctx.clock.now(), data=data,
                    country=country)


async def emit_call(ctx: Ctx, *, action: str, call: Mapping[str, Any]) -> None:
    """``call.published`` / ``call.closed`` after a call's transition (others emit nothing)."""
    if action in CALL_EVENTS:
        await emit(ctx, CALL_EVENTS[action], call=call)
