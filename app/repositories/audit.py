"""The audit trail collection (append-only from the service's point of view)."""

from __future__ import annotations

from typing import Any

from bson import ObjectId

from app.db import Db, Document
from app.models.common import PageParams
from app.repositories.paging import PageSlice, newest_first

COLLECTION = "audit_events"


async def insert(db: Db, event: Document) -> ObjectId:
    result = await db[COLLECTION].insert_one(event)
    return ObjectId(result.inserted_id)


async def find_page(db: Db, *, filters: dict[str, Any], page: PageParams) -> PageSlice:
    """A page of audit events, newest first."""
    return await newest_first(db[COLLECTION], filters, page)


async def insert_many(db: Db, events: list[Document]) -> None:
    """Several events at once (a list response records one per person shown)."""
    if events:
        await db[COLLECTION].insert_many(events, ordered=False)
