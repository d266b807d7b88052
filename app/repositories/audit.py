"""The audit trail collection (append-only from the service's point of view)."""

from __future__ import annotations

from typing import Any

from bson import ObjectId

from app.db import Db, Document

COLLECTION = "audit_events"


async def insert(db: Db, event: Document) -> ObjectId:
    result = await db[COLLECTION].insert_one(event)
    return ObjectId(result.inserted_id)


async def find_page(
    db: Db, *, filters: dict[str, Any], after: ObjectId | None, limit: int
) -> list[Document]:
    query = dict(filters)
    if after is not None:
        query["_id"] = {"$lt": after}
    return await db[COLLECTION].find(query).sort("_id", -1).limit(limit).to_list()


async def insert_many(db: Db, events: list[Document]) -> None:
    """Several events at once (a list response records one per person shown)."""
    if events:
        await db[COLLECTION].insert_many(events, ordered=False)
