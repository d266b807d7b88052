"""The ``panels`` and ``conflict_declarations`` collections."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bson import ObjectId
from pymongo import ReturnDocument
from pymongo.errors import DuplicateKeyError

from app.db import Db, Update
from app.models.panels import ConflictDeclarationDoc, PanelDoc, PanelMember, Stage

PANELS = "panels"
DECLARATIONS = "conflict_declarations"


async def get(db: Db, call_id: ObjectId) -> PanelDoc | None:
    """The panel of a call, if one was set up."""
    found = await db[PANELS].find_one({"call_id": call_id})
    return PanelDoc.model_validate(found) if found else None


async def calls_of_member(db: Db, sub: str) -> list[ObjectId]:
    """Ids of the calls on whose panel ``sub`` sits (index ``members.sub``)."""
    return [d["call_id"] async for d in db[PANELS].find({"members.sub": sub}, {"call_id": 1})]


async def create(db: Db, *, call_id: ObjectId, members: list[PanelMember], now: datetime
                 ) -> PanelDoc | None:
    """Insert the first panel of a call; ``None`` if another request created it first."""
    doc = {"call_id": call_id, "members": [m.model_dump(mode="json") for m in members],
           "consolidation_open": [], "version": 1, "created_at": now, "updated_at": now}
    try:
        result = await db[PANELS].insert_one(doc)
    except DuplicateKeyError:
        return None
    return PanelDoc.model_validate({**doc, "_id": result.inserted_id})


async def update_if(db: Db, *, call_id: ObjectId, version: int, update: Update
                    ) -> PanelDoc | None:
    """Apply ``update`` if the panel is still at ``version``; the new panel or ``None``."""
    found = await db[PANELS].find_one_and_update(
        {"call_id": call_id, "version": version},
        {**update, "$inc": {"version": 1}}, return_document=ReturnDocument.AFTER)
    return PanelDoc.model_validate(found) if found else None


async def replace_members(db: Db, *, call_id: ObjectId, version: int,
                          members: list[PanelMember], now: datetime) -> PanelDoc | None:
    return await update_if(db, call_id=call_id, version=version, update={"$set": {
        "members": [m.model_dump(mode="json") for m in members], "updated_at": now}})


async def open_consolidation(db: Db, *, call_id: ObjectId, stage: Stage, now: datetime
                             ) -> PanelDoc | None:
    found = await db[PANELS].find_one_and_update(
        {"call_id": call_id},
        {"$addToSet": {"consolidation_open": stage.value}, "$set": {"updated_at": now},
         "$inc": {"version": 1}},
        return_document=ReturnDocument.AFTER)
    return PanelDoc.model_validate(found) if found else None


async def insert_declaration(db: Db, declaration: ConflictDeclarationDoc) -> None:
    """Store a declaration (never updated: a correction is a new record)."""
    await db[DECLARATIONS].insert_one(declaration.to_mongo())


async def latest_declaration(db: Db, *, application_id: ObjectId, member_sub: str
                             ) -> ConflictDeclarationDoc | None:
    """The member's newest declaration about one application (the one that counts)."""
    found = await db[DECLARATIONS].find_one(
        {"application_id": application_id, "member_sub": member_sub}, sort=[("_id", -1)])
    return ConflictDeclarationDoc.model_validate(found) if found else None


async def declarations_of(db: Db, *, application_id: ObjectId) -> list[ConflictDeclarationDoc]:
    """Every declaration about an application, oldest first."""
    cursor = db[DECLARATIONS].find({"application_id": application_id}).sort("_id", 1)
    return [ConflictDeclarationDoc.model_validate(d) async for d in cursor]


async def member_declarations(db: Db, *, call_id: ObjectId, member_sub: str
                              ) -> dict[ObjectId, ConflictDeclarationDoc]:
    """The member's newest declaration per application of a call."""
    cursor = db[DECLARATIONS].find({"call_id": call_id, "member_sub": member_sub}).sort("_id", 1)
    latest: dict[ObjectId, ConflictDeclarationDoc] = {}
    async for d in cursor:
        doc = ConflictDeclarationDoc.model_validate(d)
        latest[doc.application_id] = doc
    return latest


async def declaration_counts(db: Db, *, call_id: ObjectId) -> dict[str, int]:
    """How many current declarations of each kind a call's panel made (newest per member)."""
    pipeline: list[dict[str, Any]] = [
        {"$match": {"call_id": call_id}},
        {"$sort": {"_id": -1}},
        {"$group": {"_id": {"a": "$application_id", "m": "$member_sub"},
                    "kind": {"$first": "$kind"}}},
        {"$group": {"_id": "$kind", "n": {"$sum": 1}}},
    ]
    cursor = await db[DECLARATIONS].aggregate(pipeline)
    return {str(d["_id"]): int(d["n"]) async for d in cursor}
