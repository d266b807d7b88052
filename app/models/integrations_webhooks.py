"""Webhook endpoints, the events they receive, and each delivery's attempts."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Annotated, Any, Literal

from bson import ObjectId
from pydantic import AnyUrl, ConfigDict, Field, UrlConstraints

from app.models.common import ApiModel, InputModel, Page, StoredModel


class WebhookEvent(StrEnum):
    application_submitted = "application.submitted"
    application_status_changed = "application.status_changed"
    call_published = "call.published"
    call_closed = "call.closed"


EndpointStatus = Literal["active", "failing"]
DeliveryState = Literal["pending", "delivered", "failed"]
WebhookUrl = Annotated[AnyUrl, UrlConstraints(max_length=2000, allowed_schemes=["https", "http"])]


class SigningSecretDoc(StoredModel):
    """One signing secret, AES-GCM sealed with the endpoint id as associated data."""

    nonce: bytes
    ciphertext: bytes
    kid: str | None = None  # the special-data key that sealed it (None: the "default" key)
    created_at: datetime
    expires_at: datetime | None = None  # set when a newer secret replaces it (24 h overlap)


class EndpointDoc(StoredModel):
    """A ``webhook_endpoints`` record."""

    id: ObjectId = Field(alias="_id")
    owner_sub: str
    owner_country: str | None = None
    owner_roles: list[str]
    url: str
    events: list[WebhookEvent]
    secrets: list[SigningSecretDoc]
    status: EndpointStatus = "active"
    failing_since: datetime | None = None
    created_at: datetime
    updated_at: datetime
    version: int = 1


class EventDoc(StoredModel):
    """A ``webhook_events`` record: written with the change it announces (the outbox)."""

    id: str = Field(alias="_id")
    type: WebhookEvent
    created_at: datetime
    data: dict[str, Any]
    country: str | None = None  # a PermRep's application: only that country's endpoints
    fanned_out: bool = False


class AttemptDoc(StoredModel):
    at: datetime
    status_code: int | None = None
    latency_ms: int
    response_excerpt: str | None = None
    error: str | None = None


class DeliveryDoc(StoredModel):
    """A ``webhook_deliveries`` record: one event to one endpoint, with its attempts."""

    id: ObjectId = Field(alias="_id")
    endpoint_id: ObjectId
    event_id: str
    event_type: WebhookEvent
    state: DeliveryState = "pending"
    attempts: list[AttemptDoc] = Field(default_factory=list)
    first_attempt_after: datetime
    next_attempt_at: datetime
    claimed_until: datetime | None = None
    delivered_at: datetime | None = None
    created_at: datetime
    expires_at: datetime  # kept 30 days, then the TTL index removes it


class EndpointCreate(InputModel):
    """Register an endpoint for some events."""

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "url": "https://sne.mfa.example.pt/eu-ats/webhooks",
        "events": ["application.submitted", "application.status_changed"]}]})

    url: WebhookUrl = Field(description="Where to POST events: https in production, never a "
                                        "private, loopback or link-local address.")
    events: list[WebhookEvent] = Field(min_length=1, max_length=4,
                                       description="The events to receive.")


_ENDPOINT_EXAMPLE: dict[str, Any] = {
    "id": "6650f1c2a9e4b1d2c3f4a5b6", "url": "https://sne.mfa.example.pt/eu-ats/webhooks",
    "events": ["application.submitted", "application.status_changed"], "status": "active",
    "failing_since": None, "owner": "pr-pt-8c1d2e3f4a5b", "created_at": "2024-06-01T09:30:00Z"}


class EndpointRead(ApiModel):
    """An endpoint (its secret is shown only when created or rotated)."""

    model_config = ConfigDict(json_schema_extra={"examples": [_ENDPOINT_EXAMPLE]})

    id: str = Field(description="Endpoint id.")
    url: str = Field(description="Target URL.")
    events: list[WebhookEvent] = Field(description="Events it receives.")
    status: EndpointStatus = Field(description="`failing` after a delivery exhausted its "
                                               "retries; back to `active` on the next success.")
    failing_since: datetime | None = Field(default=None, description="When it began failing; "
                                                                    "null while `active`.")
    owner: str = Field(description="The client (or user) that registered it.")
    created_at: datetime = Field(description="When it was registered.")


class EndpointSecret(EndpointRead):
    """An endpoint with its new signing secret, shown this once."""

    model_config = ConfigDict(json_schema_extra={"examples": [{
        **_ENDPOINT_EXAMPLE, "secret": "whsec_hhPZnwMAj7Zd3iqb9k0CqpZqtFtQ0Mmj"}]})

    secret: str = Field(description="`whsec_…` (Standard Webhooks): verify signatures with it.")


class AttemptRead(ApiModel):
    """One try to deliver an event."""

    at: datetime = Field(description="When the attempt was made.")
    status_code: int | None = Field(description="The receiver's HTTP status; null when no "
                                                "answer came (see `error`).")
    latency_ms: int = Field(description="Milliseconds until the receiver answered or the "
                                        "attempt failed.")
    response_excerpt: str | None = Field(description="The first 200 characters it answered; "
                                                     "null when no answer came.")
    error: str | None = Field(description="Why no answer came: the connection error or timeout "
                                          "(`ReadTimeout`), or the URL's refusal; null when the "
                                          "receiver answered.")


class DeliveryRead(ApiModel):
    """One event's delivery to one endpoint, with every attempt."""

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "id": "6650f3e1a9e4b1d2c3f4a5c9", "event_id": "evt_0f8e2d4c6b1a49e7a3c5d7f9b2e4a6c8",
        "event_type": "application.status_changed", "state": "pending",
        "attempts": [{"at": "2024-06-01T09:30:02Z", "status_code": 503, "latency_ms": 412,
                      "response_excerpt": "Service Unavailable", "error": None},
                     {"at": "2024-06-01T09:30:07Z", "status_code": None, "latency_ms": 10000,
                      "response_excerpt": None, "error": "ReadTimeout"}],
        "next_attempt_at": "2024-06-01T09:30:47Z", "delivered_at": None,
        "created_at": "2024-06-01T09:30:00Z"}]})

    id: str = Field(description="Delivery id (for redelivery).")
    event_id: str = Field(description="The event id (`webhook-id`), for deduplication.")
    event_type: WebhookEvent = Field(description="The event.")
    state: DeliveryState = Field(description="`pending` while retrying (up to 10 attempts, "
                                             "within 24 h), `delivered` on a 2xx answer, "
                                             "`failed` when the retries are over.")
    attempts: list[AttemptRead] = Field(description="Every attempt, oldest first.")
    next_attempt_at: datetime | None = Field(description="When the next try is due; null "
                                                         "unless `pending`.")
    delivered_at: datetime | None = Field(description="When a 2xx answer came; null until "
                                                      "then.")
    created_at: datetime = Field(description="When the event was queued for this endpoint.")


EndpointList = Page[EndpointRead]
DeliveryList = Page[DeliveryRead]


def endpoint_read(doc: EndpointDoc) -> EndpointRead:
    return EndpointRead(id=str(doc.id), url=doc.url, events=doc.events, status=doc.status,
                        failing_since=doc.failing_since, owner=doc.owner_sub,
                        created_at=doc.created_at)


def delivery_read(doc: DeliveryDoc) -> DeliveryRead:
    return DeliveryRead(
        id=str(doc.id), event_id=doc.event_id, event_type=doc.event_type, state=doc.state,
        attempts=[AttemptRead(**a.model_dump()) for a in doc.attempts],
        next_attempt_at=doc.next_attempt_at if doc.state == "pending" else None,
        delivered_at=doc.delivered_at, created_at=doc.created_at)
