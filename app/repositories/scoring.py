"""The ``scoring_grids`` and ``scorecards`` collections."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bson import ObjectId
from pymongo import ReturnDocument
from pymongo.errors import DuplicateKeyError

from app.db import Db, Update
from app.models.panels import Stage
from app.models.scoring import ScorecardDoc, ScoringGridDoc, StageGrid

GRIDS = "scoring_grids"
SCORECARDS = "scorecards"


async def get_grid(db: Db, call_id: ObjectId) -> ScoringGridDoc | None:
    found = await db[GRIDS].find_one({"call_id": call_id})
    return ScoringGridDoc.model_validate(found) if found else None


def _stages(stages: list[StageGrid]) -> list[dict[str, Any]]:
    return [s.model_dump(mode="json") for s in stages]


async def create_grid(db: Db, *, call_id: ObjectId, stages: list[StageGrid], now: datetime
                      ) -> ScoringGridDoc | None:
    """The call's first stored grid; ``None`` if another request stored one first."""
    doc = {"call_id": call_id, "stages": _stages(stages), "frozen_stages": [], "derived": False,
           "version": 1, "updated_at": now}
    try:
        result = await db[GRIDS].insert_one(doc)
    except DuplicateKeyError:
        return None
    return ScoringGridDoc.model_validate({**doc, "_id": result.inserted_id})


async def replace_stages(db: Db, *, call_id: ObjectId, version: int, stages: list[StageGrid],
                         unfrozen: list[Stage], now: datetime) -> ScoringGridDoc | None:
    """Store new stage grids if the grid is still at ``version`` and none of ``unfrozen``
    froze meanwhile (a scorecard submitted between our read and this write)."""
    found = await db[GRIDS].find_one_and_update(
        {"call_id": call_id, "version": version,
         "frozen_stages": {"$nin": [s.value for s in unfrozen]}},
        {"$set": {"stages": _stages(stages), "updated_at": now}, "$inc": {"version": 1}},
        return_document=ReturnDocument.AFTER)
    return ScoringGridDoc.model_validate(found) if found else None


async def freeze_stage(db: Db, *, call_id: ObjectId, stage: Stage) -> None:
    """Mark a stage's grid frozen (its first scorecard is being submitted)."""
    await db[GRIDS].update_one({"call_id": call_id},
                               {"$addToSet": {"frozen_stages": stage.value}})


async def get_scorecard(db: Db, *, application_id: ObjectId, stage: Stage, member_sub: str
                        ) -> ScorecardDoc | None:
    found = await db[SCORECARDS].find_one(
        {"application_id": application_id, "stage": stage.value, "member_sub": member_sub})
    return ScorecardDoc.model_validate(found) if found else None


async def upsert_draft_or_submit(
    db: Db, *, call_id: ObjectId, application_id: ObjectId, stage: Stage, member_sub: str,
    fields: Update, now: datetime,
) -> ScorecardDoc | None:
    """Write the member's scorecard unless it is already submitted (then ``None``)."""
    try:
        found = await db[SCORECARDS].find_one_and_update(
            {"application_id": application_id, "stage": stage.value, "member_sub": member_sub,
             "status": {"$ne": "submitted"}},
            {"$set": {**fields, "updated_at": now},
             "$setOnInsert": {"call_id": call_id, "created_at": now}},
            upsert=True, return_document=ReturnDocument.AFTER)
    except DuplicateKeyError:
        # The unique key exists but did not match: it is submitted.
        return None
    return ScorecardDoc.model_validate(found) if found else None


async def scorecards_of(db: Db, *, application_id: ObjectId, stage: Stage
                        ) -> list[ScorecardDoc]:
    cursor = db[SCORECARDS].find({"application_id": application_id, "stage": stage.value})
    return [ScorecardDoc.model_validate(d) async for d in cursor.sort("member_sub", 1)]


async def members_who_scored(db: Db, *, call_id: ObjectId) -> set[str]:
    """Members holding any scorecard (draft or submitted) on a call."""
    values = await db[SCORECARDS].distinct("member_sub", {"call_id": call_id})
    return {str(v) for v in values}


async def any_submitted(db: Db, *, call_id: ObjectId) -> bool:
    return await db[SCORECARDS].find_one({"call_id": call_id, "status": "submitted"},
                                         {"_id": 1}) is not None
