"""Stored first responses of ``Idempotency-Key`` requests (TTL-indexed on ``expires_at``)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast

from bson import ObjectId
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.errors import DuplicateKeyError

from app.db import Db, Update
from app.models.stored_more import IdempotencyRecordDoc

COLLECTION = "idempotency_keys"


def records(db: Db) -> AsyncCollection[IdempotencyRecordDoc]:
    """The records, typed (their validator guarantees the shape: the one cast)."""
    return cast("AsyncCollection[IdempotencyRecordDoc]", db[COLLECTION])


async def claim(db: Db, *, key_id: str, body_hash: str, now: datetime, expires_at: datetime
                ) -> IdempotencyRecordDoc | None:
    """Insert an in-flight record; return the existing record if the key is taken."""
    record: IdempotencyRecordDoc = {"_id": key_id, "body_hash": body_hash, "state": "in_flight",
                                    "created_at": now, "expires_at": expires_at}
    try:
        await records(db).insert_one(record)
        return None
    except DuplicateKeyError:
        existing = await records(db).find_one({"_id": key_id})
        # Expired but not yet swept by the TTL monitor: treat as free.
        if existing is not None and existing["expires_at"] <= now:
            await db[COLLECTION].delete_one({"_id": key_id, "expires_at": existing["expires_at"]})
            return await claim(db, key_id=key_id, body_hash=body_hash, now=now,
                               expires_at=expires_at)
        # Gone in between (forgotten by a failed first request, or expired): say in flight.
        return existing or record


async def complete(db: Db, *, key_id: str, status: int, body: Any, headers: dict[str, str],
                   application_id: ObjectId | None = None) -> None:
    """Store the first response; ``application_id`` links a stored copy of an application's
    data to it, so erasing the application deletes the copy before its TTL."""
    fields: Update = {"state": "done", "status": status, "body": body, "headers": headers}
    if application_id is not None:
        fields["application_id"] = application_id
    await db[COLLECTION].update_one({"_id": key_id}, {"$set": fields})


async def forget(db: Db, *, key_id: str) -> None:
    await db[COLLECTION].delete_one({"_id": key_id, "state": "in_flight"})
