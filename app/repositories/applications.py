"""The ``applications`` and ``special_needs`` collections: the one place personal data is read."""

from __future__ import annotations

import asyncio
import random
import re
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any, TypeVar

from bson import ObjectId
from pymongo import ReturnDocument
from pymongo.asynchronous.client_session import AsyncClientSession
from pymongo.errors import PyMongoError

from app.db import Db, Document
from app.models.common import PageParams
from app.repositories.paging import PageSlice, newest_first

COLLECTION = "applications"
SPECIAL_NEEDS = "special_needs"
T = TypeVar("T")


async def get(db: Db, application_id: ObjectId) -> Document | None:
    """One application by id, whatever its status (access is the service's business)."""
    return await db[COLLECTION].find_one({"_id": application_id})


async def insert(db: Db, doc: Document, *, session: AsyncClientSession | None = None) -> ObjectId:
    """Store a new application; a duplicate (call, profile, candidate) raises DuplicateKeyError."""
    result = await db[COLLECTION].insert_one(doc, session=session)
    return ObjectId(result.inserted_id)


async def find_duplicate(
    db: Db, *, call_id: ObjectId, profile_code: str, candidate_key: str
) -> Document | None:
    """The application that already holds this (call, profile, candidate) slot."""
    return await db[COLLECTION].find_one(
        {"call_id": call_id, "profile_code": profile_code, "candidate_key": candidate_key},
        {"_id": 1},
    )


async def update_versioned(
    db: Db,
    *,
    application_id: ObjectId,
    version: int,
    set_fields: dict[str, Any],
    push: dict[str, Any] | None = None,
    unset: list[str] | None = None,
    status_in: list[str] | None = None,
    session: AsyncClientSession | None = None,
) -> Document | None:
    """Apply a change if the stored version is still ``version``; the new document or ``None``."""
    query: dict[str, Any] = {"_id": application_id, "version": version}
    if status_in is not None:
        query["status"] = {"$in": status_in}
    update: dict[str, Any] = {"$set": set_fields, "$inc": {"version": 1}}
    if push:
        update["$push"] = push
    if unset:
        update["$unset"] = {name: "" for name in unset}
    found: Document | None = await db[COLLECTION].find_one_and_update(
        query, update, return_document=ReturnDocument.AFTER, session=session
    )
    return found


async def find_page(db: Db, *, filters: dict[str, Any], page: PageParams) -> PageSlice:
    """A page of applications, newest first."""
    return await newest_first(db[COLLECTION], filters, page)


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
    db: Db, *, application_id: ObjectId, nonce: bytes, ciphertext: bytes, now: datetime,
    session: AsyncClientSession | None = None,
) -> None:
    """Store (or replace) the encrypted special needs of an application."""
    await db[SPECIAL_NEEDS].update_one(
        {"application_id": application_id},
        {"$set": {"nonce": nonce, "ciphertext": ciphertext, "updated_at": now},
         "$setOnInsert": {"created_at": now}},
        upsert=True, session=session,
    )


async def delete_special_needs(
    db: Db, *, application_id: ObjectId, session: AsyncClientSession | None = None
) -> None:
    await db[SPECIAL_NEEDS].delete_one({"application_id": application_id}, session=session)


async def get_special_needs(db: Db, application_id: ObjectId) -> Document | None:
    """The encrypted special-needs record of an application, if any."""
    return await db[SPECIAL_NEEDS].find_one({"application_id": application_id})


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
            if not exc.has_error_label("TransientTransactionError"):
                raise
            await asyncio.sleep(random.uniform(0, 0.02 * 2 ** attempt))  # noqa: S311
    raise TransactionBusy("the transaction kept conflicting with concurrent writes")


class TransactionBusy(Exception):
    """Concurrent writers kept a transaction from committing; the caller may retry later."""

