"""Calls: vacancy notices and calls for expression of interest, with their embedded history."""

from app.db import Db
from app.migrate import ensure_collection, obj

DATE = {"bsonType": "date"}
OPT_DATE = {"bsonType": ["date", "null"]}
STR = {"bsonType": "string"}
OPT_STR = {"bsonType": ["string", "null"]}
INT = {"bsonType": ["int", "long"]}
ARRAY = {"bsonType": "array"}

STATUSES = ["draft", "published", "closed", "completed", "cancelled"]
KINDS = ["sne", "ca", "ta"]


async def up(db: Db) -> None:
    await ensure_collection(db, "calls", obj(
        ["kind", "reference", "status", "title", "unit", "deadline", "version",
         "created_at", "updated_at"],
        {
            "kind": {"enum": KINDS},
            "reference": STR,
            "status": {"enum": STATUSES},
            "title": STR,
            "unit": STR,
            "deadline": obj(["local", "zone", "utc"],
                            {"local": STR, "zone": STR, "utc": DATE}),
            "version": INT,
            "created_at": DATE,
            "updated_at": DATE,
            "created_by": STR,
            "published_at": OPT_DATE,
            "closed_at": OPT_DATE,
            "closed_reason": {"enum": ["deadline", "manual", None]},
            "completed_at": OPT_DATE,
            "cancelled_at": OPT_DATE,
            "places_of_employment": {"bsonType": "array", "items": STR},
            "corrigenda": {"bsonType": "array", "items": obj(
                ["version", "at", "reason", "fields"],
                {"version": INT, "at": DATE, "by": OPT_STR, "reason": STR, "fields": ARRAY})},
            "history": {"bsonType": "array", "items": obj(
                ["at", "by", "from", "to"],
                {"at": DATE, "by": STR, "from": STR, "to": {"enum": STATUSES},
                 "reason": OPT_STR})},
        },
    ))
    await db.calls.create_index("reference", unique=True)
    # The closure job: published calls by deadline.
    await db.calls.create_index([("status", 1), ("deadline.utc", 1)])
    # A recruiter's list (unit subtree, newest first) and the filtered lists.
    await db.calls.create_index([("unit", 1), ("_id", -1)])
    await db.calls.create_index([("status", 1), ("kind", 1), ("_id", -1)])
