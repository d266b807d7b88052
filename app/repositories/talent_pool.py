"""The talent pool: applications whose candidates consented to be considered for later calls."""

from __future__ import annotations

from datetime import datetime

from bson import ObjectId
from pymongo import ReturnDocument

from app.db import Db
from app.models.integrations_matches import TalentPoolDoc
from app.models.stored import ApplicationDoc
from app.repositories.applications import applications

COLLECTION = "talent_pool"


async def consent(db: Db, *, application_id: ObjectId, candidate_key: str, now: datetime
                  ) -> TalentPoolDoc:
    """Record consent (kept as it was if given before; an objection is never undone here)."""
    found = await db[COLLECTION].find_one_and_update(
        {"_id": application_id},
        {"$setOnInsert": {"candidate_key": candidate_key, "consented_at": now,
                          "objected_at": None}},
        upsert=True, return_document=ReturnDocument.AFTER)
    return TalentPoolDoc.model_validate(found)


async def object_to(db: Db, *, application_id: ObjectId, candidate_key: str, now: datetime
                    ) -> TalentPoolDoc:
    found = await db[COLLECTION].find_one_and_update(
        {"_id": application_id},
        {"$set": {"objected_at": now},
         "$setOnInsert": {"candidate_key": candidate_key, "consented_at": now}},
        upsert=True, return_document=ReturnDocument.AFTER)
    return TalentPoolDoc.model_validate(found)


async def objected_keys(db: Db) -> set[str]:
    """Candidates who objected (on any of their applications)."""
    return {d["candidate_key"] async for d in
            db[COLLECTION].find({"objected_at": {"$ne": None}}, {"candidate_key": 1})}


async def consenting_applications(db: Db, *, exclude_call: ObjectId, limit: int
                                  ) -> list[ApplicationDoc]:
    """Applications of other calls whose candidate consented and did not object."""
    ids = [d["_id"] async for d in db[COLLECTION].find({"objected_at": None}, {"_id": 1})
           .limit(limit)]
    return [d async for d in applications(db).find(
        {"_id": {"$in": ids}, "call_id": {"$ne": exclude_call}, "status": {"$ne": "draft"}})]
