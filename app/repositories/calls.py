"""The ``calls`` collection."""

from __future__ import annotations

from bson import ObjectId

from app.db import Db, Document

COLLECTION = "calls"


async def get(db: Db, call_id: ObjectId) -> Document | None:
    """One call by id, whatever its status (access is the service's business)."""
    return await db[COLLECTION].find_one({"_id": call_id})
