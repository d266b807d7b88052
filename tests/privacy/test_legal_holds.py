"""Legal holds: the DPO suspends deletion of a call or one application; the purge skips it
until the hold is lifted; placing and lifting are audited."""

from __future__ import annotations

from datetime import timedelta

import httpx
from bson import ObjectId

from app.clock import ManualClock
from app.db import Mongo
from tests.privacy.helpers import closed_call_with_everyone, footprint

DPO = {"sub": "dpo-1"}


async def _hold(client: httpx.AsyncClient, auth, scope: str, target: str) -> dict:
    response = await client.post("/api/v1/legal-holds", headers=auth("dpo", **DPO), json={
        "scope": scope, "target_id": target, "reason": "Complaint to the Ombudsman",
        "reference": "OI/2026/0042"})
    assert response.status_code == 201, response.text
    hold: dict = response.json()
    return hold


async def _purge(client: httpx.AsyncClient, auth) -> dict:
    response = await client.post("/api/v1/retention/runs", headers=auth("dpo", **DPO))
    assert response.status_code == 201, response.text
    report: dict = response.json()
    return report


async def test_a_held_application_is_kept_until_the_hold_is_lifted(
        client: httpx.AsyncClient, auth, mongo: Mongo, clock: ManualClock) -> None:
    scenario = await closed_call_with_everyone(client, auth, mongo.db, now=clock.now())
    ana, ben = scenario.people["ana"], scenario.people["ben"]
    kept = await footprint(mongo.db, ana.application_id)
    hold = await _hold(client, auth, "application", ana.application_id)
    clock.advance(timedelta(days=366))
    report = await _purge(client, auth)
    assert report["totals"]["applications"] == 1 and report["totals"]["skipped_held"] == 1
    assert await footprint(mongo.db, ana.application_id) == kept
    assert (await footprint(mongo.db, ben.application_id))["applications"] == 0

    lifted = await client.delete(f"/api/v1/legal-holds/{hold['id']}", headers=auth("dpo", **DPO))
    assert lifted.status_code == 200 and lifted.json()["lifted_at"] is not None
    again = await client.delete(f"/api/v1/legal-holds/{hold['id']}", headers=auth("dpo", **DPO))
    assert again.status_code == 409
    report = await _purge(client, auth)
    assert report["totals"]["applications"] == 1
    assert set((await footprint(mongo.db, ana.application_id)).values()) == {0}
    actions = {(e["action"], e["resource"]) async for e in mongo.db.audit_events.find(
        {"actor": "dpo-1"})}
    assert {("hold", "legal_hold.application"), ("release", "legal_hold.application")} <= actions


async def test_a_held_call_keeps_all_its_applications(
        client: httpx.AsyncClient, auth, mongo: Mongo, clock: ManualClock) -> None:
    scenario = await closed_call_with_everyone(client, auth, mongo.db, now=clock.now())
    await _hold(client, auth, "call", scenario.call_id)
    clock.advance(timedelta(days=400))
    report = await _purge(client, auth)
    assert report["totals"]["applications"] == 0 and report["totals"]["skipped_held"] == 3
    assert await mongo.db.applications.count_documents({}) == 3
    listed = await client.get("/api/v1/legal-holds", headers=auth("dpo", **DPO))
    assert [h["target_id"] for h in listed.json()["items"]] == [scenario.call_id]


async def test_only_the_dpo_holds_and_only_what_exists(client: httpx.AsyncClient, auth) -> None:
    body = {"scope": "call", "target_id": str(ObjectId()), "reason": "Litigation pending",
            "reference": "T-123/26"}
    for role in ("hr", "admin", "candidate"):
        response = await client.post("/api/v1/legal-holds", json=body,
                                     headers=auth(role, sub="x"))
        assert response.status_code == 403
    missing = await client.post("/api/v1/legal-holds", json=body, headers=auth("dpo", **DPO))
    assert missing.status_code == 404
    assert missing.headers["content-type"] == "application/problem+json"
    short = await client.post("/api/v1/legal-holds", json={**body, "reason": ""},
                              headers=auth("dpo", **DPO))
    assert short.status_code == 422
    gone = await client.delete(f"/api/v1/legal-holds/{ObjectId()}", headers=auth("dpo", **DPO))
    assert gone.status_code == 404
