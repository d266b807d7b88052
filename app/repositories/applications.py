"""The ``applications`` and ``special_needs`` collections: the one place personal data is read."""

from __future__ import annotations

import asyncio
import random
import re
from collections.abc import Awaitable, Callable, Mapping
from datetime import datetime
from typing import Any, TypeVar, cast

from bson import ObjectId
from pymongo.asynchronous.client_session import AsyncClientSession
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.errors import ConnectionFailure, PyMongoError

from app.db import Db, Filter, Update
from app.models.common import PageParams
from app.models.stored import (
    ApplicationChangeDoc,
    ApplicationDoc,
    EligibilityDoc,
    SpecialNeedsDoc,
)
from app.repositories.paging import PageSlice, newest_first

COLLECTION = "applications"
SPECIAL_NEEDS = "special_needs"
T = TypeVar("T")
# A document that has at least what a status change reads (an ApplicationDoc or a projection).
A = TypeVar("A", bound=Mapping[str, Any])


def applications(db: Db) -> AsyncCollection[ApplicationDoc]:
    """The collection, typed: its validator (migrations) guarantees the stored shape, so this
    is the one place a driver's document is taken for an ``ApplicationDoc``."""
    return cast("AsyncCollection[ApplicationDoc]", db[COLLECTION])


async def get(db: Db, application_id: ObjectId) -> ApplicationDoc | None:
    """One application by id, whatever its status (access is the service's business)."""
    return await applications(db).find_one({"_id": application_id})


async def insert(db: Db, doc: ApplicationDoc, *,
                 session: AsyncClientSession | None = None) -> ObjectId:
    """Store a new application; a duplicate (call, profile, candidate) raises DuplicateKeyError."""
    result = await applications(db).insert_one(doc, session=session)
    return ObjectId(result.inserted_id)


async def find_duplicate(
    db: Db, *, call_id: ObjectId, profile_code: str, candidate_key: str
) -> ObjectId | None:
    """The id of the application that already holds this (call, profile, candidate) slot."""
    found = await db[COLLECTION].find_one(
        {"call_id": call_id, "profile_code": profile_code, "candidate_key": candidate_key},
        {"_id": 1},
    )
    return None if found is None else ObjectId(found["_id"])


def versioned_change(
    *,
    application_id: ObjectId,
    version: int,
    set_fields: ApplicationChangeDoc,
    push: Update | None = None,
    unset: list[str] | None = None,
    status_in: list[str] | None = None,
) -> tuple[Filter, Update]:
    """The filter and update of a change applied only if the stored version is ``version``."""
    query: Filter = {"_id": application_id, "version": version}
    if status_in is not None:
        query["status"] = {"$in": status_in}
    update: Update = {"$set": set_fields, "$inc": {"version": 1}}
    if push:
        update["$push"] = push
    if unset:
        update["$unset"] = {name: "" for name in unset}
    return query, update


def as_updated(application: A, *, set_fields: ApplicationChangeDoc,
               push: Update | None = None) -> A:
    """The document as ``versioned_change`` leaves it, without reading it back: the change only
    applies to the version it was computed from, so nothing else can be in it."""
    updated: dict[str, Any] = {**application, **set_fields,
                               "version": int(application["version"]) + 1}
    for name, value in (push or {}).items():
        added = value["$each"] if isinstance(value, dict) and "$each" in value else [value]
        updated[name] = [*(application.get(name) or []), *added]
    # The same document with the fields a status change sets (the caller's own, checked there).
    return cast(A, updated)


async def update_versioned(
    db: Db,
    *,
    application_id: ObjectId,
    version: int,
    set_fields: ApplicationChangeDoc,
    push: Update | None = None,
    unset: list[str] | None = None,
    status_in: list[str] | None = None,
    session: AsyncClientSession | None = None,
) -> ApplicationDoc | None:
    """Apply a change if the stored version is still ``version``; the new document or ``None``."""
    query, update = versioned_change(application_id=application_id, version=version,
                                     set_fields=set_fields, push=push, unset=unset,
                                     status_in=status_in)
    # A conditional update and a read by _id, not one findAndModify: on the embedded database
    # findAndModify costs time linear in the collection (50 ms at 5,000 applications), these two
    # stay flat (bench/versioned_update.py). Any later writer must have read this version first,
    # so the document read back is this change or a descendant of it.
    result = await db[COLLECTION].update_one(query, update, session=session)
    if result.matched_count == 0:
        return None
    return await applications(db).find_one({"_id": application_id}, session=session)


async def find_page(db: Db, *, filters: Filter, page: PageParams) -> PageSlice:
    """A page of applications, newest first."""
    return await newest_first(db[COLLECTION], filters, page)


def staff_listing_query(*, call_ids: list[ObjectId], status: str | None) -> Filter:
    """The applications of ``call_ids`` staff may list: none a draft, none whose processing is
    restricted, none being purged. Equalities (``left_draft``, written with the status, says
    "not a draft" where ``status != draft`` would be a range; null matches a missing field),
    served by ``{call_id, [status,] left_draft, restricted_at, purging, _id}``: on one call
    (the usual page, ``call_id`` given) with the cursor's range on ``_id``, the one shape the
    embedded database too reads from an index; on several, MongoDB merges the calls' ranges."""
    query: Filter = {
        "call_id": call_ids[0] if len(call_ids) == 1 else {"$in": call_ids},
        "left_draft": True, "restricted_at": None, "purging": None}
    return query if status is None else {**query, "status": status}


