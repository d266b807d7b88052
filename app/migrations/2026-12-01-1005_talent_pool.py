"""The talent pool: consents (and objections) to be considered for later calls."""

from app.db import Db
from app.migrate import ensure_collection, obj


async def up(db: Db) -> None:
    await ensure_collection(db, "talent_pool", obj(
        ["candidate_key", "consented_at"],
        {"candidate_key": {"bsonType": "string"}, "consented_at": {"bsonType": "date"},
         "objected_at": {"bsonType": ["date", "null"]}}))
    await db.talent_pool.create_index([("objected_at", 1), ("_id", 1)])
    await db.talent_pool.create_index("candidate_key")
