"""EPSO CAST imports, the records they maintain, and the lookups CAST verification needs."""

from app.db import Db
from app.migrate import ensure_collection, obj

DATE = {"bsonType": "date"}
OPT_DATE = {"bsonType": ["date", "null"]}
STR = {"bsonType": "string"}
OPT_STR = {"bsonType": ["string", "null"]}
INT = {"bsonType": ["int", "long"]}


async def up(db: Db) -> None:
    await ensure_collection(db, "cast_imports", obj(
        ["state", "filename", "file_format", "sha256", "size", "checkpoint_row", "counts",
         "rejections", "created_by", "created_at"],
        {"state": {"enum": ["queued", "validating", "applying", "completed", "rejected"]},
         "filename": STR, "file_format": {"enum": ["csv", "xlsx"]},
         "gridfs_id": {"bsonType": ["objectId", "null"]}, "sha256": STR, "size": INT,
         "mapping": {"bsonType": "object"}, "checkpoint_row": INT,
         "counts": {"bsonType": "object"},
         "rejections": {"bsonType": "array", "maxItems": 1000},
         "file_error": {"bsonType": ["object", "null"]}, "claimed_until": OPT_DATE,
         "created_by": STR, "created_at": DATE, "started_at": OPT_DATE, "finished_at": OPT_DATE},
    ))
    await db.cast_imports.create_index([("state", 1), ("_id", 1)])

    await ensure_collection(db, "cast_records", obj(
        ["per_id", "last_name", "first_name", "email", "function_group", "result", "row_hash",
         "last_import_id", "last_row", "last_change"],
        {"per_id": {"bsonType": "string", "pattern": "^[0-9]{6,10}$"}, "last_name": STR,
         "first_name": STR, "email": STR, "nationality": OPT_STR,
         "function_group": {"enum": ["FGI", "FGII", "FGIII", "FGIV"]}, "profile": OPT_STR,
         "result": {"enum": ["passed", "failed"]}, "result_date": OPT_DATE,
         "registration_date": OPT_DATE, "languages": {"bsonType": "array", "items": STR},
         "row_hash": STR, "last_import_id": {"bsonType": "objectId"}, "last_row": INT,
         "last_change": {"enum": ["created", "updated"]}},
    ))
    await db.cast_records.create_index("per_id")
    await db.cast_records.create_index("email")
    await db.cast_records.create_index([("function_group", 1), ("result", 1)])
    await db.applications.create_index([("call_kind", 1), ("_id", 1)])
