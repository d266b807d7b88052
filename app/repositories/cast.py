"""EPSO CAST imports (``cast_imports``, files in GridFS ``cast_files``) and ``cast_records``."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from datetime import datetime
from typing import cast

from bson import ObjectId
from gridfs import AsyncGridFSBucket
from gridfs.errors import NoFile
from pymongo import ReturnDocument, UpdateOne
from pymongo.asynchronous.collection import AsyncCollection

from app.db import Db, Filter, Update
from app.models.integrations_cast import CastImportDoc, CastRecordDoc, Rejection
from app.models.stored import CastCheckDoc, CastVerificationDoc, EligibilityDoc

IMPORTS = "cast_imports"
RECORDS = "cast_records"
BUCKET = "cast_files"
MAX_REJECTIONS = 1000


def bucket(db: Db) -> AsyncGridFSBucket:
    return AsyncGridFSBucket(db, bucket_name=BUCKET)


async def insert_import(db: Db, doc: CastImportDoc) -> None:
    await db[IMPORTS].insert_one(doc.to_mongo())


async def get_import(db: Db, import_id: ObjectId) -> CastImportDoc | None:
    found = await db[IMPORTS].find_one({"_id": import_id})
    return CastImportDoc.model_validate(found) if found else None


async def claim_import(db: Db, *, now: datetime, until: datetime) -> CastImportDoc | None:
    """The oldest unfinished import nobody holds (a crashed one is resumed once its claim
    lapses)."""
    found = await db[IMPORTS].find_one_and_update(
        {"state": {"$in": ["queued", "validating", "applying"]},
         "$or": [{"claimed_until": None}, {"claimed_until": {"$lte": now}}]},
        {"$set": {"claimed_until": until}}, sort=[("_id", 1)],
        return_document=ReturnDocument.AFTER)
    return CastImportDoc.model_validate(found) if found else None


async def update_import(db: Db, import_id: ObjectId, *, set_fields: Update,
                        rejections: list[Rejection] | None = None) -> None:
    update: Update = {"$set": set_fields}
    if rejections:
        update["$push"] = {"rejections": {"$each": [r.to_mongo() for r in rejections],
                                          "$slice": MAX_REJECTIONS}}
    await db[IMPORTS].update_one({"_id": import_id}, update)


async def records_by_key(db: Db, keys: list[str]) -> dict[str, CastRecordDoc]:
    return {d["_id"]: CastRecordDoc.model_validate(d)
            async for d in db[RECORDS].find({"_id": {"$in": keys}})}


async def records_of(db: Db, *, per_id: str | None, email: str | None) -> list[CastRecordDoc]:
    """A candidate's records by Per-ID, or else by e-mail (at most one per function group)."""
    query = {"per_id": per_id} if per_id else {"email": email}
    return [CastRecordDoc.model_validate(d) async for d in db[RECORDS].find(query).limit(8)]


async def ca_applications_after(db: Db, after: ObjectId | None, *, limit: int
                                ) -> list[CastCheckDoc]:
    """CA applications (any status), in id order from ``after``: the import re-checks them."""
    query: Filter = {"call_kind": "ca", "cast_declaration": {"$ne": None}}
    if after is not None:
        query["_id"] = {"$gt": after}
    projection = {"cast_declaration": 1, "cast_verification": 1, "profile": 1,
                  "eligibility": 1, "call_id": 1, "status": 1}
    # The validator guarantees the stored shape; the projection, which part of it comes back.
    applications = cast("AsyncCollection[CastCheckDoc]", db.applications)
    return [d async for d in applications.find(query, projection).sort("_id", 1).limit(limit)]


async def set_verification(db: Db, *, application_id: ObjectId,
                           verification: CastVerificationDoc,
                           eligibility: EligibilityDoc | None) -> None:
    fields: Update = {"cast_declaration.verified": True,
                              "cast_verification": verification}
    if eligibility is not None:
        fields["eligibility"] = eligibility
    await db.applications.update_one({"_id": application_id}, {"$set": fields})


async def write_records(db: Db, writes: list[tuple[str, Update, datetime]]) -> None:
    """Upsert changed records (one round trip for the batch)."""
    if not writes:
        return
    await db[RECORDS].bulk_write([
        UpdateOne({"_id": per_id}, {"$set": {**fields, "updated_at": now},
                                    "$setOnInsert": {"created_at": now}}, upsert=True)
        for per_id, fields, now in writes], ordered=False)


async def open_file(db: Db, gridfs_id: ObjectId) -> AsyncIterator[bytes]:
    """The uploaded bytes, chunk by chunk."""
    stream = await bucket(db).open_download_stream(gridfs_id)
    while chunk := await stream.readchunk():
        yield chunk


async def delete_file(db: Db, gridfs_id: ObjectId) -> None:
    with contextlib.suppress(NoFile):  # already removed by an earlier run
        await bucket(db).delete(gridfs_id)


async def function_group_records(db: Db, *, function_group: str, limit: int
                                 ) -> list[CastRecordDoc]:
    """Candidates who passed CAST in ``function_group`` (for best matches)."""
    return [CastRecordDoc.model_validate(d) async for d in db[RECORDS].find(
        {"function_group": function_group, "result": "passed"}).limit(limit)]
