"""The ``calls`` collection."""

from __future__ import annotations

import time
from collections import OrderedDict
from datetime import datetime
from typing import cast

from bson import ObjectId
from pymongo import ReturnDocument
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.errors import DuplicateKeyError

from app.db import Db, Filter, Update
from app.models.common import PageParams
from app.models.stored import CallDoc, CallSummaryDoc
from app.models.stored_more import PublicCallViewDoc
from app.repositories.paging import PageSlice, newest_first

COLLECTION = "calls"


def calls(db: Db) -> AsyncCollection[CallDoc]:
    """The collection, typed: its validator (migrations) guarantees the stored shape, so this
    is the one place a driver's document is taken for a ``CallDoc``."""
    return cast("AsyncCollection[CallDoc]", db[COLLECTION])


class DuplicateReference(Exception):
    """Another call already has this reference."""


class _Recent:
    """Calls read in the last few seconds, per process: every application read, list, create
    and submit names its call, and calls change rarely (an amendment, a closure). Entries live
    ``ttl`` seconds; this process's own writes drop them at once, so another replica's change
    is seen within ``ttl`` (``ATS_CALL_CACHE_SECONDS``, 0 = always read). Absent calls are not
    remembered: one created on another replica is found at once."""

    LIMIT = 2_000

    def __init__(self) -> None:
        self._entries: OrderedDict[tuple[str, ObjectId], tuple[float, CallDoc]] = OrderedDict()
        self.writes = 0

    def get(self, db: Db, call_id: ObjectId, ttl: float) -> CallDoc | None:
        entry = self._entries.get((db.name, call_id))
        if entry is None or time.monotonic() - entry[0] >= ttl:
            return None
        return entry[1]

    def put(self, db: Db, doc: CallDoc) -> None:
        key = (db.name, doc["_id"])
        self._entries[key] = (time.monotonic(), doc)
        self._entries.move_to_end(key)
        while len(self._entries) > self.LIMIT:
            self._entries.popitem(last=False)

    def forget(self, db: Db, call_id: ObjectId) -> None:
        self._entries.pop((db.name, call_id), None)
        self.writes += 1


_RECENT = _Recent()


def generation() -> int:
    """How many call writes this process has made: a cache of answers derived from several
    calls (the public list) is stale once it changes."""
    return _RECENT.writes


async def get_recent(db: Db, call_id: ObjectId, *, ttl: float) -> CallDoc | None:
    """One call, from this process's recent reads when younger than ``ttl`` seconds. The
    answer is a copy: callers may change it without changing the cache."""
    if ttl > 0 and (cached := _RECENT.get(db, call_id, ttl)) is not None:
        return cached.copy()
    doc = await get(db, call_id)
    if doc is not None and ttl > 0:
        _RECENT.put(db, doc)
        return doc.copy()
    return doc


async def get(db: Db, call_id: ObjectId) -> CallDoc | None:
    """One call by id, whatever its status (access is the service's business)."""
    return await calls(db).find_one({"_id": call_id})


async def get_by_reference(db: Db, reference: str) -> CallDoc | None:
    """One call by its notice reference (unique)."""
    return await calls(db).find_one({"reference": reference})


async def insert(db: Db, doc: CallDoc) -> ObjectId | None:
    """Insert a call; ``None`` when its reference is taken."""
    try:
        result = await calls(db).insert_one(doc)
    except DuplicateKeyError:
        return None
    _RECENT.forget(db, ObjectId(result.inserted_id))
    return ObjectId(result.inserted_id)


async def find_page(db: Db, *, query: Filter, page: PageParams) -> PageSlice[CallDoc]:
    """A page of calls matching ``query``, newest first."""
    return await newest_first(calls(db), query, page)


# What a public listing shows of each call (``PublicCallViewDoc``'s members).
PUBLIC_SUMMARY = dict.fromkeys(["reference", "title", "kind", "dg", "unit",
                                "places_of_employment", "deadline", "status", "demo"], 1)


async def public_summaries_page(db: Db, *, query: Filter, page: PageParams
                                ) -> PageSlice[PublicCallViewDoc]:
    """A page of calls matching ``query``, newest first, with only what a listing shows."""
    viewed = cast("AsyncCollection[PublicCallViewDoc]", db[COLLECTION])  # a projection
    return await newest_first(viewed, query, page, PUBLIC_SUMMARY)


async def update_if(
    db: Db, *, call_id: ObjectId, expect: Filter, update: Update
) -> CallDoc | None:
    """Apply ``update`` only if the call still matches ``expect``; the new document or ``None``.

    Every change bumps ``version``, so a writer that read an older version loses cleanly.
    """
    update = {**update, "$inc": {**update.get("$inc", {}), "version": 1}}
    _RECENT.forget(db, call_id)
    try:
        return await calls(db).find_one_and_update(
            {"_id": call_id, **expect}, update, return_document=ReturnDocument.AFTER
        )
    except DuplicateKeyError:
        raise DuplicateReference from None
    finally:  # a read racing the write may have cached the old version meanwhile
        _RECENT.forget(db, call_id)


async def due_for_closure(db: Db, *, now: datetime, limit: int = 500) -> list[ObjectId]:
    """Ids of published calls whose deadline has passed (index ``status, deadline.utc``)."""
    cursor = db[COLLECTION].find(
        {"status": "published", "deadline.utc": {"$lte": now}}, {"_id": 1}
    ).sort("deadline.utc", 1).limit(limit)
    return [doc["_id"] async for doc in cursor]


SUMMARY_FIELDS = {"reference": 1, "title": 1, "kind": 1, "deadline": 1, "status": 1}


async def summaries(db: Db, call_ids: list[ObjectId], *,
                    ttl: float = 0.0) -> dict[ObjectId, CallSummaryDoc]:
    """Reference, title, kind, deadline and status of several calls in one query (a page of
    applications or notifications names each call once); recent calls (``ttl``) from memory."""
    wanted = set(call_ids)
    known: dict[ObjectId, CallDoc] = {}
    if ttl > 0:
        for call_id in wanted:
            if (cached := _RECENT.get(db, call_id, ttl)) is not None:
                known[call_id] = cached
    missing = wanted - known.keys()
    if missing:
        # Whole documents when remembered (a create or a submit will want the rest); else
        # only what ``summary`` reads.
        found = await calls(db).find({"_id": {"$in": list(missing)}},
                                          None if ttl > 0 else SUMMARY_FIELDS).to_list()
        for doc in found:
            known[doc["_id"]] = doc
            if ttl > 0:
                _RECENT.put(db, doc)
    return {call_id: summary(doc) for call_id, doc in known.items()}


def summary(call: CallDoc) -> CallSummaryDoc:
    """The summary fields of a call document (what an application shows of its call); a
    projection on ``SUMMARY_FIELDS`` will do."""
    found: CallSummaryDoc = {"_id": call["_id"]}
    if "reference" in call:
        found["reference"] = call["reference"]
    if "title" in call:
        found["title"] = call["title"]
    if "kind" in call:
        found["kind"] = call["kind"]
    if "deadline" in call:
        found["deadline"] = call["deadline"]
    if "status" in call:
        found["status"] = call["status"]
    return found
