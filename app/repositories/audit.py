"""The audit trail collection (append-only from the service's point of view)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime
from typing import Any, cast

from bson import Binary, ObjectId
from pymongo import UpdateMany
from pymongo.asynchronous.collection import AsyncCollection

from app.db import Db, Filter
from app.models.common import PageParams
from app.models.stored_more import AuditEventDoc, SubjectKeyDoc
from app.repositories.paging import PageSlice, newest_first

COLLECTION = "audit_events"


def audit_events(db: Db) -> AsyncCollection[AuditEventDoc]:
    """The trail, typed (its validator guarantees the shape: the one cast)."""
    return cast("AsyncCollection[AuditEventDoc]", db[COLLECTION])


async def insert(db: Db, event: AuditEventDoc) -> ObjectId:
    result = await audit_events(db).insert_one(event)
    return ObjectId(result.inserted_id)


async def find_page(db: Db, *, filters: Filter, page: PageParams
                    ) -> PageSlice[AuditEventDoc]:
    """A page of audit events, newest first."""
    return await newest_first(audit_events(db), filters, page)


async def insert_many(db: Db, events: list[AuditEventDoc]) -> None:
    """Several events at once (a list response records one per person shown)."""
    if events:
        await audit_events(db).insert_many(events, ordered=False)


# --- per-subject pseudonym keys (crypto-shredding) ------------------------------------------

SUBJECT_KEYS = "subject_keys"


async def subject_keys(db: Db, key_ids: list[str]) -> dict[str, bytes]:
    """The per-subject keys that exist among ``key_ids``."""
    found = db[SUBJECT_KEYS].find({"_id": {"$in": key_ids}}, {"key": 1})
    return {d["_id"]: bytes(d["key"]) async for d in found}


async def ensure_subject_key(db: Db, *, key_id: str, key: bytes, now: Any) -> bool:
    """Create the subject's key unless it exists (a racing creator's key wins, same for all);
    whether ``key`` is the one stored."""
    result = await db[SUBJECT_KEYS].update_one(
        {"_id": key_id}, {"$setOnInsert": {"key": Binary(key), "created_at": now}}, upsert=True)
    return result.upserted_id is not None


def subject_key_doc(key_id: str, key: bytes, now: datetime) -> SubjectKeyDoc:
    """How a subject's key is stored."""
    return {"_id": key_id, "key": Binary(key), "created_at": now}


async def delete_subject_keys(db: Db, key_ids: list[str]) -> int:
    """Destroy subjects' keys: their pseudonyms can no longer be linked to anyone."""
    result = await db[SUBJECT_KEYS].delete_many({"_id": {"$in": key_ids}})
    return result.deleted_count


async def replace_values(db: Db, *, field: str, changes: list[tuple[list[str], str]]) -> None:
    """Rewrite ``field`` from any of each ``old`` list to its ``new`` value, in one round trip
    (erasing resource ids, retiring pseudonyms)."""
    ops = [UpdateMany({field: {"$in": old}}, {"$set": {field: new}}) for old, new in changes
           if old]
    if ops:
        await db[COLLECTION].bulk_write(ops, ordered=False)


async def stream(db: Db, *, filters: Filter) -> AsyncIterator[AuditEventDoc]:
    """Every matching event, newest first, fetched in batches by the driver's cursor."""
    async for doc in audit_events(db).find(filters).sort("_id", -1).batch_size(500):
        yield doc