async def call_ids_under_unit(db: Db, unit: str) -> list[ObjectId]:
    """Ids of the calls of ``unit`` and every unit below it (recruiters' scope)."""
    pattern = "^" + re.escape(unit.upper()) + r"(\.|$)"
    return [d["_id"] async for d in db["calls"].find({"unit": {"$regex": pattern}}, {"_id": 1})]


async def contact_email(db: Db, application_id: ObjectId) -> str | None:
    """The candidate's e-mail, read at delivery time (never copied into the outbox)."""
    # An application being purged has no recipient any more.
    doc = await db[COLLECTION].find_one({"_id": application_id, "purging": None},
                                        {"profile.contact.email": 1})
    if doc is None:
        return None
    email = ((doc.get("profile") or {}).get("contact") or {}).get("email")
    return email if isinstance(email, str) else None


async def put_special_needs(
    db: Db, *, application_id: ObjectId, kid: str, nonce: bytes, ciphertext: bytes,
    now: datetime, session: AsyncClientSession | None = None,
) -> None:
    """Store (or replace) the encrypted special needs of an application, with its key id."""
    await db[SPECIAL_NEEDS].update_one(
        {"application_id": application_id},
        {"$set": {"kid": kid, "nonce": nonce, "ciphertext": ciphertext, "updated_at": now},
         "$setOnInsert": {"created_at": now}},
        upsert=True, session=session,
    )


async def delete_special_needs(
    db: Db, *, application_id: ObjectId, session: AsyncClientSession | None = None
) -> None:
    await db[SPECIAL_NEEDS].delete_one({"application_id": application_id}, session=session)


def special_needs(db: Db) -> AsyncCollection[SpecialNeedsDoc]:
    """The special needs, typed (their validator guarantees the shape: the one cast)."""
    return cast("AsyncCollection[SpecialNeedsDoc]", db[SPECIAL_NEEDS])


async def get_special_needs(db: Db, application_id: ObjectId) -> SpecialNeedsDoc | None:
    """The encrypted special-needs record of an application, if any."""
    return await special_needs(db).find_one({"application_id": application_id})


async def special_needs_not_under(db: Db, *, kid: str, after: ObjectId | None, limit: int
                                  ) -> list[SpecialNeedsDoc]:
    """A batch of records sealed with another key than ``kid`` (or none), by ascending ``_id``."""
    query: Filter = {"kid": {"$ne": kid}}
    if after is not None:
        query["_id"] = {"$gt": after}
    return await special_needs(db).find(query).sort("_id", 1).limit(limit).to_list()


async def reseal_special_needs(db: Db, *, record_id: ObjectId, old_nonce: bytes, kid: str,
                               nonce: bytes, ciphertext: bytes) -> bool:
    """Replace a record's ciphertext if nobody rewrote it meanwhile (same nonce); ``updated_at``
    stays: the candidate's data did not change."""
    result = await db[SPECIAL_NEEDS].update_one(
        {"_id": record_id, "nonce": old_nonce},
        {"$set": {"kid": kid, "nonce": nonce, "ciphertext": ciphertext}})
    return result.modified_count == 1


async def in_transaction(
    db: Db, work: Callable[[AsyncClientSession], Awaitable[T]], *, attempts: int = 8
) -> T:
    """Run ``work`` in a transaction, retried while the server calls the failure transient
    (write conflicts between concurrent requests); ``TransactionBusy`` when it never settles."""
    for attempt in range(attempts):
        try:
            async with db.client.start_session() as session, \
                    await session.start_transaction():
                return await work(session)
        except PyMongoError as exc:
            # A database that cannot be reached is not a conflict: retrying would only multiply
            # the selection timeout before the client hears "503, retry later".
            if isinstance(exc, ConnectionFailure) or \
                    not exc.has_error_label("TransientTransactionError"):
                raise
            await asyncio.sleep(random.uniform(0, 0.02 * 2 ** attempt))  # noqa: S311
    raise TransactionBusy("the transaction kept conflicting with concurrent writes")


class TransactionBusy(Exception):
    """Concurrent writers kept a transaction from committing; the caller may retry later."""



async def with_verdicts(db: Db, *, call_id: ObjectId, after: ObjectId | None,
                        limit: int) -> list[ApplicationDoc]:
    """A batch of a call's applications that hold a stored verdict, by ``_id`` after ``after``."""
    query: Filter = {"call_id": call_id, "eligibility": {"$ne": None}}
    if after is not None:
        query["_id"] = {"$gt": after}
    return await applications(db).find(query).sort("_id", 1).limit(limit).to_list()


async def set_verdict(db: Db, *, application_id: ObjectId, verdict: EligibilityDoc,
                      now: datetime) -> None:
    """Replace an application's stored verdict (a new version: its ETag changes)."""
    await db[COLLECTION].update_one(
        {"_id": application_id},
        {"$set": {"eligibility": verdict, "updated_at": now}, "$inc": {"version": 1}})


async def by_priority(db: Db, *, call_id: ObjectId, after: tuple[int, ObjectId] | None,
                      limit: int) -> list[ApplicationDoc]:
    """A call's submitted applications (not drafts, not withdrawn) in Article 29 order, then
    in order of arrival; keyset-paged after ``(rank, _id)``."""
    query: Filter = {"call_id": call_id,
                             "status": {"$nin": ["draft", "withdrawn"]}}
    if after is not None:
        rank, last = after
        query["$or"] = [{"priority_rank": {"$gt": rank}},
                        {"priority_rank": rank, "_id": {"$gt": last}}]
    cursor = applications(db).find(query).sort([("priority_rank", 1), ("_id", 1)]).limit(limit)
    return await cursor.to_list()
