"""Audit actors: a candidate's or a PermRep's id is replaced by its keyed pseudonym.

Events written before this stored every actor in clear, next to the pseudonymised subject, so
one join re-identified the pseudonyms. Staff actors stay in clear. Each event is marked
``actor_pseudonymous`` once handled, so a rerun (or a run killed half-way) never pseudonymises
a pseudonym; the validator then requires the mark on every new event.
"""

from app.config import get_settings
from app.db import Db
from app.migrate import ensure_collection, obj
from app.services.audit import PSEUDONYMOUS_ROLES, STAFF_IN_CLEAR, pseudonym

DATE = {"bsonType": "date"}
STR = {"bsonType": "string"}
OPT_STR = {"bsonType": ["string", "null"]}
UNMARKED = {"actor_pseudonymous": {"$exists": False}}


async def up(db: Db) -> None:
    key = get_settings().pseudonym_key.get_secret_value()
    not_staff = {"$or": [{"actor_roles": {"$in": sorted(PSEUDONYMOUS_ROLES)}},
                         {"actor_roles": {"$nin": sorted(STAFF_IN_CLEAR)}}]}
    to_hide = {"$and": [UNMARKED, not_staff]}
    # One update per person (not per event): the pseudonym is computed here, not in the server.
    for actor in await db.audit_events.distinct("actor", to_hide):
        await db.audit_events.update_many(
            {"$and": [to_hide, {"actor": actor}]},
            {"$set": {"actor": pseudonym(key, actor), "actor_pseudonymous": True}})
    await db.audit_events.update_many(UNMARKED, {"$set": {"actor_pseudonymous": False}})

    await ensure_collection(db, "audit_events", obj(
        ["at", "actor", "actor_pseudonymous", "action", "resource", "resource_id"],
        {
            "at": DATE, "actor": STR, "actor_pseudonymous": {"bsonType": "bool"},
            "actor_roles": {"bsonType": "array", "items": STR},
            "action": STR, "resource": STR, "resource_id": STR, "subject_id": OPT_STR,
            "request_id": OPT_STR, "detail": OPT_STR,
        },
    ))
