"""The audit trail: personal-data reads are recorded under a pseudonym the DPO can search by."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import httpx

from app.clock import ManualClock
from app.db import Mongo
from app.services.demo import seed_demo_data

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
    assert all(e["actor"] == "cand-zuzana" for e in events)
    # The trail holds a pseudonym, never the person's id or data.
    stored = await mongo.db.audit_events.find({}).to_list()
    assert stored and all(e["subject_id"] != "cand-zuzana" for e in stored)
    assert "Zuzana" not in response.text and "Novak" not in response.text

    other = await client.get(EVENTS, headers=auth("dpo", sub="dpo-1"),
                             params={"subject": "somebody-else"})
    assert other.json()["items"] == []


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
