"""Staff's listing of applications (HR of a DG, a recruiter of a unit): what it holds (never a
draft, a restricted application or one being purged), and its pages across calls: newest first,
each application once, none skipped."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from bson import ObjectId

from app.db import Mongo
from app.migrate import MIGRATIONS_DIR, _load
from app.repositories import privacy as privacy_repo
from tests.applications.factories import candidate, decide, draft, hr, open_call, submitted

LIST = "/api/v1/applications"


async def _all_pages(client: httpx.AsyncClient, headers: dict[str, str],
                     **params: Any) -> list[list[str]]:
    """Every page of the listing, by cursor: the ids of each page."""
    pages: list[list[str]] = []
    cursor = None
    while True:
        query = {k: str(v) for k, v in params.items()}
        if cursor:
            query["cursor"] = cursor
        response = await client.get(LIST, params=query, headers=headers)
        assert response.status_code == 200, response.text
        body = response.json()
        pages.append([item["id"] for item in body["items"]])
        cursor = body["next_cursor"]
        if not cursor:
            return pages


async def _ids(client: httpx.AsyncClient, headers: dict[str, str], **params: Any) -> list[str]:
    return [i for page in await _all_pages(client, headers, limit=200, **params) for i in page]


async def test_staff_never_list_drafts_restricted_or_purging_applications(
        client: httpx.AsyncClient, auth, mongo: Mongo) -> None:
    call = await open_call(client, auth, unit="CNECT.A.2")
    shown = (await submitted(client, candidate(auth, "cand-1"), call["id"]))["id"]
    a_draft = (await draft(client, candidate(auth, "cand-2"), call["id"]))["id"]
    # A draft withdrawn is no draft any more: staff see it, as "withdrawn".
    withdrawn = (await draft(client, candidate(auth, "cand-3"), call["id"]))["id"]
    response = await client.post(f"/api/v1/applications/{withdrawn}/withdraw",
                                 headers=candidate(auth, "cand-3"))
    assert response.status_code == 200, response.text
    restricted = (await submitted(client, candidate(auth, "cand-4"), call["id"]))["id"]
    assert (await decide(client, hr(auth), restricted, "eligible")).status_code == 200
    response = await client.post("/api/v1/privacy/erasure-requests", json={
        "kind": "restriction", "application_id": restricted, "reason": "Please stop"},
        headers=candidate(auth, "cand-4"))
    assert response.json()["status"] == "restricted", response.text
    purging = (await submitted(client, candidate(auth, "cand-5"), call["id"]))["id"]
    run_id = ObjectId()
    claimed = await privacy_repo.claim_many(mongo.db, run_id=run_id, claims={
        ObjectId(purging): {"run_id": run_id, "at": datetime.now(UTC), "reason": "retention"}})
    assert len(claimed) == 1

    recruiter = auth("recruiter", sub="r-1", unit="CNECT.A")
    for staff in (hr(auth), recruiter):
        assert await _ids(client, staff) == [withdrawn, shown]
        assert await _ids(client, staff, call_id=call["id"]) == [withdrawn, shown]
        assert await _ids(client, staff, status="submitted") == [shown]
        assert await _ids(client, staff, status="eligible") == []
        assert await _ids(client, staff, status="draft") == []
    # Their owners still list them (a restricted one too; not one being purged).
    assert await _ids(client, candidate(auth, "cand-2")) == [a_draft]
    assert await _ids(client, candidate(auth, "cand-4")) == [restricted]
    assert await _ids(client, candidate(auth, "cand-5")) == []


async def test_staff_page_across_calls_newest_first_without_gaps_or_repeats(
        client: httpx.AsyncClient, auth) -> None:
    calls = [await open_call(client, auth, unit=unit)
             for unit in ("CNECT.A.2", "CNECT.B", "CNECT.A.1", "DIGIT.B.1")]
    made: dict[str, list[str]] = {c["id"]: [] for c in calls}
    # Interleaved, so that every page mixes calls.
    for n in range(9):
        call_id = calls[n % len(calls)]["id"]
        made[call_id].append((await submitted(client, candidate(auth, f"cand-{n}"),
                                              call_id))["id"])
    cnect = sorted((i for c in calls[:3] for i in made[c["id"]]), reverse=True)  # ids: by time

    for limit in (1, 2, 4, 200):
        pages = await _all_pages(client, hr(auth), limit=limit)
        assert [i for page in pages for i in page] == cnect
        assert all(len(page) == limit for page in pages[:-1]) and len(pages[-1]) >= 1
    # A recruiter of CNECT.A: the calls of CNECT.A.1 and CNECT.A.2 only.
    recruiter = auth("recruiter", sub="r-1", unit="CNECT.A")
    expected = sorted(made[calls[0]["id"]] + made[calls[2]["id"]], reverse=True)
    assert [i for page in await _all_pages(client, recruiter, limit=2)
            for i in page] == expected
    # HR of DIGIT: its call only; HR of CNECT asking for DIGIT's call: nothing.
    assert await _ids(client, auth("hr", sub="hr-2", unit="DIGIT")) == sorted(
        made[calls[3]["id"]], reverse=True)
    assert await _ids(client, hr(auth), call_id=calls[3]["id"]) == []


async def test_a_caller_with_staff_and_candidate_roles_lists_each_application_once(
        client: httpx.AsyncClient, auth) -> None:
    call = await open_call(client, auth, unit="CNECT.A.2")
    own = (await submitted(client, candidate(auth, "cand-1"), call["id"]))["id"]
    own_draft_call = await open_call(client, auth, unit="CNECT.B")
    own_draft = (await draft(client, candidate(auth, "cand-1"), own_draft_call["id"]))["id"]
    other = (await submitted(client, candidate(auth, "cand-2"), call["id"]))["id"]
    both = auth("hr", "candidate", sub="cand-1", unit="CNECT")
    # Their own application is theirs and in their scope: listed once; their draft as owner.
    for limit in (1, 200):
        pages = await _all_pages(client, both, limit=limit)
        assert [i for page in pages for i in page] == sorted([own, own_draft, other],
                                                             reverse=True)
        # What they sent themselves: not the other candidate's.
        pages = await _all_pages(client, both, limit=limit, submitted_by="me")
        assert [i for page in pages for i in page] == sorted([own, own_draft], reverse=True)


async def test_the_migration_marks_stored_applications_that_left_draft(mongo: Mongo) -> None:
    now = datetime(2026, 11, 22, tzinfo=UTC)
    stored = {status: ObjectId() for status in ("draft", "submitted", "withdrawn")}
    for status, oid in stored.items():
        await mongo.db.applications.insert_one({
            "_id": oid, "call_id": ObjectId(), "call_kind": "ca", "profile_code": "p",
            "channel": "candidate", "candidate_key": f"c-{status}", "owner_sub": "c",
            "permrep_country": None, "status": status, "profile": {}, "version": 1,
            "created_at": now, "updated_at": now}, bypass_document_validation=True)
    await _load(MIGRATIONS_DIR / "2026-12-02-1310_staff_listing.py").up(mongo.db)
    marks = {d["status"]: d.get("left_draft") async for d in mongo.db.applications.find()}
    assert marks == {"draft": False, "submitted": True, "withdrawn": True}
    keys = {tuple(k for k, _ in i["key"])
            for i in (await mongo.db.applications.index_information()).values()}
    assert {("call_id", "left_draft", "restricted_at", "purging", "_id"),
            ("call_id", "status", "left_draft", "restricted_at", "purging", "_id")} <= keys


async def test_the_validator_refuses_an_application_without_a_true_or_false_left_draft(
        client: httpx.AsyncClient, auth, mongo: Mongo) -> None:
    from pymongo.errors import WriteError

    call = await open_call(client, auth, unit="CNECT.A.2")
    made = await submitted(client, candidate(auth, "cand-1"), call["id"])
    oid = ObjectId(made["id"])
    stored = await mongo.db.applications.find_one({"_id": oid})
    assert stored is not None and stored["left_draft"] is True
    copy = {k: v for k, v in stored.items() if k not in ("_id", "left_draft")}
    with pytest.raises(WriteError) as lost:
        await mongo.db.applications.insert_one({**copy, "candidate_key": "copy"})
    assert lost.value.code == 121  # DocumentValidationFailure
    with pytest.raises(WriteError):
        await mongo.db.applications.update_one({"_id": oid}, {"$set": {"left_draft": "yes"}})
    with pytest.raises(WriteError):
        await mongo.db.applications.update_one({"_id": oid}, {"$unset": {"left_draft": ""}})
