"""Applications as a selection panel sees them: only those put before it, only what it needs."""

from __future__ import annotations

from typing import Any

from bson import ObjectId

from app.db import Db, Document
from app.models.common import PageParams
from app.repositories.paging import PageSlice, newest_first

COLLECTION = "applications"
# Put before the panel: preselected and every status after it. A not_selected application was
# before the panel only if it had been preselected (its history says so).
AFTER_PRESELECTION = ["preselected", "interviewed", "selected", "reserve"]
BEFORE_PANEL: dict[str, Any] = {"$or": [
    {"status": {"$in": AFTER_PRESELECTION}},
    {"status": "not_selected", "status_history.to": "preselected"},
]}
# What a conflict of interest is judged on, and nothing more.
CONFLICT_FIELDS = {"call_id": 1, "status": 1, "candidate_key": 1, "profile.first_name": 1,
                   "profile.last_name": 1, "profile.birth_name": 1,
                   "profile.experience.employer": 1, "profile.experience.start": 1,
                   "profile.experience.end": 1}


def is_before_panel(application: Document) -> bool:
    """The unit has put this application before the panel (now or in the past)."""
    status = application.get("status")
    if status in AFTER_PRESELECTION:
        return True
    return status == "not_selected" and any(
        h.get("to") == "preselected" for h in application.get("status_history") or [])


async def conflict_view(db: Db, application_id: ObjectId) -> Document | None:
    """Names and employers of one application (the pre-declaration view)."""
    return await db[COLLECTION].find_one({"_id": application_id}, CONFLICT_FIELDS)


async def before_panel_page(db: Db, *, call_id: ObjectId, page: PageParams) -> PageSlice:
    """A page of a call's applications put before its panel, with the conflict fields only."""
    slice_ = await newest_first(db[COLLECTION], {"call_id": call_id, **BEFORE_PANEL}, page)
    return PageSlice(docs=[{k: d.get(k) for k in ("_id", "status", "candidate_key", "profile")}
                           for d in slice_.docs], next_cursor=slice_.next_cursor)


async def statuses(db: Db, *, call_id: ObjectId, application_ids: list[ObjectId]
                   ) -> dict[ObjectId, Document]:
    """Status, version and history of some applications of a call, and what their webhook
    event is addressed by (for bulk decisions)."""
    cursor = db[COLLECTION].find(
        {"_id": {"$in": application_ids}, "call_id": call_id},
        {"call_id": 1, "status": 1, "version": 1, "candidate_key": 1, "status_history.to": 1,
         "channel": 1, "permrep_country": 1})
    return {d["_id"]: d async for d in cursor}
