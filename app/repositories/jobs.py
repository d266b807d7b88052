"""Status of scheduled jobs, one document per job."""

from __future__ import annotations

from datetime import datetime
from typing import cast

from pymongo.asynchronous.collection import AsyncCollection

from app.db import Db, Update
from app.models.stored_more import JobStatusDoc

COLLECTION = "job_status"


def job_status(db: Db) -> AsyncCollection[JobStatusDoc]:
    """The jobs' records, typed (their validator guarantees the shape: the one cast)."""
    return cast("AsyncCollection[JobStatusDoc]", db[COLLECTION])


async def mark_started(db: Db, *, name: str, owner: str, now: datetime) -> None:
    await db[COLLECTION].update_one(
        {"_id": name},
        {"$set": {"last_started_at": now, "last_owner": owner, "running": True}},
        upsert=True,
    )


async def mark_finished(
    db: Db, *, name: str, now: datetime, ok: bool, counts: dict[str, int], error: str | None
) -> None:
    update: Update = {
        "$set": {"last_finished_at": now, "running": False, "last_status": "ok" if ok else "failed",
                 "last_counts": counts, "last_error": error},
        "$inc": {"runs": 1, "failures": 0 if ok else 1},
    }
    await db[COLLECTION].update_one({"_id": name}, update, upsert=True)


async def all_status(db: Db) -> list[JobStatusDoc]:
    return await job_status(db).find({}).sort("_id", 1).to_list()
