"""The data subject's export: every field they gave, every document's hash, their own trail,
nothing of anyone else."""

from __future__ import annotations

import httpx

from app.clock import ManualClock
from app.db import Mongo
from tests.privacy.helpers import closed_call_with_everyone
from tests.privacy.keys import current_pseudonym


async def test_the_export_holds_everything_of_the_caller_and_nothing_of_others(
        client: httpx.AsyncClient, auth, mongo: Mongo, clock: ManualClock, settings) -> None:
    scenario = await closed_call_with_everyone(client, auth, mongo.db, now=clock.now())
    ana = scenario.people["ana"]
    response = await client.get("/api/v1/me/data-export", headers=auth("candidate", sub=ana.sub))
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/json")
    export = response.json()
    assert export["subject"] == ana.sub
    [application] = export["applications"]
    stored = await mongo.db.applications.find_one({"owner_sub": ana.sub})
    assert stored is not None
    assert application["profile"] == stored["profile"]  # every field given, as stored
    assert application["profile"]["contact"]["email"] == ana.email
    assert application["special_needs"] == "Step-free access to the interview room"
    assert sorted(d["sha256"] for d in application["documents"]) == sorted(ana.hashes)
    assert all(d["download"] == f"/api/v1/documents/{d['id']}/content"
               for d in application["documents"])
    assert [d["to"] for d in application["decisions"]][-2:] == ["eligible", "not_selected"]
    assert "by" not in application["decisions"][-1]  # who decided is staff, not hers
    assert (application["profile"]["first_name"], application["profile"]["last_name"]) == (
        ana.first_name, ana.last_name)
    alias = await current_pseudonym(mongo.db, settings, ana.sub)
    assert export["audit_trail"] and all(
        alias in (e["subject_id"], e["actor"]) for e in export["audit_trail"])
    for other in ("ben", "cleo"):
        person = scenario.people[other]
        for needle in (person.email, person.last_name, person.application_id, *person.hashes):
            assert needle not in response.text
    # The export itself is audited.
    assert await mongo.db.audit_events.count_documents(
        {"resource": "me.data_export", "subject_id": alias}) == 1


async def test_the_export_is_a_candidates_own(client: httpx.AsyncClient, auth) -> None:
    nothing = await client.get("/api/v1/me/data-export", headers=auth("candidate", sub="new"))
    assert nothing.status_code == 200 and nothing.json()["applications"] == []
    staff = await client.get("/api/v1/me/data-export", headers=auth("hr", sub="hr-1"))
    assert staff.status_code == 403
    assert staff.headers["content-type"] == "application/problem+json"
