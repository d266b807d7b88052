"""Each hot query is served by an index (``explain()`` on the real database shows an index scan,
never a collection scan). docs/scaling.md lists these queries with their indexes and shard keys."""

from __future__ import annotations

from typing import Any

import pytest
from bson import ObjectId

from app.db import Mongo
from app.repositories.applications import staff_listing_query

OID = ObjectId()
STAFF_ALL = "call_id_1_left_draft_1_restricted_at_1_purging_1__id_-1"
STAFF_IN_STATUS = "call_id_1_status_1_left_draft_1_restricted_at_1_purging_1__id_-1"
# (collection, filter, sort, index the plan must use) — the queries a request pays for.
HOT_QUERIES: list[tuple[str, dict[str, Any], dict[str, int] | None, str]] = [
    # read one application. Versioned updates match {_id, version}: SecantusDB's explain calls
    # that a COLLSCAN (find, update and findAndModify alike) although its update path is flat
    # in the collection's size (bench/versioned_update.py); MongoDB uses _id_ (docs/scaling.md)
    ("applications", {"_id": OID}, None, "_id_"),
    # a candidate's own applications, newest first
    ("applications", {"owner_sub": "cand-1"}, {"_id": -1}, "owner_sub_1__id_-1"),
    # staff: one call's applications in a status
    ("applications", {"call_id": OID, "status": "submitted"}, {"_id": -1},
     "call_id_1_status_1__id_-1"),
    # staff's listing of one call (HR, a recruiter), first and next page, and in one status:
    # every predicate an equality, so the index, not a scan, decides what is read
    ("applications", staff_listing_query(call_ids=[OID], status=None), {"_id": -1}, STAFF_ALL),
    ("applications", {**staff_listing_query(call_ids=[OID], status=None), "_id": {"$lt": OID}},
     {"_id": -1}, STAFF_ALL),
    ("applications", staff_listing_query(call_ids=[OID], status="submitted"), {"_id": -1},
     STAFF_IN_STATUS),
    ("applications", {**staff_listing_query(call_ids=[OID], status="submitted"),
                      "_id": {"$lt": OID}}, {"_id": -1}, STAFF_IN_STATUS),
    # one application per candidate and profile (the create's duplicate check)
    ("applications", {"call_id": OID, "profile_code": "p", "candidate_key": "k"}, None,
     "call_id_1_profile_code_1_candidate_key_1"),
    # the public listing, newest first, and its next page
    ("calls", {"status": "published"}, {"_id": -1}, "status_1__id_-1"),
    ("calls", {"status": "published", "_id": {"$lt": OID}}, {"_id": -1}, "status_1__id_-1"),
    # the DPO's trail of one person, newest first
    ("audit_events", {"subject_id": "alias"}, {"_id": -1}, "subject_id_1__id_-1"),
    # a document's bytes, chunk by chunk
    ("document_files.chunks", {"files_id": OID}, {"n": 1}, "files_id_1_n_1"),
    # the audited person's key; the rate limit's counter
    ("subject_keys", {"_id": {"$in": ["k1", "k2"]}}, None, "_id_"),
    ("rate_limits", {"_id": "key|window"}, None, "_id_"),
]


def _stages(plan: dict[str, Any]) -> list[dict[str, Any]]:
    found = [plan]
    for child in ("inputStage", "outerStage", "innerStage"):
        if child in plan:
            found += _stages(plan[child])
    for child in plan.get("inputStages", []):
        found += _stages(child)
    return found


@pytest.mark.parametrize(("collection", "query", "sort", "index"), HOT_QUERIES,
                         ids=[f"{c}:{','.join(q)}" for c, q, _, _ in HOT_QUERIES])
async def test_hot_query_uses_its_index(mongo: Mongo, collection: str, query: dict[str, Any],
                                        sort: dict[str, int] | None, index: str) -> None:
    command: dict[str, Any] = {"find": collection, "filter": query}
    if sort:
        command["sort"] = sort
    explained = await mongo.db.command("explain", command, verbosity="queryPlanner")
    stages = _stages(explained["queryPlanner"]["winningPlan"])
    names = [s["stage"] for s in stages]
    assert "COLLSCAN" not in names, names
    used = {s.get("indexName") for s in stages} | (
        {"_id_"} if {"IDHACK", "EXPRESS_IXSCAN"} & set(names) else set())
    assert index in used, stages
