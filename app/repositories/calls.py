"""The ``calls`` collection."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bson import ObjectId
from pymongo import ReturnDocument
from pymongo.errors import DuplicateKeyError

from app.db import Db, Document
from app.models.common import PageParams
from app.repositories.paging import PageSlice, newest_first

COLLECTION = "calls"


class DuplicateReference(Exception):
    """Another call already has this reference."""


async def get(db: Db, call_id: ObjectId) -> Document | None:
    """One call by id, whatever its status (access is the service's business)."""
    return await db[COLLECTION].find_one({"_id": call_id})


async def get_by_reference(db: Db, reference: str) -> Document | None:
    """One call by its notice reference (unique)."""
    return await db[COLLECTION].find_one({"reference": reference})


async def insert(db: Db, doc: Document) -> ObjectId | None:
    """Insert a call; ``None`` when its reference is taken."""
    try:
        result = await db[COLLECTION].insert_one(doc)
    except DuplicateKeyError:
        return None
    return ObjectId(result.inserted_id)


async def find_page(db: Db, *, query: dict[str, Any], page: PageParams,
                    fields: list[str] | None = None) -> PageSlice:
    """A page of calls matching ``query``, newest first (only ``fields`` when given)."""
    projection = dict.fromkeys(fields, 1) if fields else None
    return await newest_first(db[COLLECTION], query, page, projection)


async def update_if(
    db: Db, *, call_id: ObjectId, expect: dict[str, Any], update: dict[str, Any]
) -> Document | None:
    """Apply ``update`` only if the call still matches ``expect``; the new document or ``None``.

    Every change bumps ``version``, so a writer that read an older version loses cleanly.
    """
    update = {**update, "$inc": {**update.get("$inc", {}), "version": 1}}
    try:
        return await db[COLLECTION].find_one_and_update(
            {"_id": call_id, **expect}, update, return_document=ReturnDocument.AFTER
        )
    except DuplicateKeyError:
        raise DuplicateReference from None


async def due_for_closure(db: Db, *, now: datetime, limit: int = 500) -> list[ObjectId]:
    """Ids of published calls whose deadline has passed (index ``status, deadline.utc``)."""
    cursor = db[COLLECTION].find(
        {"status": "published", "deadline.utc": {"$lte": now}}, {"_id": 1}
    ).sort("deadline.utc", 1).limit(limit)
    return [doc["_id"] async for doc in cursor]


SUMMARY_FIELDS = {"reference": 1, "title": 1, "kind": 1, "deadline": 1, "status": 1}


async def summaries(db: Db, call_ids: list[ObjectId]) -> dict[ObjectId, Document]:
    """Reference, title, kind, deadline and status of several calls in one query (a page of
    applications or notifications names each call once)."""
    if not call_ids:
        return {}
    found = await db[COLLECTION].find({"_id": {"$in": list(set(call_ids))}},
                                      SUMMARY_FIELDS).to_list()
    return {doc["_id"]: doc for doc in found}
