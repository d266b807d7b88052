"""Foundation collections: leases, migrations, audit trail, idempotency keys, job status."""

from app.db import Db
from app.migrate import ensure_collection, obj

DATE = {"bsonType": "date"}
STR = {"bsonType": "string"}
OPT_STR = {"bsonType": ["string", "null"]}


async def up(db: Db) -> None:
    await ensure_collection(db, "leases", obj(
        ["_id", "owner", "expires_at"],
        {"_id": STR, "owner": STR, "acquired_at": DATE, "expires_at": DATE},
    ))
    await ensure_collection(db, "migrations", obj(["_id", "applied_at"],
                                                  {"_id": STR, "applied_at": DATE}))

    await ensure_collection(db, "audit_events", obj(
        ["at", "actor", "action", "resource", "resource_id"],
        {
            "at": DATE, "actor": STR, "actor_roles": {"bsonType": "array", "items": STR},
            "action": STR, "resource": STR, "resource_id": STR, "subject_id": OPT_STR,
            "request_id": OPT_STR, "detail": OPT_STR,
        },
    ))
    await db.audit_events.create_index([("subject_id", 1), ("_id", -1)])
    await db.audit_events.create_index([("actor", 1), ("_id", -1)])
    await db.audit_events.create_index([("resource", 1), ("resource_id", 1), ("_id", -1)])

    await ensure_collection(db, "idempotency_keys", obj(
        ["_id", "body_hash", "state", "created_at", "expires_at"],
        {"_id": STR, "body_hash": STR, "state": {"enum": ["in_flight", "done"]},
         "created_at": DATE, "expires_at": DATE, "status": {"bsonType": "int"}},
    ))
    await db.idempotency_keys.create_index("expires_at", expireAfterSeconds=0)

    await ensure_collection(db, "job_status", obj(["_id"], {
        "_id": STR, "running": {"bsonType": "bool"}, "last_status": OPT_STR,
        "last_error": OPT_STR, "runs": {"bsonType": ["int", "long"]},
    }))
