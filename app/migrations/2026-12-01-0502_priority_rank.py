"""Applications carry their Article 29 ``priority_rank`` (set on submission); submitted ones
are backfilled from their call, and the candidates list of a call gets its index."""

from typing import Any

from app.db import Db

ARTICLE29 = ["commission_official", "other_institution_official", "competition_laureate",
             "external"]


def _rank(call: dict[str, Any], status: Any) -> int:
    if call.get("priority_rule") != "article29":
        return 0
    order = [str(s) for s in call.get("priority_order") or []] or ARTICLE29
    return order.index(status) if status in order else len(order)


async def up(db: Db) -> None:
    async for call in db.calls.find({}, {"priority_rule": 1, "priority_order": 1}):
        async for application in db.applications.find(
                {"call_id": call["_id"], "status": {"$ne": "draft"},
                 "priority_rank": {"$exists": False}}, {"profile.article29_status": 1}):
            status = (application.get("profile") or {}).get("article29_status")
            await db.applications.update_one({"_id": application["_id"]},
                                             {"$set": {"priority_rank": _rank(call, status)}})
    await db.applications.create_index([("call_id", 1), ("priority_rank", 1), ("_id", 1)])
