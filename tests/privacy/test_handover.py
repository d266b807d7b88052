"""The hand-over to HR (Sysper): the interviewed or selected, with their documents; then
transferred, read-only, and kept by the purge (the call's panel reports go with the rest)."""

from __future__ import annotations

import base64
import hashlib
from datetime import timedelta

import httpx

from app.clock import ManualClock
from app.db import Mongo
from tests.privacy.helpers import closed_call_with_everyone, footprint

HR = {"sub": "hr-1"}


async def test_handover_exports_the_selected_then_they_are_transferred_and_kept(
        client: httpx.AsyncClient, auth, mongo: Mongo, clock: ManualClock) -> None:
    scenario = await closed_call_with_everyone(client, auth, mongo.db, now=clock.now())
    ana, cleo = scenario.people["ana"], scenario.people["cleo"]
    url = f"/api/v1/calls/{scenario.call_id}/hr-handover"
    response = await client.get(url, headers=auth("hr", **HR))
    assert response.status_code == 200, response.text
    export = response.json()
    assert export["format"] == "eu-ats/sysper-handover/1"
    assert export["call"]["id"] == scenario.call_id
    [handed] = export["applications"]
    assert handed["id"] == cleo.application_id and handed["status"] == "selected"
    assert handed["profile"]["last_name"] == cleo.last_name
    assert [d["to"] for d in handed["decisions"]][-1] == "selected"
    for document in handed["documents"]:
        content = base64.b64decode(document["content_base64"])
        assert len(content) == document["size"]
        assert hashlib.sha256(content).hexdigest() == document["sha256"]
    assert sorted(d["sha256"] for d in handed["documents"]) == sorted(cleo.hashes)
    assert ana.email not in response.text
    assert await mongo.db.audit_events.count_documents(
        {"action": "export", "resource_id": cleo.application_id, "actor": "hr-1"}) == 1

    confirmed = await client.post(f"{url}/confirm", headers=auth("hr", **HR), json={
        "application_ids": [cleo.application_id, ana.application_id]})
    assert confirmed.status_code == 200, confirmed.text
    assert confirmed.json() == {"transferred": [cleo.application_id],
                                "not_eligible": [ana.application_id]}
    # Read-only from now on, and not offered again.
    decision = await client.post(f"/api/v1/applications/{cleo.application_id}/decision",
                                 json={"status": "not_selected", "reason": "Changed"},
                                 headers=auth("hr", **HR))
    assert decision.status_code == 409
    again = await client.get(url, headers=auth("hr", **HR))
    assert again.json()["applications"] == []

    kept = await footprint(mongo.db, cleo.application_id)
    clock.advance(timedelta(days=366))
    report = (await client.post("/api/v1/retention/runs", headers=auth("admin", sub="a"))).json()
    [per_call] = report["calls"]
    assert per_call["skipped_transferred"] == 1 and per_call["applications"] == 2
    assert per_call["panel_reports"] == 1  # only Sysper's copy names candidates now
    assert await footprint(mongo.db, cleo.application_id) == kept
    assert await mongo.db.panel_reports.count_documents({}) == 0


async def test_only_hr_hands_over(client: httpx.AsyncClient, auth, mongo: Mongo,
                                  clock: ManualClock) -> None:
    scenario = await closed_call_with_everyone(client, auth, mongo.db, now=clock.now())
    url = f"/api/v1/calls/{scenario.call_id}/hr-handover"
    for role in ("recruiter", "candidate", "dpo"):
        assert (await client.get(url, headers=auth(role, sub="x"))).status_code == 403
    missing = await client.get("/api/v1/calls/000000000000000000000000/hr-handover",
                               headers=auth("hr", **HR))
    assert missing.status_code == 404
    empty = await client.post(f"{url}/confirm", json={"application_ids": []},
                              headers=auth("hr", **HR))
    assert empty.status_code == 422


async def test_hr_of_another_dg_cannot_hand_over(client: httpx.AsyncClient, auth, mongo: Mongo,
                                                clock: ManualClock) -> None:
    """The privacy statement gives the data to "HR … of the DG concerned by the vacancy"."""
    scenario = await closed_call_with_everyone(client, auth, mongo.db, now=clock.now())
    url = f"/api/v1/calls/{scenario.call_id}/hr-handover"
    other_dg = auth("hr", sub="hr-digit", unit="DIGIT")
    assert (await client.get(url, headers=other_dg)).status_code == 404
    assert (await client.post(f"{url}/confirm", json={"application_ids": [scenario.call_id]},
                              headers=other_dg)).status_code == 404
