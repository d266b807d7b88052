"""The audit trail: personal-data reads are recorded under a pseudonym the DPO can search by."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import httpx

from app.clock import ManualClock
from app.db import Mongo
from app.services.demo import seed_demo_data
from tests.applications.factories import candidate, draft, open_call, permrep, submitted

EVENTS = "/api/v1/audit-events"


async def _ca_application(client: httpx.AsyncClient, app: Any, candidate: dict[str, str]
                          ) -> str:
    await seed_demo_data(app.state.mongo.db, clock=app.state.clock, settings=app.state.settings)
    calls = (await client.get("/api/v1/public/calls", params={"kind": "ca"})).json()["items"]
    created = await client.post(f"/api/v1/calls/{calls[0]['id']}/applications", headers=candidate,
                                json={"profile": {"first_name": "Zuzana", "last_name": "Novak"}})
    assert created.status_code == 201, created.text
    return str(created.json()["id"])


async def test_dpo_finds_every_touch_of_a_persons_data_by_their_id(
    client: httpx.AsyncClient, app: Any, auth: Any, mongo: Mongo
) -> None:
    candidate = auth("candidate", sub="cand-zuzana")
    application_id = await _ca_application(client, app, candidate)
    assert (await client.get(f"/api/v1/applications/{application_id}",
                             headers=candidate)).status_code == 200
    await client.get("/api/v1/applications", headers=candidate)

    response = await client.get(EVENTS, headers=auth("dpo", sub="dpo-1"),
                                params={"subject": "cand-zuzana"})
    assert response.status_code == 200
    events = response.json()["items"]
    assert {e["action"] for e in events} >= {"create", "read", "list"}
    assert all(e["resource_id"] == application_id for e in events)
    # The candidate acted on their own data: actor and subject are the same pseudonym.
    assert all(e["actor"] == e["subject_id"] and e["actor_pseudonymous"] for e in events)
    # The trail holds a pseudonym, never the person's id or data.
    stored = await mongo.db.audit_events.find({}).to_list()
    assert stored and all("cand-zuzana" not in (e["subject_id"], e["actor"]) for e in stored)
    assert "Zuzana" not in response.text and "Novak" not in response.text

    other = await client.get(EVENTS, headers=auth("dpo", sub="dpo-1"),
                             params={"subject": "somebody-else"})
    assert other.json()["items"] == []


async def test_candidates_and_permreps_act_under_their_pseudonym_staff_in_clear(
    client: httpx.AsyncClient, app: Any, auth: Any, mongo: Mongo
) -> None:
    ca_call = await open_call(client, auth, kind="ca")
    application = await submitted(client, candidate(auth, "cand-ines"), ca_call["id"])
    assert (await client.get(f"/api/v1/applications/{application['id']}",
                             headers=auth("hr", sub="hr-official"))).status_code == 200
    sne_call = await open_call(client, auth, kind="sne")
    await draft(client, permrep(auth, "PT", sub="permrep-pt-officer"), sne_call["id"])

    stored = await mongo.db.audit_events.find({}).to_list()
    actors = {e["actor"] for e in stored}
    # One join of actor to subject used to re-identify every pseudonym: no person's id is kept.
    assert "cand-ines" not in actors and "permrep-pt-officer" not in actors
    assert {"hr-official", "hr-1"} <= actors  # staff stay accountable by name
    by_actor = {e["actor"]: e["actor_pseudonymous"] for e in stored}
    assert by_actor["hr-official"] is False and by_actor["hr-1"] is False
    assert sum(by_actor.values()) == 2  # the candidate and the PermRep officer

    dpo = auth("dpo", sub="dpo-1")
    for person, role in (("cand-ines", "candidate"), ("permrep-pt-officer", "permrep"),
                         ("hr-official", "hr")):
        found = (await client.get(EVENTS, headers=dpo, params={"actor": person})).json()["items"]
        assert found and all(role in e["actor_roles"] for e in found), person
    # Everything by or about the candidate, in one list: her own actions and HR's read.
    everything = (await client.get(EVENTS, headers=dpo, params={"person": "cand-ines"})).json()
    assert {e["actor_pseudonymous"] for e in everything["items"]} == {True, False}
    assert "cand-ines" not in str(everything)


async def test_only_the_dpo_reads_the_trail(client: httpx.AsyncClient, auth: Any) -> None:
    for role in ("hr", "admin", "recruiter", "candidate"):
        assert (await client.get(EVENTS, headers=auth(role))).status_code == 403
    assert (await client.get(EVENTS)).status_code == 401


async def test_the_trail_pages_newest_first(
    client: httpx.AsyncClient, app: Any, auth: Any, clock: ManualClock
) -> None:
    candidate = auth("candidate", sub="cand-pages")
    application_id = await _ca_application(client, app, candidate)
    for _ in range(3):
        clock.advance(timedelta(minutes=1))
        await client.get(f"/api/v1/applications/{application_id}", headers=candidate)
    dpo = auth("dpo", sub="dpo-1")
    first = (await client.get(EVENTS, headers=dpo, params={"limit": 2})).json()
    second = (await client.get(EVENTS, headers=dpo,
                               params={"limit": 2, "cursor": first["next_cursor"]})).json()
    ids = [e["id"] for e in first["items"] + second["items"]]
    assert len(ids) == len(set(ids)) == 4
    stamps = [e["at"] for e in first["items"] + second["items"]]
    assert stamps == sorted(stamps, reverse=True) and len(set(stamps)) == 4
