"""The applications' validator learns ``left_draft`` (a boolean every application has since
``2026-12-02-1310`` backfilled it and creation writes it): a write that drops it or stores
anything but true/false is refused, so staff's listing, which keys on it, cannot lose one."""

from typing import Any

from app.db import Db


async def _validator(db: Db, name: str) -> dict[str, Any]:
    found = await (await db.list_collections(filter={"name": name})).to_list()
    schema: dict[str, Any] = found[0].get("options", {}).get("validator", {}).get("$jsonSchema")
    return schema


async def up(db: Db) -> None:
    # Any application the backfill could not see (written between the two migrations by an
    # older replica) is marked first, as the backfill would have.
    await db.applications.update_many(
        {"left_draft": {"$exists": False}, "status": "draft"}, {"$set": {"left_draft": False}})
    await db.applications.update_many(
        {"left_draft": {"$exists": False}}, {"$set": {"left_draft": True}})
    schema = await _validator(db, "applications")
    schema.setdefault("properties", {})["left_draft"] = {"bsonType": "bool"}
    required = schema.setdefault("required", [])
    if "left_draft" not in required:
        required.append("left_draft")
    await db.command("collMod", "applications", validator={"$jsonSchema": schema},
                     validationLevel="strict")
