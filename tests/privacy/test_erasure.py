"""Erasure, restriction and objection: erased at once before a decision, restricted after it
(and erased at retention end); the DPO lists and answers."""

from __future__ import annotations

from datetime import timedelta

import httpx

from app.clock import ManualClock
from app.db import Mongo
from tests.documents_api.helpers import ALL_KINDS, call_of_kind
from tests.privacy.helpers import (
    Person,
    apply_with_documents,
    closed_call_with_everyone,
    footprint,
    search_everywhere,
)

DPO = {"sub": "dpo-1"}


async def test_before_a_decision_erasure_leaves_nothing_anywhere(
        client: httpx.AsyncClient, auth, mongo: Mongo) -> None:
    call = await call_of_kind(client, auth, "ca", documents=ALL_KINDS)
    ana = Person("cand-ana", "ana.silva@example.org", "Ana", "Silva")
    bob = Person("cand-bob", "bob.berg@example.org", "Bob", "Berg")
    await apply_with_documents(client, auth, call_id=call["id"], person=ana,
                               idempotency_key="retry-1", special_needs="Wheelchair access")
    await apply_with_documents(client, auth, call_id=call["id"], person=bob)
    # HR reads ana's file: the trail now holds events about her, as actor and subject.
    assert (await client.get(f"/api/v1/applications/{ana.application_id}",
                             headers=auth("hr", sub="hr-1"))).status_code == 200
    needles = [ana.sub, ana.email, ana.first_name, ana.last_name, ana.application_id,
               *ana.document_ids]
    assert await search_everywhere(mongo.db, needles)

    response = await client.post("/api/v1/privacy/erasure-requests", json={
        "kind": "erasure", "application_id": ana.application_id},
        headers=auth("candidate", sub=ana.sub))
    assert response.status_code == 201, response.text
    answer = response.json()
    assert answer["status"] == "completed" and answer["erased_at"] is not None
    assert answer["application_id"] is None  # the request no longer names it
    assert await search_everywhere(mongo.db, needles) == []
    assert set((await footprint(mongo.db, ana.application_id)).values()) == {0}
    # Bob is untouched.
    assert (await footprint(mongo.db, bob.application_id))["files"] == 2
    # The DPO still sees the request (status, outcome, dates), never whose it was.
    listed = await client.get("/api/v1/privacy/erasure-requests", headers=auth("dpo", **DPO))
    assert [r["id"] for r in listed.json()["items"]] == [answer["id"]]


async def test_after_a_decision_processing_is_restricted_then_erased_at_retention_end(
        client: httpx.AsyncClient, auth, mongo: Mongo, clock: ManualClock) -> None:
    scenario = await closed_call_with_everyone(client, auth, mongo.db, now=clock.now())
    ana, cleo = scenario.people["ana"], scenario.people["cleo"]
    hr = auth("hr", sub="hr-1")
    filed = []
    for person, kind in ((ana, "objection"), (cleo, "restriction")):
        response = await client.post("/api/v1/privacy/erasure-requests", json={
            "kind": kind, "application_id": person.application_id,
            "reason": "I object to further processing"},
            headers=auth("candidate", sub=person.sub))
        assert response.status_code == 201, response.text
        assert response.json()["status"] == "restricted"
        assert response.json()["erase_after"] is not None
        filed.append(response.json())
        # Staff no longer see it; the candidate still does.
        assert (await client.get(f"/api/v1/applications/{person.application_id}",
                                 headers=hr)).status_code == 404
        assert person.application_id not in (await client.get("/api/v1/applications",
                                                              headers=hr)).text
        assert (await client.get(f"/api/v1/applications/{person.application_id}",
                                 headers=auth("candidate", sub=person.sub))).status_code == 200
    assert (await client.post(f"/api/v1/applications/{ana.application_id}/decision",
                              json={"status": "reserve", "reason": "Change of mind"},
                              headers=hr)).status_code == 404

    # Only the DPO still reads it, through the request (and that read is audited).
    seen = await client.get(f"/api/v1/privacy/erasure-requests/{filed[0]['id']}/application",
                            headers=auth("dpo", **DPO))
    assert seen.status_code == 200 and seen.json()["id"] == ana.application_id
    assert (await client.get(f"/api/v1/privacy/erasure-requests/{filed[0]['id']}/application",
                             headers=auth("candidate", sub=ana.sub))).status_code == 403
    assert await mongo.db.audit_events.count_documents(
        {"actor": "dpo-1", "detail": "restricted", "resource_id": ana.application_id}) == 1

    mine = await client.get("/api/v1/privacy/erasure-requests",
                            headers=auth("candidate", sub=ana.sub))
    assert [r["id"] for r in mine.json()["items"]] == [filed[0]["id"]]
    answered = await client.post(
        f"/api/v1/privacy/erasure-requests/{filed[0]['id']}/answer",
        json={"outcome": "Your objection is upheld; your data goes at retention end."},
        headers=auth("dpo", **DPO))
    assert answered.status_code == 200 and answered.json()["answered_at"] is not None

    clock.advance(timedelta(days=366))
    report = (await client.post("/api/v1/retention/runs", headers=auth("dpo", **DPO))).json()
    # ana and ben as not selected, cleo because she restricted processing (no hand-over).
    assert report["totals"]["applications"] == 3
    for person in (ana, cleo):
        assert set((await footprint(mongo.db, person.application_id)).values()) == {0}
    requests = await client.get("/api/v1/privacy/erasure-requests", headers=auth("dpo", **DPO))
    assert all(r["application_id"] is None and r["erased_at"] for r in requests.json()["items"])


