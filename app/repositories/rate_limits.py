"""Fixed-window request counters shared by every replica (``rate_limits``, TTL-indexed)."""

from __future__ import annotations

from datetime import datetime

from pymongo import ReturnDocument
from pymongo.errors import DuplicateKeyError

from app.db import Db

COLLECTION = "rate_limits"


async def hit(db: Db, *, key: str, window_start: datetime, expires_at: datetime) -> int:
    """Count one request in the window; the count so far (this one included)."""
    for _ in range(2):  # two first hits racing on the upsert: the loser retries as an update
        try:
            found = await db[COLLECTION].find_one_and_update(
                {"_id": f"{key}|{window_start.isoformat()}"},
                {"$inc": {"count": 1}, "$setOnInsert": {"expires_at": expires_at}},
                upsert=True, return_document=ReturnDocument.AFTER)
        except DuplicateKeyError:
            continue
        return int(found["count"]) if found else 1
    return 1
