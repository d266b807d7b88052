"""Staff's listing of applications served by indexes on every database: ``left_draft`` (true
once an application is submitted or withdrawn; it never goes back) turns "not a draft" into an
equality, so each query of the listing is equalities plus a range on ``_id``, which the embedded
database (SecantusDB) serves from an index only in that shape (docs/scaling.md)."""

from app.db import Db


async def up(db: Db) -> None:
    await db.applications.update_many(
        {"left_draft": {"$exists": False}, "status": {"$ne": "draft"}},
        {"$set": {"left_draft": True}})
    await db.applications.update_many(
        {"left_draft": {"$exists": False}, "status": "draft"}, {"$set": {"left_draft": False}})
    # A call's applications staff may list, newest first; and those in one status.
    await db.applications.create_index(
        [("call_id", 1), ("left_draft", 1), ("restricted_at", 1), ("purging", 1), ("_id", -1)])
    await db.applications.create_index(
        [("call_id", 1), ("status", 1), ("left_draft", 1), ("restricted_at", 1), ("purging", 1),
         ("_id", -1)])
