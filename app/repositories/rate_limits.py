"""Fixed-window request counters shared by every replica (``rate_limits``, TTL-indexed)."""

from __future__ import annotations

from datetime import datetime

from pymongo import WriteConcern
from pymongo.errors import DuplicateKeyError

from app.db import Db

COLLECTION = "rate_limits"
# A counter is not a record: acknowledged by the primary without waiting for its journal (or a
# majority). A crash may lose the last few increments, i.e. let a few requests more through;
# every request no longer pays a journal flush for it.
COUNTER_WRITES = WriteConcern(w=1, j=False)


async def hit(db: Db, *, key: str, window_start: datetime, expires_at: datetime,
              by: int = 1) -> int:
    """Count ``by`` requests in the window; the count so far (these included, and whatever
    other replicas added meanwhile).

    An upsert then a read by ``_id``, not one ``findAndModify``: on the embedded database
    ``findAndModify`` costs time linear in the collection (one counter per caller and window),
    these two stay flat (as for versioned updates, bench/versioned_update.py)."""
    counters = db.get_collection(COLLECTION, write_concern=COUNTER_WRITES)
    counter_id = f"{key}|{window_start.isoformat()}"
    for _ in range(2):  # two first hits racing on the upsert: the loser retries as an update
        try:
            await counters.update_one(
                {"_id": counter_id},
                {"$inc": {"count": by}, "$setOnInsert": {"expires_at": expires_at}},
                upsert=True)
        except DuplicateKeyError:
            continue
        found = await counters.find_one({"_id": counter_id}, {"count": 1})
        return int(found["count"]) if found else by
    return by
