"""What the SPA needs to draw its screens: /me, /me/notifications, enriched lists, calls that
say how to apply."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import httpx

from app.db import Mongo
from tests.applications.factories import (
    candidate,
    decide,
    draft,
    hr,
    open_call,
    permrep,
    submitted,
)


async def test_me_says_who_the_caller_is_and_what_they_may_do(
    client: httpx.AsyncClient, auth: Any
) -> None:
    recruiter = await client.get("/api/v1/me",
                                 headers=auth("recruiter", sub="rec-bob", unit="CNECT.A"))
    assert recruiter.status_code == 200, recruiter.text
    body = recruiter.json()
    assert (body["sub"], body["roles"], body["unit"], body["country"]) == (
        "rec-bob", ["recruiter"], "CNECT.A", None)
    assert {"create_call", "decide_application"} <= set(body["may"])
    assert "apply" not in body["may"] and "read_audit_trail" not in body["may"]

    rep = (await client.get("/api/v1/me", headers=permrep(auth, country="BE"))).json()
    assert rep["country"] == "BE" and "apply" in rep["may"] and "create_call" not in rep["may"]
    dpo = (await client.get("/api/v1/me", headers=auth("dpo"))).json()
    assert set(dpo["may"]) == {"read_audit_trail", "request_erasure", "answer_privacy_requests",
                               "manage_legal_holds", "read_retention_runs"}
    assert (await client.get("/api/v1/me")).status_code == 401


async def test_what_me_promises_the_service_keeps(client: httpx.AsyncClient, auth: Any) -> None:
    """A sample of the table against the real endpoints: allowed → not 403, else 403."""
    call = await open_call(client, auth, kind="ca")
    for role, extra in (("candidate", {}), ("dpo", {}), ("recruiter", {"unit": "CNECT.A"})):
        headers = auth(role, sub=f"{role}-x", **extra)
        may = set((await client.get("/api/v1/me", headers=headers)).json()["may"])
        listed = await client.get("/api/v1/calls", headers=headers)
        assert (listed.status_code != 403) == ("read_calls" in may), role
        audit = await client.get("/api/v1/audit-events", headers=headers,
                                 params={"subject": "x"})
        assert (audit.status_code != 403) == ("read_audit_trail" in may), role
        applied = await client.post(f"/api/v1/calls/{call['id']}/applications", headers=headers,
                                    json={"profile": {"first_name": "Ana"}})
        assert (applied.status_code != 403) == ("apply" in may), role
        holds = await client.post("/api/v1/legal-holds", headers=headers, json={})
        assert (holds.status_code != 403) == ("manage_legal_holds" in may), role


async def test_a_candidate_reads_their_own_notifications(
    client: httpx.AsyncClient, auth: Any
) -> None:
    call = await open_call(client, auth, kind="ca")
    mine = await submitted(client, candidate(auth, "cand-me"), call["id"])
    other = await submitted(client, candidate(auth, "cand-other"), call["id"])
    assert (await decide(client, hr(auth), mine["id"], "preselected")).status_code == 200
    assert (await decide(client, hr(auth), other["id"], "preselected")).status_code == 200

    listed = await client.get("/api/v1/me/notifications", headers=candidate(auth, "cand-me"))
    assert listed.status_code == 200, listed.text
    items = listed.json()["items"]
    assert len(items) == 1
    note = items[0]
    assert note["application_id"] == mine["id"]
    assert (note["call_reference"], note["call_title"]) == (call["reference"], call["title"])
    assert note["template"] == "invited_to_interview" and note["status"] == "pending"
    assert call["reference"] in note["text"] and "interview" in note["subject"]
    assert not {"attempts", "last_error", "claimed_until"} & note.keys()

    run = await client.post("/api/v1/admin/jobs/deliver_outbox/run", headers=auth("admin"))
    assert run.status_code == 200
    again = (await client.get("/api/v1/me/notifications",
                              headers=candidate(auth, "cand-me"))).json()["items"][0]
    assert again["status"] == "delivered" and again["delivered_at"] is not None
    staff = await client.get("/api/v1/me/notifications", headers=hr(auth))
    assert staff.json()["items"] == []


async def test_the_application_list_carries_its_calls_summary(
    client: httpx.AsyncClient, auth: Any
) -> None:
    first = await open_call(client, auth, kind="ca")
    second = await open_call(client, auth, kind="ta")
    await draft(client, candidate(auth), first["id"])
    await draft(client, candidate(auth), second["id"])
    listed = await client.get("/api/v1/applications", headers=candidate(auth))
    assert listed.status_code == 200
    by_call = {item["call_id"]: item["call"] for item in listed.json()["items"]}
    for call in (first, second):
        summary = by_call[call["id"]]
        assert (summary["reference"], summary["title"], summary["kind"]) == (
            call["reference"], call["title"], call["kind"])
        assert summary["deadline"]["utc"] == call["deadline"]["utc"]


async def test_each_call_says_how_to_apply(client: httpx.AsyncClient, auth: Any) -> None:
    sne = await open_call(client, auth, kind="sne")
    ta = await open_call(client, auth, kind="ta")
    public = (await client.get(f"/api/v1/public/calls/{sne['id']}")).json()["how_to_apply"]
    assert public["channel"] == "permrep"
    assert "Permanent Representation" in public["who_applies"]
    assert public["europass_cv_required"] is True
    assert public["documents_accepted"] == sne["documents"]["accepted"]
    staff = (await client.get(f"/api/v1/calls/{ta['id']}", headers=hr(auth))).json()
    assert staff["how_to_apply"]["channel"] == "candidate"
    assert staff["how_to_apply"]["single_pdf"] == ta["documents"]["single_pdf"]


async def test_a_notification_the_outbox_gave_up_on_says_failed(
    client: httpx.AsyncClient, auth: Any, mongo: Mongo
) -> None:
    call = await open_call(client, auth, kind="ca")
    mine = await submitted(client, candidate(auth, "cand-dead"), call["id"])
    assert (await decide(client, hr(auth), mine["id"], "preselected")).status_code == 200
    # A dead letter as the outbox leaves it after its last try (``dead_at`` set).
    await mongo.db.outbox.update_many({}, {"$set": {"dead_at": datetime(2026, 11, 23, tzinfo=UTC),
                                                    "attempts": 5}})
    items = (await client.get("/api/v1/me/notifications",
                              headers=candidate(auth, "cand-dead"))).json()["items"]
    assert [i["status"] for i in items] == ["failed"]
