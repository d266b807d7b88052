"""Grid and scorecards: validation naming the field, who may score, independent assessment."""

from __future__ import annotations

from typing import Any

import httpx

from app.db import Mongo
from tests.applications.factories import candidate, hr
from tests.panels.helpers import (
    CHAIR,
    MEMBER_A,
    MEMBER_B,
    MEMBERS,
    OBSERVER,
    SECRETARY,
    declare,
    panel,
    put_panel,
    setup,
)

GRID = {"stages": [{
    "stage": "preselection", "pass_threshold": 60, "spread_threshold": 20,
    "criteria": [
        {"id": "experience", "label": "Relevant experience", "weight": 3, "scale_min": 0,
         "scale_max": 5, "step": 1, "knockout_min": 2},
        {"id": "languages", "label": "Languages", "weight": 1, "scale_min": 0,
         "scale_max": 5, "step": 0.5},
    ]}]}


async def score(client: httpx.AsyncClient, auth, sub: str, application_id: str,
                scores: dict[str, float], status: str = "submitted",
                stage: str = "preselection", comment: str | None = None) -> httpx.Response:
    body: dict[str, Any] = {"scores": scores, "status": status, "comment": comment}
    return await client.put(f"/api/v1/applications/{application_id}/scorecard?stage={stage}",
                            json=body, headers=panel(auth, sub))


async def one_criterion_grid(client: httpx.AsyncClient, auth, call_id: str) -> None:
    response = await client.put(f"/api/v1/calls/{call_id}/scoring-grid", json={"stages": [{
        "stage": "preselection", "pass_threshold": 50,
        "criteria": [{"id": "profile", "label": "Profile", "weight": 1}]}]}, headers=hr(auth))
    assert response.status_code == 200, response.text


async def test_default_grid_is_derived_from_the_notice(client: httpx.AsyncClient, auth) -> None:
    s = await setup(client, auth, before_panel=0, not_before=0, kind="ta")
    grid = (await client.get(f"/api/v1/calls/{s.call_id}/scoring-grid", headers=hr(auth))).json()
    assert grid["derived"] is True
    pre = grid["stages"][0]
    assert pre["stage"] == "preselection" and pre["pass_threshold"] == 60
    # The CERT-EU notice lists five advantages: the profile sought (weight 2) and one each.
    assert [c["id"] for c in pre["criteria"]] == ["profile"] + [f"advantage_{i}"
                                                                for i in range(1, 6)]
    assert pre["criteria"][2]["label"].startswith("At least 5 years of solid experience")
    assert [c["id"] for c in grid["stages"][1]["criteria"]] == ["profile", "motivation",
                                                                 "communication"]


async def test_scores_are_validated_naming_the_field(client: httpx.AsyncClient, auth) -> None:
    s = await setup(client, auth, before_panel=1, not_before=0)
    assert (await client.put(f"/api/v1/calls/{s.call_id}/scoring-grid", json=GRID,
                             headers=hr(auth))).status_code == 200
    app_id = s.applications[0]
    await declare(client, auth, MEMBER_A, app_id)
    cases = [
        ({"experience": 6, "languages": 1}, "experience", "out of scale"),
        ({"experience": 3, "languages": 1.25}, "languages", "step"),
        ({"experience": 3, "salary": 1, "languages": 1}, "salary", "not a criterion"),
        ({"experience": 3}, "languages", "Field required"),
    ]
    for scores, field, message in cases:
        response = await score(client, auth, MEMBER_A, app_id, scores)
        assert response.status_code == 422, scores
        assert response.headers["content-type"] == "application/problem+json"
        error = response.json()["errors"][0]
        assert error["loc"] == ["body", "scores", field] and message in error["msg"]
    # A partial draft is fine; a submitted scorecard is immutable.
    assert (await score(client, auth, MEMBER_A, app_id, {"experience": 3}, status="draft")
            ).status_code == 200
    done = await score(client, auth, MEMBER_A, app_id, {"experience": 4, "languages": 2.5})
    assert done.status_code == 200
    assert done.json()["weighted_total"] == (3 * 4 / 5 + 1 * 2.5 / 5) / 4 * 100
    again = await score(client, auth, MEMBER_A, app_id, {"experience": 5, "languages": 5})
    assert again.status_code == 409 and again.json()["type"].endswith("scorecard-submitted")
    # The stage's grid is now frozen; the interview's is not.
    frozen = await client.put(f"/api/v1/calls/{s.call_id}/scoring-grid", json={
        "stages": [{**GRID["stages"][0], "pass_threshold": 50}]}, headers=hr(auth))
    assert frozen.status_code == 409 and frozen.json()["type"].endswith("grid-frozen")
    interview = {**GRID["stages"][0], "stage": "interview"}
    assert (await client.put(f"/api/v1/calls/{s.call_id}/scoring-grid",
                             json={"stages": [interview]}, headers=hr(auth))).status_code == 200


