"""Documents of applications: metadata in ``documents``, bytes in the GridFS bucket
``document_files`` (its ``.files`` and ``.chunks`` collections and their standard indexes)."""

from app.db import Db
from app.migrate import ensure_collection, obj

DATE = {"bsonType": "date"}
STR = {"bsonType": "string"}
OID = {"bsonType": "objectId"}
NULLABLE_STR = {"bsonType": ["string", "null"]}


async def up(db: Db) -> None:
    await ensure_collection(db, "documents", obj(
        ["_id", "application_id", "kind", "filename", "content_type", "size", "sha256",
         "gridfs_id", "scan", "uploaded_by", "uploaded_at", "version"],
        {
            "_id": OID,
            "application_id": OID,
            "kind": {"enum": ["cv", "motivation_letter", "application_form", "other"]},
            "language": NULLABLE_STR,
            "filename": {"bsonType": "string", "minLength": 1, "maxLength": 120},
            "content_type": {"enum": [
                "application/pdf",
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            ]},
            "size": {"bsonType": ["int", "long"], "minimum": 1},
            "sha256": {"bsonType": "string", "pattern": "^[0-9a-f]{64}$"},
            "gridfs_id": OID,
            "scan": obj(["scanned", "at"], {
                "scanned": {"bsonType": "bool"},
                "engine": {"enum": ["clamd", None]},
                "at": DATE,
            }),
            "europass": {"bsonType": ["object", "null"]},
            "uploaded_by": STR,
            "uploaded_at": DATE,
            "version": {"bsonType": ["int", "long"], "minimum": 1},
        },
    ))
    await db.documents.create_index([("application_id", 1), ("_id", -1)])
    await db.documents.create_index("sha256")

    # The indexes the GridFS drivers would create on first write, made here instead.
    await db["document_files.files"].create_index([("filename", 1), ("uploadDate", 1)])
    await db["document_files.files"].create_index("metadata.application_id")
    await db["document_files.chunks"].create_index([("files_id", 1), ("n", 1)], unique=True)
