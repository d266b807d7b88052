"""Calls carry their provisional start as a period, an actual start date, date-only deadlines;
profiles say whether a clearance is held or only possible.

- calls: ``provisional_start`` stored as the notice's text becomes ``{text, day|month|quarter}``
  (parsed: "3rd quarter 2024" → quarter 2024-Q3); the validator learns ``start_date`` and
  ``deadline.last_day``. Old documents stay readable either way (the model parses a string).
- applications: ``profile.security_clearance`` true/false ("holds it, or can be cleared")
  becomes "able_to_be_cleared"/"none": an old profile is never read as holding a clearance.
"""

from typing import Any

from app.db import Db
from app.models.call_terms import parse_provisional_start

OPT_STR = {"bsonType": ["string", "null"]}


async def _validator(db: Db, name: str) -> dict[str, Any]:
    found = await (await db.list_collections(filter={"name": name})).to_list()
    schema: dict[str, Any] = found[0].get("options", {}).get("validator", {}).get("$jsonSchema")
    return schema


async def up(db: Db) -> None:
    # Backfill first: the new validator would refuse a later update of a not-yet-migrated call.
    async for call in db.calls.find({"provisional_start": {"$type": "string"}},
                                    {"provisional_start": 1}):
        parsed = parse_provisional_start(call["provisional_start"])
        await db.calls.update_one({"_id": call["_id"]}, {"$set": {"provisional_start": parsed}})
    schema = await _validator(db, "calls")
    properties = schema.setdefault("properties", {})
    properties["start_date"] = OPT_STR
    properties["provisional_start"] = {"bsonType": ["object", "null"]}
    deadline = properties.get("deadline", {})
    deadline.setdefault("properties", {})["last_day"] = {"bsonType": "string"}
    await db.command("collMod", "calls", validator={"$jsonSchema": schema},
                     validationLevel="strict")
    for old, new in ((True, "able_to_be_cleared"), (False, "none")):
        await db.applications.update_many({"profile.security_clearance": old},
                                          {"$set": {"profile.security_clearance": new}})
