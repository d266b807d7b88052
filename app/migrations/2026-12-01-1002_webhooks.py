"""Webhook endpoints, the event outbox, and deliveries (kept 30 days)."""

from app.db import Db
from app.migrate import ensure_collection, obj

DATE = {"bsonType": "date"}
OPT_DATE = {"bsonType": ["date", "null"]}
STR = {"bsonType": "string"}
EVENTS = ["application.submitted", "application.status_changed", "call.published",
          "call.closed"]


async def up(db: Db) -> None:
    await ensure_collection(db, "webhook_endpoints", obj(
        ["owner_sub", "owner_roles", "url", "events", "secrets", "status", "created_at",
         "updated_at", "version"],
        {"owner_sub": STR, "owner_country": {"bsonType": ["string", "null"]},
         "owner_roles": {"bsonType": "array", "items": STR}, "url": STR,
         "events": {"bsonType": "array", "minItems": 1, "items": {"enum": EVENTS}},
         "secrets": {"bsonType": "array", "minItems": 1, "items": obj(
             ["nonce", "ciphertext", "created_at"],
             {"nonce": {"bsonType": "binData"}, "ciphertext": {"bsonType": "binData"},
              "kid": {"bsonType": ["string", "null"]},
              "created_at": DATE, "expires_at": OPT_DATE})},
         "status": {"enum": ["active", "failing"]}, "failing_since": OPT_DATE,
         "created_at": DATE, "updated_at": DATE, "version": {"bsonType": ["int", "long"]}},
    ))
    await db.webhook_endpoints.create_index([("owner_sub", 1), ("_id", -1)])
    await db.webhook_endpoints.create_index([("events", 1), ("owner_country", 1)])
    await db.webhook_endpoints.create_index([("status", 1), ("_id", -1)])

    await ensure_collection(db, "webhook_events", obj(
        ["type", "created_at", "data", "fanned_out"],
        {"type": {"enum": EVENTS}, "created_at": DATE, "data": {"bsonType": "object"},
         "country": {"bsonType": ["string", "null"]}, "fanned_out": {"bsonType": "bool"}},
    ))
    await db.webhook_events.create_index([("fanned_out", 1), ("created_at", 1)])
    # Events outlive their deliveries' retry window and the 30 days of visible attempts.
    await db.webhook_events.create_index("created_at", expireAfterSeconds=31 * 86400)

    await ensure_collection(db, "webhook_deliveries", obj(
        ["endpoint_id", "event_id", "event_type", "state", "attempts", "first_attempt_after",
         "next_attempt_at", "created_at", "expires_at"],
        {"endpoint_id": {"bsonType": "objectId"}, "event_id": STR, "event_type": {"enum": EVENTS},
         "state": {"enum": ["pending", "delivered", "failed"]},
         "attempts": {"bsonType": "array", "items": obj(
             ["at", "latency_ms"],
             {"at": DATE, "status_code": {"bsonType": ["int", "long", "null"]},
              "latency_ms": {"bsonType": ["int", "long"]},
              "response_excerpt": {"bsonType": ["string", "null"]},
              "error": {"bsonType": ["string", "null"]}})},
         "first_attempt_after": DATE, "next_attempt_at": DATE, "claimed_until": OPT_DATE,
         "delivered_at": OPT_DATE, "created_at": DATE, "expires_at": DATE},
    ))
    await db.webhook_deliveries.create_index([("endpoint_id", 1), ("event_id", 1)], unique=True)
    await db.webhook_deliveries.create_index([("state", 1), ("next_attempt_at", 1)])
    await db.webhook_deliveries.create_index([("endpoint_id", 1), ("_id", -1)])
    await db.webhook_deliveries.create_index("expires_at", expireAfterSeconds=0)