async def test_who_may_file_and_see_requests(client: httpx.AsyncClient, auth) -> None:
    call = await call_of_kind(client, auth, "ca", documents=ALL_KINDS)
    ana = Person("cand-ana", "ana.silva@example.org", "Ana", "Silva")
    await apply_with_documents(client, auth, call_id=call["id"], person=ana)
    body = {"kind": "erasure", "application_id": ana.application_id}
    stranger = await client.post("/api/v1/privacy/erasure-requests", json=body,
                                 headers=auth("candidate", sub="cand-other"))
    assert stranger.status_code == 404
    staff = await client.post("/api/v1/privacy/erasure-requests", json=body,
                              headers=auth("hr", sub="hr-1"))
    assert staff.status_code == 403
    bad = await client.post("/api/v1/privacy/erasure-requests", json={**body, "kind": "forget"},
                            headers=auth("dpo", **DPO))
    assert bad.status_code == 422
    on_behalf = await client.post("/api/v1/privacy/erasure-requests", json=body,
                                  headers=auth("dpo", **DPO))
    assert on_behalf.status_code == 201 and on_behalf.json()["requested_by_dpo"] is True
    other = await client.get(f"/api/v1/privacy/erasure-requests/{on_behalf.json()['id']}",
                             headers=auth("candidate", sub="cand-other"))
    assert other.status_code == 404
    answer = await client.post(
        f"/api/v1/privacy/erasure-requests/{on_behalf.json()['id']}/answer",
        json={"outcome": "Done"}, headers=auth("candidate", sub=ana.sub))
    assert answer.status_code == 403


async def test_the_dpo_erases_an_sne_application_on_the_candidates_behalf(
        client: httpx.AsyncClient, auth, mongo: Mongo) -> None:
    from tests.applications.factories import open_call, permrep, profile

    call = await open_call(client, auth, kind="sne")
    sent = await client.post(f"/api/v1/calls/{call['id']}/applications", headers=permrep(auth),
                             json={"profile": profile(last_name="Ferreira",
                                                      contact={"email": "rui@example.pt"})})
    assert sent.status_code == 201, sent.text
    application = sent.json()
    stored = await mongo.db.applications.find_one({})
    assert stored is not None
    needles = ["rui@example.pt", "Ferreira", application["id"], stored["candidate_key"]]
    assert await search_everywhere(mongo.db, needles)
    response = await client.post("/api/v1/privacy/erasure-requests", headers=auth("dpo", **DPO),
                                 json={"kind": "erasure", "application_id": application["id"],
                                       "reason": "Asked by letter"})
    assert response.status_code == 201 and response.json()["status"] == "completed"
    assert await search_everywhere(mongo.db, needles) == []
