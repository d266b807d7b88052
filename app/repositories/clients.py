"""Machine clients (``clients``) and the assertion ids already used (``client_assertions``)."""

from __future__ import annotations

import base64
import binascii
from datetime import datetime

from pymongo import ReturnDocument
from pymongo.errors import DuplicateKeyError

from app.db import Db, Filter, Update
from app.errors import BadRequest
from app.models.common import PageParams
from app.models.integrations import ClientDoc

CLIENTS = "clients"
ASSERTIONS = "client_assertions"


async def insert(db: Db, client: ClientDoc) -> None:
    await db[CLIENTS].insert_one(client.to_mongo())


async def get(db: Db, client_id: str) -> ClientDoc | None:
    found = await db[CLIENTS].find_one({"_id": client_id})
    return ClientDoc.model_validate(found) if found else None


async def update_versioned(db: Db, *, client_id: str, version: int, set_fields: Update
                           ) -> ClientDoc | None:
    found = await db[CLIENTS].find_one_and_update(
        {"_id": client_id, "version": version},
        {"$set": set_fields, "$inc": {"version": 1}}, return_document=ReturnDocument.AFTER)
    return ClientDoc.model_validate(found) if found else None


async def mark_issued(db: Db, *, client_id: str, now: datetime) -> None:
    await db[CLIENTS].update_one({"_id": client_id}, {"$set": {"last_issued_at": now}})


async def page(db: Db, *, page: PageParams) -> tuple[list[ClientDoc], str | None]:
    # Client ids are strings, not ObjectIds: page in _id order, the cursor wraps the last id.
    query: Filter = {}
    if page.cursor is not None:
        query["_id"] = {"$gt": _decode(page.cursor)}
    docs = [ClientDoc.model_validate(d) async for d in
            db[CLIENTS].find(query).sort("_id", 1).limit(page.limit + 1)]
    more = len(docs) > page.limit
    docs = docs[: page.limit]
    return docs, (_encode(docs[-1].id) if more else None)


def _encode(client_id: str) -> str:
    return base64.urlsafe_b64encode(client_id.encode()).rstrip(b"=").decode()


def _decode(cursor: str) -> str:
    try:
        return base64.urlsafe_b64decode(cursor.encode() + b"==").decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise BadRequest("The cursor is not one this service issued.") from None


async def use_assertion(db: Db, *, client_id: str, jti: str, expires_at: datetime) -> bool:
    """Record an assertion id; False when it was used before (a replay)."""
    try:
        await db[ASSERTIONS].insert_one({"_id": f"{client_id}\x00{jti}", "client_id": client_id,
                                         "expires_at": expires_at})
    except DuplicateKeyError:
        return False
    return True
