"""Leases: a document that one process holds for a while, so replicas take turns."""

from __future__ import annotations

from datetime import datetime, timedelta

from pymongo import ReturnDocument
from pymongo.errors import DuplicateKeyError

from app.db import Db

COLLECTION = "leases"


async def acquire(db: Db, *, name: str, owner: str, now: datetime, ttl: timedelta) -> bool:
    """Take the lease ``name`` if it is free, expired, or already ours."""
    try:
        found = await db[COLLECTION].find_one_and_update(
            {"_id": name, "$or": [{"expires_at": {"$lte": now}}, {"owner": owner}]},
            {"$set": {"owner": owner, "acquired_at": now, "expires_at": now + ttl}},
            upsert=True,
            return_document=ReturnDocument.AFTER,
        )
    except DuplicateKeyError:
        # Someone else holds it: the filter missed, and the upsert collided with their _id.
        return False
    return found is not None and found.get("owner") == owner


async def release(db: Db, *, name: str, owner: str, now: datetime) -> None:
    """Give the lease back (only if we still hold it)."""
    await db[COLLECTION].update_one(
        {"_id": name, "owner": owner}, {"$set": {"expires_at": now}}
    )