async def test_who_may_score(client: httpx.AsyncClient, auth) -> None:
    s = await setup(client, auth, before_panel=1, not_before=1)
    app_id = s.applications[0]
    scores = {"profile": 3}
    await one_criterion_grid(client, auth, s.call_id)
    # Before declaring; after declaring a conflict; an observer; a secretary.
    before = await score(client, auth, MEMBER_A, app_id, scores)
    assert before.status_code == 403 and before.json()["type"].endswith("declaration-required")
    await declare(client, auth, MEMBER_B, app_id, kind="conflict", reason="My former intern.")
    conflicted = await score(client, auth, MEMBER_B, app_id, scores)
    assert conflicted.status_code == 403
    assert conflicted.json()["type"].endswith("conflict-of-interest")
    for sub in (OBSERVER, SECRETARY):
        await declare(client, auth, sub, app_id)
        refused = await score(client, auth, sub, app_id, scores)
        assert refused.status_code == 403 and refused.json()["type"].endswith("not-a-scorer")
    # Not a member; an application not before the panel; a candidate; HR.
    assert (await score(client, auth, "panel-zed", app_id, scores)).status_code == 404
    await declare(client, auth, MEMBER_A, app_id)
    assert (await score(client, auth, MEMBER_A, s.others[0], scores)).status_code == 404
    for headers in (candidate(auth, "c-0"), hr(auth)):
        response = await client.put(
            f"/api/v1/applications/{app_id}/scorecard?stage=preselection",
            json={"scores": scores}, headers=headers)
        assert response.status_code == 403
    assert (await score(client, auth, MEMBER_A, app_id, scores)).status_code == 200


async def test_independent_assessment(client: httpx.AsyncClient, auth, mongo: Mongo) -> None:
    s = await setup(client, auth, before_panel=1, not_before=0)
    await one_criterion_grid(client, auth, s.call_id)
    app_id = s.applications[0]
    for sub in (CHAIR, MEMBER_A, MEMBER_B, OBSERVER):
        await declare(client, auth, sub, app_id)
    path = f"/api/v1/applications/{app_id}/scorecards?stage=preselection"
    assert (await score(client, auth, MEMBER_A, app_id, {"profile": 4},
                        comment="Strong file.")).status_code == 200
    # B has a draft only: B sees B's own draft, not A's scores.
    await score(client, auth, MEMBER_B, app_id, {"profile": 1}, status="draft")
    seen = (await client.get(path, headers=panel(auth, MEMBER_B))).json()
    assert [c["member_sub"] for c in seen["items"]] == [MEMBER_B] and seen["others_hidden"]
    # The observer sees nothing yet; staff see the submitted scorecard; the candidate nothing.
    assert (await client.get(path, headers=panel(auth, OBSERVER))).json()["items"] == []
    staff = (await client.get(path, headers=hr(auth))).json()["items"]
    assert [c["member_sub"] for c in staff] == [MEMBER_A]
    owner = await client.get(path, headers=candidate(auth, "c-0"))
    assert owner.status_code == 403 and "Strong file" not in owner.text
    # Once B submits, B sees A's; once the chair opens consolidation, the observer too.
    await score(client, auth, MEMBER_B, app_id, {"profile": 2})
    seen = (await client.get(path, headers=panel(auth, MEMBER_B))).json()
    assert {c["member_sub"] for c in seen["items"]} == {MEMBER_A, MEMBER_B}
    refused = await client.post(f"/api/v1/calls/{s.call_id}/panel/consolidation?stage="
                                "preselection", headers=panel(auth, MEMBER_A))
    assert refused.status_code == 403
    opened = await client.post(f"/api/v1/calls/{s.call_id}/panel/consolidation?stage="
                               "preselection", headers=panel(auth, CHAIR))
    assert opened.json()["consolidation_open"] == ["preselection"]
    assert len((await client.get(path, headers=panel(auth, OBSERVER))).json()["items"]) == 2
    assert await mongo.db.audit_events.count_documents({"resource": "scorecard",
                                                        "action": "read"}) == 5


async def test_panel_changes_once_scoring_started(client: httpx.AsyncClient, auth) -> None:
    s = await setup(client, auth, before_panel=1, not_before=0)
    await one_criterion_grid(client, auth, s.call_id)
    app_id = s.applications[0]
    await declare(client, auth, MEMBER_A, app_id)
    await score(client, auth, MEMBER_A, app_id, {"profile": 3}, status="draft")
    # Replacing B (who has not scored) is fine.
    replaced = [m if m["sub"] != MEMBER_B else {"sub": "panel-new", "name": "New Member",
                                                 "role": "member"} for m in MEMBERS]
    assert (await put_panel(client, auth, s.call_id, replaced)).status_code == 200
    # Removing A, or making A an observer, is refused.
    without_a = [m for m in replaced if m["sub"] != MEMBER_A]
    refused = await put_panel(client, auth, s.call_id, without_a)
    assert refused.status_code == 409 and refused.json()["type"].endswith("scoring-started")
    demoted = [{**m, "role": "observer"} if m["sub"] == MEMBER_A else m for m in replaced]
    assert (await put_panel(client, auth, s.call_id, demoted)).status_code == 409
