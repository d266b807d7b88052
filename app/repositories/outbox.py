"""The notification ``outbox``: messages written with the change they announce, delivered later.

A message holds the application id and a template name only; the recipient's address is read
at delivery time, so erasing an application leaves no copy of it here. A message that failed
every try is kept as a dead letter (``dead_at`` set) for an administrator to see and requeue.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import cast

from bson import ObjectId
from pymongo import ReturnDocument
from pymongo.asynchronous.client_session import AsyncClientSession
from pymongo.asynchronous.collection import AsyncCollection

from app.db import Db
from app.models.common import PageParams
from app.models.stored_more import OutboxMessageDoc
from app.repositories.paging import PageSlice, newest_first

COLLECTION = "outbox"


def outbox(db: Db) -> AsyncCollection[OutboxMessageDoc]:
    """The messages, typed (their validator guarantees the shape: the one cast)."""
    return cast("AsyncCollection[OutboxMessageDoc]", db[COLLECTION])


def message(*, application_id: ObjectId, template: str, now: datetime) -> OutboxMessageDoc:
    """A notification to deliver, as stored (written with the change it announces)."""
    # The id the driver would give it on insert, given here so the message is whole.
    return {"_id": ObjectId(), "application_id": application_id, "template": template,
            "created_at": now, "deliver_after": now, "attempts": 0, "delivered_at": None,
            "last_error": None, "claimed_until": None, "dead_at": None}


async def enqueue(db: Db, *, application_id: ObjectId, template: str, now: datetime,
                  session: AsyncClientSession | None = None) -> ObjectId:
    result = await outbox(db).insert_one(
        message(application_id=application_id, template=template, now=now), session=session)
    return ObjectId(result.inserted_id)


async def claim_next(db: Db, *, now: datetime, lease: timedelta, max_attempts: int
                     ) -> OutboxMessageDoc | None:
    """Take one due message that nobody else holds (a conditional update: one winner)."""
    found = await outbox(db).find_one_and_update(
        {"delivered_at": None, "dead_at": None, "deliver_after": {"$lte": now},
         "attempts": {"$lt": max_attempts},
         "$or": [{"claimed_until": None}, {"claimed_until": {"$lte": now}}]},
        {"$set": {"claimed_until": now + lease}, "$inc": {"attempts": 1}},
        sort=[("deliver_after", 1)], return_document=ReturnDocument.AFTER,
    )
    return found


async def mark_delivered(db: Db, *, message_id: ObjectId, now: datetime) -> None:
    await db[COLLECTION].update_one(
        {"_id": message_id}, {"$set": {"delivered_at": now, "claimed_until": None,
                                       "last_error": None}})


async def mark_failed(db: Db, *, message_id: ObjectId, error: str, retry_at: datetime) -> None:
    await db[COLLECTION].update_one(
        {"_id": message_id}, {"$set": {"last_error": error, "deliver_after": retry_at,
                                       "claimed_until": None}})



async def mark_dead(db: Db, *, message_id: ObjectId, error: str, now: datetime) -> None:
    """Give up on a message: it stays, as a dead letter, until an administrator requeues it."""
    await db[COLLECTION].update_one(
        {"_id": message_id}, {"$set": {"last_error": error, "dead_at": now,
                                       "claimed_until": None}})


async def bury_exhausted(db: Db, *, now: datetime, max_attempts: int) -> int:
    """Dead-letter messages whose last try never reported back (the process died while it was
    sending): their claim ran out and no try is left."""
    result = await db[COLLECTION].update_many(
        {"delivered_at": None, "dead_at": None, "attempts": {"$gte": max_attempts},
         "claimed_until": {"$lte": now}},
        {"$set": {"dead_at": now, "claimed_until": None, "last_error": "ClaimExpired"}})
    return result.modified_count


async def count_waiting(db: Db) -> int:
    return await db[COLLECTION].count_documents({"delivered_at": None, "dead_at": None})


async def count_dead(db: Db) -> int:
    return await db[COLLECTION].count_documents({"delivered_at": None, "dead_at": {"$ne": None}})


async def dead_letters(db: Db, *, page: PageParams) -> PageSlice[OutboxMessageDoc]:
    """Dead letters, newest first."""
    return await newest_first(outbox(db),
                              {"delivered_at": None, "dead_at": {"$ne": None}}, page)


async def requeue(db: Db, *, message_id: ObjectId, now: datetime) -> bool:
    """Give a dead letter a fresh set of tries, now; false if it is not a dead letter."""
    result = await db[COLLECTION].update_one(
        {"_id": message_id, "delivered_at": None, "dead_at": {"$ne": None}},
        {"$set": {"dead_at": None, "attempts": 0, "deliver_after": now, "claimed_until": None}})
    return result.modified_count == 1
