"""Migrations 2026-12-01-0501/0502 on documents stored before them."""

from __future__ import annotations

from datetime import UTC, datetime

from bson import ObjectId

from app.db import Mongo
from app.migrate import MIGRATIONS_DIR, _load
from app.models.calls import call_read
from app.services.calls.store import new_call_doc
from app.services.demo_calls import SNE_AI_OFFICE


def _call(**fields: object) -> dict:
    """A call as stored before 0501: no new fields, the start as printed."""
    doc = new_call_doc(SNE_AI_OFFICE, now=datetime(2026, 11, 22, tzinfo=UTC), by="hr")
    for name in ("eligibility_date", "priority_order", "sysper_post_number", "number_of_posts",
                 "tasks", "duties", "required_skills", "privacy"):
        doc.pop(name, None)  # priority_order: a TA member, absent on an SNE
    doc["deadline"] = {"local": "2024-07-25T23:59:00", "zone": "Europe/Brussels",
                       "utc": datetime(2024, 7, 25, 21, 59, tzinfo=UTC)}
    return {**doc, "reference": "OLD/1", **fields}


async def test_old_calls_and_profiles_are_backfilled_and_stay_readable(mongo: Mongo) -> None:
    # Stored as before 0501 (the suite's database already has the new validator).
    await mongo.db.calls.insert_one(_call(provisional_start="3rd quarter 2024"),
                                    bypass_document_validation=True)
    stored = await mongo.db.calls.find_one({"reference": "OLD/1"})
    assert stored is not None
    # Readable before the backfill: a plain string is parsed.
    assert call_read(stored).provisional_start.quarter == "2024-Q3"
    application_id = ObjectId()
    now = datetime(2026, 11, 22, tzinfo=UTC)
    await mongo.db.applications.insert_one({
        "_id": application_id, "call_id": stored["_id"], "call_kind": "ta",
        "profile_code": "p", "channel": "candidate", "candidate_key": "c", "owner_sub": "c",
        "permrep_country": None, "status": "submitted", "version": 1, "created_at": now,
        "updated_at": now, "profile": {"security_clearance": True},
        # What a later migration (2026-12-02-1310) backfills and today's validator requires:
        # this old document is migrated here under today's validator, not that release's.
        "left_draft": True},
        bypass_document_validation=True)
    await _load(MIGRATIONS_DIR / "2026-12-01-0501_eligibility_terms.py").up(mongo.db)
    await _load(MIGRATIONS_DIR / "2026-12-01-0502_priority_rank.py").up(mongo.db)
    migrated = await mongo.db.calls.find_one({"reference": "OLD/1"})
    assert migrated is not None
    assert migrated["provisional_start"] == {"text": "3rd quarter 2024", "quarter": "2024-Q3"}
    assert call_read(migrated).provisional_start is not None
    application = await mongo.db.applications.find_one({"_id": application_id})
    assert application is not None
    assert application["profile"]["security_clearance"] == "able_to_be_cleared"
    assert application["priority_rank"] == 0
