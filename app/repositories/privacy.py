"""Retention runs, legal holds, and the reads and deletes the purge makes on personal data."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime
from typing import Any, TypeVar, cast

from bson import ObjectId
from pymongo import UpdateOne
from pymongo.asynchronous.client_session import AsyncClientSession
from pymongo.asynchronous.collection import AsyncCollection

from app.db import Db, Filter, Update
from app.models.common import PageParams
from app.models.privacy import LegalHoldDoc, PrivacyRequestDoc, RetentionRunDoc, RunStatus
from app.models.stored import ApplicationDoc, ClaimedDoc, PurgeViewDoc, PurgingDoc
from app.models.stored_more import CallKindDoc, DocumentFileRefDoc, GridFileViewDoc
from app.repositories.applications import applications
from app.repositories.documents import BUCKET
from app.repositories.paging import PageSlice, newest_first

RUNS = "retention_runs"
HOLDS = "legal_holds"
APPLICATIONS = "applications"
V = TypeVar("V", PurgeViewDoc, ClaimedDoc)
CALLS = "calls"


# --- runs -----------------------------------------------------------------------------------

async def insert_run(db: Db, run: RetentionRunDoc) -> None:
    await db[RUNS].insert_one(run.to_mongo())


async def get_run(db: Db, run_id: ObjectId) -> RetentionRunDoc | None:
    found = await db[RUNS].find_one({"_id": run_id})
    return RetentionRunDoc.model_validate(found) if found else None


async def runs_page(db: Db, page: PageParams) -> tuple[list[RetentionRunDoc], str | None]:
    found: PageSlice = await newest_first(db[RUNS], {}, page)
    return [RetentionRunDoc.model_validate(d) for d in found.docs], found.next_cursor


async def interrupt_others(db: Db, *, run_id: ObjectId) -> None:
    """Runs left ``running`` by a killed process (we hold the lease, so they are dead)."""
    await db[RUNS].update_many({"_id": {"$ne": run_id}, "status": RunStatus.running.value},
                               {"$set": {"status": RunStatus.interrupted.value}})


async def add_counts(db: Db, *, run_id: ObjectId, call_id: ObjectId, counts: dict[str, int],
                     session: AsyncClientSession | None = None) -> None:
    inc = {f"calls.{call_id}.{name}": n for name, n in counts.items()}
    if inc:
        await db[RUNS].update_one({"_id": run_id}, {"$inc": inc}, session=session)


async def finish_run(db: Db, *, run_id: ObjectId, now: datetime) -> None:
    await db[RUNS].update_one({"_id": run_id}, {"$set": {
        "status": RunStatus.finished.value, "finished_at": now}})


# --- legal holds ----------------------------------------------------------------------------

async def insert_hold(db: Db, hold: LegalHoldDoc) -> None:
    await db[HOLDS].insert_one(hold.to_mongo())


async def get_hold(db: Db, hold_id: ObjectId) -> LegalHoldDoc | None:
    found = await db[HOLDS].find_one({"_id": hold_id})
    return LegalHoldDoc.model_validate(found) if found else None


async def lift_hold(db: Db, *, hold_id: ObjectId, by: str, now: datetime) -> LegalHoldDoc | None:
    found = await db[HOLDS].find_one_and_update(
        {"_id": hold_id, "lifted_at": None}, {"$set": {"lifted_at": now, "lifted_by": by}},
        return_document=True)
    return LegalHoldDoc.model_validate(found) if found else None


async def holds_page(db: Db, *, active_only: bool, page: PageParams
                     ) -> tuple[list[LegalHoldDoc], str | None]:
    found = await newest_first(db[HOLDS], {"lifted_at": None} if active_only else {}, page)
    return [LegalHoldDoc.model_validate(d) for d in found.docs], found.next_cursor


async def active_hold_targets(db: Db) -> tuple[set[ObjectId], set[ObjectId]]:
    """Ids of held calls and held applications (holds are few: a handful of cases)."""
    calls: set[ObjectId] = set()
    applications: set[ObjectId] = set()
    async for hold in db[HOLDS].find({"lifted_at": None}, {"scope": 1, "target_id": 1}):
        (calls if hold["scope"] == "call" else applications).add(hold["target_id"])
    return calls, applications


async def exists(db: Db, collection: str, oid: ObjectId) -> bool:
    return await db[collection].find_one({"_id": oid}, {"_id": 1}) is not None


# --- what is due ----------------------------------------------------------------------------

async def closed_calls_before(db: Db, *, kind: str, cutoff: datetime, after: ObjectId | None,
                              limit: int) -> list[CallKindDoc]:
    """Calls of ``kind`` closed (or cancelled) at or before ``cutoff``, by id, one batch."""
    query: Filter = {"kind": kind, "$or": [{"closed_at": {"$ne": None, "$lte": cutoff}},
                                                   {"cancelled_at": {"$ne": None,
                                                                     "$lte": cutoff}}]}
    if after is not None:
        query["_id"] = {"$gt": after}
    viewed = cast("AsyncCollection[CallKindDoc]", db[CALLS])  # a projection
    return await viewed.find(query, {"_id": 1, "kind": 1}).sort("_id", 1).limit(
        limit).to_list()


def purgeable_query(*, call_id: ObjectId, hr_statuses: list[str],
                    held: set[ObjectId]) -> Filter:
    """Applications of a call that the not-selected rule deletes."""
    return {"call_id": call_id, "transferred_at": None, "_id": {"$nin": list(held)},
            "$or": [{"status": {"$nin": hr_statuses}, "status_history.to": {"$nin": hr_statuses}},
                    # The person restricted processing: no hand-over, erased at retention end.
                    {"restricted_at": {"$ne": None}}]}


def _viewed(db: Db, view: type[V]) -> AsyncCollection[V]:
    """Applications read through a projection of shape ``view``: the validator guarantees the
    stored shape, the projection (and the query) which part of it comes back."""
    return cast("AsyncCollection[V]", db[APPLICATIONS])


async def ids_page(db: Db, *, query: Filter, after: ObjectId | None, limit: int
                   ) -> list[PurgeViewDoc]:
    """A batch of applications (only what the purge needs: never the profile)."""
    q = dict(query)
    if after is not None:
        q = {"$and": [query, {"_id": {"$gt": after}}]}
    return await _viewed(db, PurgeViewDoc).find(
        q, {"_id": 1, "call_id": 1, "candidate_key": 1, "owner_sub": 1, "purging": 1}
    ).sort("_id", 1).limit(limit).to_list()


async def count(db: Db, collection: str, query: Filter) -> int:
    return await db[collection].count_documents(query)


async def purging_applications(db: Db, *, limit: int) -> list[ClaimedDoc]:
    """Applications a killed run claimed but did not finish."""
    return await _viewed(db, ClaimedDoc).find(
        {"purging.run_id": {"$exists": True}},
        {"_id": 1, "call_id": 1, "candidate_key": 1, "owner_sub": 1, "purging": 1},
    ).sort("_id", 1).limit(limit).to_list()


async def delete_linked(db: Db, collection: str, field: str, value: ObjectId) -> int:
    result = await db[collection].delete_many({field: value})
    return result.deleted_count


# --- the data subject's own data (export) ---------------------------------------------------

async def applications_of_owner(db: Db, owner_sub: str) -> AsyncIterator[ApplicationDoc]:
    """Every application a candidate owns, oldest first, streamed (not those being purged)."""
    async for doc in applications(db).find(
            {"channel": "candidate", "owner_sub": owner_sub, "purging": None}).sort("_id", 1):
        yield doc


# --- data-subject requests ------------------------------------------------------------------

REQUESTS = "privacy_requests"


async def insert_request(db: Db, request: PrivacyRequestDoc) -> None:
    await db[REQUESTS].insert_one(request.to_mongo())


async def get_request(db: Db, request_id: ObjectId) -> PrivacyRequestDoc | None:
    found = await db[REQUESTS].find_one({"_id": request_id})
    return PrivacyRequestDoc.model_validate(found) if found else None


async def requests_page(db: Db, *, query: Filter, page: PageParams
                        ) -> tuple[list[PrivacyRequestDoc], str | None]:
    found = await newest_first(db[REQUESTS], query, page)
    return [PrivacyRequestDoc.model_validate(d) for d in found.docs], found.next_cursor


async def update_request(db: Db, request_id: ObjectId, fields: Update
                         ) -> PrivacyRequestDoc | None:
    found = await db[REQUESTS].find_one_and_update({"_id": request_id}, {"$set": fields},
                                                   return_document=True)
    return PrivacyRequestDoc.model_validate(found) if found else None


async def forget_applications(db: Db, *, ids: list[ObjectId], now: datetime) -> None:
    """Requests and holds outlive the application but must not name it (nor the person)."""
    await db[REQUESTS].update_many(
        {"application_id": {"$in": ids}},
        {"$set": {"application_id": None, "subject_ref": None, "erased_at": now}})
    # A random id per hold: the hold stays on record, pointing at nothing.
    async for hold in db[HOLDS].find({"scope": "application", "target_id": {"$in": ids}},
                                     {"_id": 1}):
        await db[HOLDS].update_one({"_id": hold["_id"]}, {
            "$set": {"target_id": ObjectId(), "target_erased": True}})


async def set_restricted(db: Db, *, application_id: ObjectId, now: datetime | None) -> None:
    """Restrict processing (``now``) or lift the restriction (``None``)."""
    update = ({"$set": {"restricted_at": now}} if now is not None
              else {"$unset": {"restricted_at": ""}})
    await db[APPLICATIONS].update_one({"_id": application_id}, update)


# --- HR hand-over ---------------------------------------------------------------------------

def handover_query(*, call_id: ObjectId, hr_statuses: list[str]) -> Filter:
    """Interviewed or selected applications of a call that HR has not received yet."""
    return {"call_id": call_id, "transferred_at": None, "purging": None, "restricted_at": None,
            "$or": [{"status": {"$in": hr_statuses}}, {"status_history.to": {"$in": hr_statuses}}]}


async def handover_applications(db: Db, query: Filter
                                ) -> AsyncIterator[ApplicationDoc]:
    async for doc in applications(db).find(query).sort("_id", 1):
        yield doc


async def mark_transferred(db: Db, *, query: Filter, ids: list[ObjectId],
                           now: datetime) -> list[ObjectId]:
    """Mark those of ``ids`` that still match ``query``; the ids marked."""
    eligible = [d["_id"] async for d in db[APPLICATIONS].find(
        {"$and": [query, {"_id": {"$in": ids}}]}, {"_id": 1})]
    if eligible:
        await db[APPLICATIONS].update_many(
            {"_id": {"$in": eligible}, "transferred_at": None},
            {"$set": {"transferred_at": now}, "$inc": {"version": 1}})
    return eligible



# --- erasing applications, a batch at a time ------------------------------------------------

async def documents_of(db: Db, ids: list[ObjectId]) -> list[DocumentFileRefDoc]:
    """``_id``, ``application_id`` and ``gridfs_id`` of the batch's documents."""
    found = cast("AsyncCollection[DocumentFileRefDoc]", db["documents"])  # a projection
    return await found.find(
        {"application_id": {"$in": ids}}, {"application_id": 1, "gridfs_id": 1}).to_list()


