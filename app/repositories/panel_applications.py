"""Applications as a selection panel sees them: only those put before it, only what it needs."""

from __future__ import annotations

from typing import TypeVar, cast

from bson import ObjectId
from pymongo.asynchronous.collection import AsyncCollection

from app.db import Db, Filter
from app.models.common import PageParams
from app.models.stored import ApplicationDoc, ApplicationStatusDoc, ConflictViewDoc
from app.repositories.paging import PageSlice, newest_first

COLLECTION = "applications"
# Put before the panel: preselected and every status after it. A not_selected application was
# before the panel only if it had been preselected (its history says so).
AFTER_PRESELECTION = ["preselected", "interviewed", "selected", "reserve"]
BEFORE_PANEL: Filter = {"$or": [
    {"status": {"$in": AFTER_PRESELECTION}},
    {"status": "not_selected", "status_history.to": "preselected"},
]}
# What a conflict of interest is judged on, and nothing more.
CONFLICT_FIELDS = {"call_id": 1, "status": 1, "candidate_key": 1, "profile.first_name": 1,
                   "profile.last_name": 1, "profile.birth_name": 1,
                   "profile.experience.employer": 1, "profile.experience.start": 1,
                   "profile.experience.end": 1}


V = TypeVar("V", ConflictViewDoc, ApplicationStatusDoc)


def _viewed(db: Db, view: type[V]) -> AsyncCollection[V]:
    """The collection read through a projection of shape ``view``: the validator guarantees the
    stored shape, the projection which part of it comes back (the one cast to it here)."""
    return cast("AsyncCollection[V]", db[COLLECTION])


def is_before_panel(application: ApplicationDoc) -> bool:
    """The unit has put this application before the panel (now or in the past)."""
    status = application.get("status")
    if status in AFTER_PRESELECTION:
        return True
    return status == "not_selected" and any(
        h.get("to") == "preselected" for h in application.get("status_history") or [])


async def conflict_view(db: Db, application_id: ObjectId) -> ConflictViewDoc | None:
    """Names and employers of one application (the pre-declaration view)."""
    return await _viewed(db, ConflictViewDoc).find_one({"_id": application_id}, CONFLICT_FIELDS)


async def before_panel_page(db: Db, *, call_id: ObjectId, page: PageParams
                            ) -> PageSlice[ConflictViewDoc]:
    """A page of a call's applications put before its panel, with the conflict fields only."""
    return await newest_first(_viewed(db, ConflictViewDoc), {"call_id": call_id, **BEFORE_PANEL},
                              page, CONFLICT_FIELDS)


async def statuses(db: Db, *, call_id: ObjectId, application_ids: list[ObjectId]
                   ) -> dict[ObjectId, ApplicationStatusDoc]:
    """Status, version and history of some applications of a call, and what their webhook
    event is addressed by (for bulk decisions)."""
    cursor = _viewed(db, ApplicationStatusDoc).find(
        {"_id": {"$in": application_ids}, "call_id": call_id},
        {"call_id": 1, "status": 1, "version": 1, "candidate_key": 1, "status_history.to": 1,
         "channel": 1, "permrep_country": 1})
    return {d["_id"]: d async for d in cursor}
