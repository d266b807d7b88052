"""Status of scheduled jobs, one document per job."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from app.db import Db, Document

COLLECTION = "job_status"


async def mark_started(db: Db, *, name: str, owner: str, now: datetime) -> None:
    await db[COLLECTION].update_one(
        {"_id": name},
        {"$set": {"last_started_at": now, "last_owner": owner, "running": True}},
        upsert=True,
    )


async def mark_finished(
    db: Db, *, name: str, now: datetime, ok: bool, counts: dict[str, int], error: str | None
) -> None:
    update: dict[str, Any] = {
        "$set": {"last_finished_at": now, "running": False, "last_status": "ok" if ok else "failed",
                 "last_counts": counts, "last_error": error},
        "$inc": {"runs": 1, "failures": 0 if ok else 1},
    }
    await db[COLLECTION].update_one({"_id": name}, update, upsert=True)


async def all_status(db: Db) -> list[Document]:
    return await db[COLLECTION].find({}).sort("_id", 1).to_list()
