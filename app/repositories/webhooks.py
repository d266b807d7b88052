"""Webhook endpoints, events (the outbox) and deliveries with their attempts."""

from __future__ import annotations

from datetime import datetime

from bson import ObjectId
from pymongo import ReturnDocument
from pymongo.asynchronous.client_session import AsyncClientSession
from pymongo.errors import DuplicateKeyError

from app.db import Db, Filter, Update
from app.models.common import PageParams, encode_cursor
from app.models.integrations_webhooks import (
    AttemptDoc,
    DeliveryDoc,
    EndpointDoc,
    EventDoc,
    SigningSecretDoc,
)

ENDPOINTS = "webhook_endpoints"
EVENTS = "webhook_events"
DELIVERIES = "webhook_deliveries"


async def insert_endpoint(db: Db, endpoint: EndpointDoc) -> None:
    await db[ENDPOINTS].insert_one(endpoint.to_mongo())


async def get_endpoint(db: Db, endpoint_id: ObjectId) -> EndpointDoc | None:
    found = await db[ENDPOINTS].find_one({"_id": endpoint_id})
    return EndpointDoc.model_validate(found) if found else None


async def endpoint_page(db: Db, *, filters: Filter, page: PageParams
                        ) -> tuple[list[EndpointDoc], str | None]:
    query = dict(filters)
    after = page.after_id()
    if after is not None:
        query["_id"] = {"$lt": after}
    docs = [EndpointDoc.model_validate(d) async for d in
            db[ENDPOINTS].find(query).sort("_id", -1).limit(page.limit + 1)]
    more = len(docs) > page.limit
    docs = docs[: page.limit]
    return docs, (encode_cursor(docs[-1].id) if more else None)


async def set_secrets(db: Db, *, endpoint_id: ObjectId, version: int,
                      secrets: list[SigningSecretDoc], now: datetime) -> EndpointDoc | None:
    found = await db[ENDPOINTS].find_one_and_update(
        {"_id": endpoint_id, "version": version},
        {"$set": {"secrets": [s.to_mongo() for s in secrets], "updated_at": now},
         "$inc": {"version": 1}},
        return_document=ReturnDocument.AFTER)
    return EndpointDoc.model_validate(found) if found else None


async def set_endpoint_status(db: Db, *, endpoint_id: ObjectId, failing_since: datetime | None
                              ) -> None:
    status = "failing" if failing_since else "active"
    query: Filter = {"_id": endpoint_id}
    if failing_since is not None:
        query["status"] = "active"  # keep the first failure's date
    await db[ENDPOINTS].update_one(query, {"$set": {"status": status,
                                                    "failing_since": failing_since}})


async def subscribers(db: Db, *, event_type: str, country: str | None) -> list[EndpointDoc]:
    """Endpoints that asked for ``event_type`` and may see it (a country's own applications)."""
    query: Filter = {"events": event_type}
    if event_type.startswith("application."):
        query.update({"owner_roles": "permrep", "owner_country": country or "--"})
    return [EndpointDoc.model_validate(d) async for d in db[ENDPOINTS].find(query).limit(1000)]


async def insert_event(db: Db, event: EventDoc, *, session: AsyncClientSession | None) -> None:
    await db[EVENTS].insert_one(event.to_mongo(), session=session)


async def events_to_fan_out(db: Db, *, limit: int) -> list[EventDoc]:
    return [EventDoc.model_validate(d) async for d in
            db[EVENTS].find({"fanned_out": False}).sort("created_at", 1).limit(limit)]


async def get_event(db: Db, event_id: str) -> EventDoc | None:
    found = await db[EVENTS].find_one({"_id": event_id})
    return EventDoc.model_validate(found) if found else None


async def mark_fanned_out(db: Db, event_id: str) -> None:
    await db[EVENTS].update_one({"_id": event_id}, {"$set": {"fanned_out": True}})


async def insert_delivery(db: Db, delivery: DeliveryDoc) -> bool:
    """False when the event was already queued for the endpoint (a fan-out re-run)."""
    try:
        await db[DELIVERIES].insert_one(delivery.to_mongo())
    except DuplicateKeyError:
        return False
    return True


async def claim_due(db: Db, *, now: datetime, until: datetime) -> DeliveryDoc | None:
    """Take one due delivery nobody holds (a conditional update: one winner among replicas)."""
    found = await db[DELIVERIES].find_one_and_update(
        {"state": "pending", "next_attempt_at": {"$lte": now},
         "$or": [{"claimed_until": None}, {"claimed_until": {"$lte": now}}]},
        {"$set": {"claimed_until": until}}, sort=[("next_attempt_at", 1)],
        return_document=ReturnDocument.AFTER)
    return DeliveryDoc.model_validate(found) if found else None


async def record_attempt(db: Db, *, delivery_id: ObjectId, attempt: AttemptDoc,
                         set_fields: Update) -> None:
    await db[DELIVERIES].update_one(
        {"_id": delivery_id},
        {"$push": {"attempts": attempt.to_mongo()},
         "$set": {**set_fields, "claimed_until": None}})


async def get_delivery(db: Db, *, delivery_id: ObjectId, endpoint_id: ObjectId
                       ) -> DeliveryDoc | None:
    found = await db[DELIVERIES].find_one({"_id": delivery_id, "endpoint_id": endpoint_id})
    return DeliveryDoc.model_validate(found) if found else None


async def requeue(db: Db, *, delivery_id: ObjectId, now: datetime, expires_at: datetime
                  ) -> DeliveryDoc | None:
    found = await db[DELIVERIES].find_one_and_update(
        {"_id": delivery_id, "state": {"$ne": "pending"}},
        {"$set": {"state": "pending", "next_attempt_at": now, "first_attempt_after": now,
                  "claimed_until": None, "expires_at": expires_at}},
        return_document=ReturnDocument.AFTER)
    return DeliveryDoc.model_validate(found) if found else None


async def delivery_page(db: Db, *, endpoint_id: ObjectId, page: PageParams
                        ) -> tuple[list[DeliveryDoc], str | None]:
    query: Filter = {"endpoint_id": endpoint_id}
    after = page.after_id()
    if after is not None:
        query["_id"] = {"$lt": after}
    docs = [DeliveryDoc.model_validate(d) async for d in
            db[DELIVERIES].find(query).sort("_id", -1).limit(page.limit + 1)]
    more = len(docs) > page.limit
    docs = docs[: page.limit]
    return docs, (encode_cursor(docs[-1].id) if more else None)
