"""Fixed-window rate-limit counters, removed by TTL once their window has passed."""

from app.db import Db
from app.migrate import ensure_collection, obj


async def up(db: Db) -> None:
    await ensure_collection(db, "rate_limits", obj(
        ["count", "expires_at"],
        {"count": {"bsonType": ["int", "long"]}, "expires_at": {"bsonType": "date"}}))
    await db.rate_limits.create_index("expires_at", expireAfterSeconds=0)