async def gridfs_files_of(db: Db, ids: list[ObjectId]) -> list[GridFileViewDoc]:
    """The batch's GridFS files, tagged with their application (also orphans of a crash)."""
    files = cast("AsyncCollection[GridFileViewDoc]", db[f"{BUCKET}.files"])  # a projection
    return await files.find(
        {"metadata.application_id": {"$in": ids}},
        {"length": 1, "metadata.application_id": 1}).to_list()


async def count_by(db: Db, collection: str, field: str, ids: list[ObjectId]
                   ) -> dict[ObjectId, int]:
    """How many documents of ``collection`` each application has."""
    pipeline: list[dict[str, Any]] = [{"$match": {field: {"$in": ids}}},
                                      {"$group": {"_id": f"${field}", "n": {"$sum": 1}}}]
    return {d["_id"]: int(d["n"]) async for d in await db[collection].aggregate(pipeline)}


async def claim_many(db: Db, *, claims: dict[ObjectId, PurgingDoc], run_id: ObjectId
                     ) -> list[ClaimedDoc]:
    """Mark each application ``purging`` (unless another claim or a hand-over came first);
    from then on every read path treats it as gone. The applications this claim holds."""
    if not claims:
        return []
    await db[APPLICATIONS].bulk_write([
        UpdateOne({"_id": oid, "purging": None, "transferred_at": None},
                  {"$set": {"purging": claim}}) for oid, claim in claims.items()],
        ordered=False)
    return await _viewed(db, ClaimedDoc).find(
        {"_id": {"$in": list(claims)}, "purging.run_id": run_id},
        {"_id": 1, "call_id": 1, "purging": 1}).to_list()


