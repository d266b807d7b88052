"""Applications, their special needs (encrypted, apart), and the notification outbox."""

from app.db import Db
from app.migrate import ensure_collection, obj

DATE = {"bsonType": "date"}
OPT_DATE = {"bsonType": ["date", "null"]}
STR = {"bsonType": "string"}
OPT_STR = {"bsonType": ["string", "null"]}
INT = {"bsonType": ["int", "long"]}
OID = {"bsonType": "objectId"}
STATUSES = ["draft", "submitted", "eligible", "ineligible", "preselected", "interviewed",
            "selected", "reserve", "not_selected", "withdrawn"]


async def up(db: Db) -> None:
    await ensure_collection(db, "applications", obj(
        ["call_id", "call_kind", "profile_code", "channel", "candidate_key", "owner_sub",
         "permrep_country", "status", "profile", "version", "created_at", "updated_at"],
        {
            "call_id": OID, "call_kind": {"enum": ["sne", "ca", "ta"]}, "profile_code": STR,
            "channel": {"enum": ["candidate", "permrep"]}, "candidate_key": STR,
            "owner_sub": OPT_STR, "permrep_country": OPT_STR, "permrep_sub": OPT_STR,
            "status": {"enum": STATUSES}, "profile": {"bsonType": "object"},
            "cast_declaration": {"bsonType": ["object", "null"]},
            "eligibility": {"bsonType": ["object", "null"]},
            "status_history": {"bsonType": "array", "items": obj(
                ["at", "by", "from", "to"],
                {"at": DATE, "by": STR, "from": {"enum": STATUSES}, "to": {"enum": STATUSES},
                 "reason": OPT_STR})},
            "version": INT, "created_at": DATE, "updated_at": DATE,
            "submitted_at": OPT_DATE, "withdrawn_at": OPT_DATE, "decided_at": OPT_DATE,
        },
    ))
    await db.applications.create_index(
        [("call_id", 1), ("profile_code", 1), ("candidate_key", 1)], unique=True)
    await db.applications.create_index([("owner_sub", 1), ("_id", -1)])
    await db.applications.create_index([("permrep_country", 1), ("_id", -1)])
    await db.applications.create_index([("call_id", 1), ("status", 1), ("_id", -1)])

    await ensure_collection(db, "special_needs", obj(
        ["application_id", "nonce", "ciphertext", "created_at"],
        {"application_id": OID, "nonce": {"bsonType": "binData"},
         "ciphertext": {"bsonType": "binData"}, "created_at": DATE, "updated_at": DATE},
    ))
    await db.special_needs.create_index("application_id", unique=True)

    await ensure_collection(db, "outbox", obj(
        ["application_id", "template", "created_at", "deliver_after", "attempts"],
        {"application_id": OID, "template": STR, "created_at": DATE, "deliver_after": DATE,
         "attempts": INT, "delivered_at": OPT_DATE, "last_error": OPT_STR,
         "claimed_until": OPT_DATE},
    ))
    await db.outbox.create_index([("delivered_at", 1), ("deliver_after", 1)])
    await db.outbox.create_index("application_id")
