"""The ``calls`` collection."""

from __future__ import annotations

import time
from collections import OrderedDict
from datetime import datetime
from typing import Any

from bson import ObjectId
from pymongo import ReturnDocument
from pymongo.errors import DuplicateKeyError

from app.db import Db, Document
from app.models.common import PageParams
from app.repositories.paging import PageSlice, newest_first

COLLECTION = "calls"


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
        self._entries: OrderedDict[tuple[str, ObjectId], tuple[float, Document]] = OrderedDict()
        self.writes = 0

    def get(self, db: Db, call_id: ObjectId, ttl: float) -> Document | None:
        entry = self._entries.get((db.name, call_id))
        if entry is None or time.monotonic() - entry[0] >= ttl:
            return None
        return entry[1]

    def put(self, db: Db, doc: Document) -> None:
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


async def get_recent(db: Db, call_id: ObjectId, *, ttl: float) -> Document | None:
    """One call, from this process's recent reads when younger than ``ttl`` seconds. The
    answer is a copy: callers may change it without changing the cache."""
    if ttl > 0 and (cached := _RECENT.get(db, call_id, ttl)) is not None:
        return dict(cached)
    doc = await get(db, call_id)
    if doc is not None and ttl > 0:
        _RECENT.put(db, doc)
        return dict(doc)
    return doc


async def get(db: Db, call_id: ObjectId) -> Document | None:
    """One call by id, whatever its status (access is the service's business)."""
    return await db[COLLECTION].find_one({"_id": call_id})


async def get_by_reference(db: Db, reference: str) -> Document | None:
    """One call by its notice reference (unique)."""
    return await db[COLLECTION].find_one({"reference": reference})


async def insert(db: Db, doc: Document) -> ObjectId | None:
    """Insert a call; ``None`` when its reference is taken."""
    try:
        result = await db[COLLECTION].insert_one(doc)
    except DuplicateKeyError:
        return None
    _RECENT.forget(db, ObjectId(result.inserted_id))
    return ObjectId(result.inserted_id)


async def find_page(db: Db, *, query: dict[str, Any], page: PageParams,
                    fields: list[str] | None = None) -> PageSlice:
    """A page of calls matching ``query``, newest first (only ``fields`` when given)."""
    projection = dict.fromkeys(fields, 1) if fields else None
    return await newest_first(db[COLLECTION], query, page, projection)


async def update_if(
    db: Db, *, call_id: ObjectId, expect: dict[str, Any], update: dict[str, Any]
) -> Document | None:
    """Apply ``update`` only if the call still matches ``expect``; the new document or ``None``.

    Every change bumps ``version``, so a writer that read an older version loses cleanly.
    """
    update = {**update, "$inc": {**update.get("$inc", {}), "version": 1}}
    _RECENT.forget(db, call_id)
    try:
        return await db[COLLECTION].find_one_and_update(
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
                    ttl: float = 0.0) -> dict[ObjectId, Document]:
    """Reference, title, kind, deadline and status of several calls in one query (a page of
    applications or notifications names each call once); recent calls (``ttl``) from memory."""
    wanted = set(call_ids)
    known: dict[ObjectId, Document] = {}
    if ttl > 0:
        for call_id in wanted:
            if (cached := _RECENT.get(db, call_id, ttl)) is not None:
                known[call_id] = cached
    missing = wanted - known.keys()
    if missing:
        # Whole documents when remembered (a create or a submit will want the rest).
        found = await db[COLLECTION].find({"_id": {"$in": list(missing)}},
                                          None if ttl > 0 else SUMMARY_FIELDS).to_list()
        for doc in found:
            known[doc["_id"]] = doc
            if ttl > 0:
                _RECENT.put(db, doc)
    return {call_id: summary(doc) for call_id, doc in known.items()}


def summary(call: Document) -> Document:
    """The summary fields of a call document (what an application shows of its call)."""
    return {"_id": call["_id"], **{field: call[field] for field in SUMMARY_FIELDS
                                   if field in call}}