async def delete_gridfs(db: Db, file_ids: list[ObjectId]) -> None:
    """GridFS files and their chunks (chunks first: no file is left pointing at nothing)."""
    if file_ids:
        await db[f"{BUCKET}.chunks"].delete_many({"files_id": {"$in": file_ids}})
        await db[f"{BUCKET}.files"].delete_many({"_id": {"$in": file_ids}})


async def delete_linked_many(db: Db, collection: str, field: str, ids: list[ObjectId]) -> int:
    result = await db[collection].delete_many({field: {"$in": ids}})
    return result.deleted_count


async def live_subjects(db: Db, subjects: list[str]) -> set[str]:
    """Those of ``subjects`` who still have an application we keep (their key must stay)."""
    found = db[APPLICATIONS].find(
        {"purging": None, "$or": [{"candidate_key": {"$in": subjects}},
                                  {"owner_sub": {"$in": subjects}}]},
        {"candidate_key": 1, "owner_sub": 1})
    live: set[str] = set()
    async for doc in found:
        live.update(s for s in (doc.get("candidate_key"), doc.get("owner_sub")) if s)
    return live & set(subjects)


async def delete_applications(db: Db, *, ids: list[ObjectId], session: AsyncClientSession
                              ) -> list[ClaimedDoc]:
    """Delete the batch's applications; the ones that were still there (to credit)."""
    present = await _viewed(db, ClaimedDoc).find(
        {"_id": {"$in": ids}}, {"call_id": 1, "purging": 1}, session=session).to_list()
    await db[APPLICATIONS].delete_many({"_id": {"$in": [d["_id"] for d in present]}},
                                       session=session)
    return present
