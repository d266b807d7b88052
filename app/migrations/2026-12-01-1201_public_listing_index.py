"""The public listing (published calls, newest first) served by an index, not a collection scan
and an in-memory sort (tests/ops/test_hot_query_plans.py)."""

from app.db import Db


async def up(db: Db) -> None:
    await db.calls.create_index([("status", 1), ("_id", -1)])
