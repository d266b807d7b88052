"""Privacy: retention runs, legal holds, per-subject pseudonym keys, data-subject requests, and
the indexes the purge and the erasure rely on."""

from app.db import Db
from app.migrate import ensure_collection, obj

DATE = {"bsonType": "date"}
OPT_DATE = {"bsonType": ["date", "null"]}
STR = {"bsonType": "string"}
OPT_STR = {"bsonType": ["string", "null"]}
OID = {"bsonType": "objectId"}
BOOL = {"bsonType": "bool"}


async def up(db: Db) -> None:
    await ensure_collection(db, "retention_runs", obj(
        ["started_at", "status", "dry_run", "trigger", "policy_version", "calls"],
        {"started_at": DATE, "finished_at": OPT_DATE,
         "status": {"enum": ["running", "finished", "interrupted"]}, "dry_run": BOOL,
         "trigger": {"enum": ["schedule", "api", "cli"]}, "policy_version": STR,
         "calls": {"bsonType": "object"}},
    ))
    await db.retention_runs.create_index("status")

    await ensure_collection(db, "legal_holds", obj(
        ["scope", "target_id", "reason", "reference", "created_by", "created_at"],
        {"scope": {"enum": ["call", "application"]}, "target_id": OID,
         "reason": {"bsonType": "string", "minLength": 3, "maxLength": 2000},
         "reference": {"bsonType": "string", "minLength": 1, "maxLength": 200},
         "created_by": STR, "created_at": DATE, "lifted_at": OPT_DATE, "lifted_by": OPT_STR,
         "target_erased": BOOL},
    ))
    await db.legal_holds.create_index([("lifted_at", 1), ("target_id", 1)])

    await ensure_collection(db, "subject_keys", obj(
        ["_id", "key", "created_at"],
        {"_id": STR, "key": {"bsonType": "binData"}, "created_at": DATE},
    ))

    await ensure_collection(db, "privacy_requests", obj(
        ["kind", "status", "created_at"],
        {"kind": {"enum": ["erasure", "restriction", "objection"]},
         "application_id": {"bsonType": ["objectId", "null"]}, "subject_ref": OPT_STR,
         "requested_by_dpo": BOOL,
         "status": {"enum": ["completed", "restricted", "refused"]},
         "outcome": OPT_STR, "reason": OPT_STR, "created_at": DATE, "answered_at": OPT_DATE,
         "erase_after": OPT_DATE, "erased_at": OPT_DATE},
    ))
    await db.privacy_requests.create_index([("subject_ref", 1), ("_id", -1)])
    await db.privacy_requests.create_index([("status", 1), ("_id", -1)])
    await db.privacy_requests.create_index("application_id", sparse=True)

    # The purge's and the erasure's queries.
    await db.applications.create_index("purging.run_id", sparse=True)
    await db.applications.create_index([("call_id", 1), ("transferred_at", 1), ("_id", 1)])
    await db.applications.create_index("candidate_key")
    await db.idempotency_keys.create_index("application_id", sparse=True)
    await db.calls.create_index([("kind", 1), ("closed_at", 1)])
    await db.audit_events.create_index([("at", -1)])
    # Erasing an application rewrites its events' resource ids.
    await db.audit_events.create_index("resource_id")
    await db.legal_holds.create_index("target_id")
