"""The realistic panel: 3 scorers (one conflicted once), 20 applications, two stages."""

from __future__ import annotations

import httpx
import pytest

from app.db import Mongo
from tests.applications.factories import candidate, hr
from tests.panels.helpers import CHAIR, MEMBER_A, Setup, declare, panel, setup
from tests.panels.panel_table import (
    CONFLICTED_APP,
    INTERVIEW_EXPECTED,
    PRESELECTION_EXPECTED,
    PRESELECTION_GRID,
    PRESELECTION_SD,
)
from tests.panels.scenario import ranking, score_interviews


async def test_preselection_ranking_matches_the_hand_table(
        client: httpx.AsyncClient, auth, panel_setup: Setup, mongo: Mongo) -> None:
    s = panel_setup
    rows = await ranking(client, hr(auth), s.call_id, "preselection")
    index_of = {app_id: i for i, app_id in enumerate(s.applications)}
    # The best first, in the hand table's order (ties in creation order are not promised).
    assert [r["rank"] for r in rows] == [e[3] for e in PRESELECTION_EXPECTED.values()]
    for row in rows:
        index = index_of[row["application_id"]]
        mean, median, spread, rank, passed, knockouts, discuss, scorers, abstentions = (
            PRESELECTION_EXPECTED[index])
        assert (row["mean"], row["median"], row["spread"]) == (
            pytest.approx(mean, abs=1e-4), pytest.approx(median, abs=1e-4),
            pytest.approx(spread, abs=1e-4)), index
        assert (row["rank"], row["passed"], row["knockout_failures"], row["discuss"],
                row["scorers"], row["abstentions"]) == (
            rank, passed, knockouts, discuss, scorers, abstentions), index
        if index in PRESELECTION_SD:
            assert row["std_dev"] == pytest.approx(PRESELECTION_SD[index], abs=1e-3)
        assert row["candidate"] == f"Cand{index} Person{index}"
    conflicted = next(r for r in rows if index_of[r["application_id"]] == CONFLICTED_APP)
    assert {m["member_sub"] for m in conflicted["members"]} == {CHAIR, MEMBER_A}
    # The application never put before the panel is not in the ranking.
    assert s.others[0] not in {r["application_id"] for r in rows}
    # Pages of 4 give the same ranking, ties across a page boundary included (4th and 5th).
    paged = await ranking(client, hr(auth), s.call_id, "preselection", limit=4)
    assert [(r["application_id"], r["rank"]) for r in paged] == [
        (r["application_id"], r["rank"]) for r in rows]
    assert await mongo.db.audit_events.count_documents({"resource": "ranking"}) == 40


async def test_interview_ranking_and_who_reads_it(client: httpx.AsyncClient, auth,
                                                  panel_setup: Setup) -> None:
    s = panel_setup
    await score_interviews(client, auth, s)
    rows = await ranking(client, panel(auth, CHAIR), s.call_id, "interview")
    scored = [r for r in rows if r["scorers"]]
    index_of = {app_id: i for i, app_id in enumerate(s.applications)}
    assert [(index_of[r["application_id"]], r["mean"], r["rank"], r["passed"]) for r in scored
            ] == [(i, pytest.approx(m, abs=1e-4), rank, p)
                  for i, (m, rank, p) in INTERVIEW_EXPECTED.items()]
    # The others still wait for the stage (preselected, no interview score): unranked, last.
    assert all(r["rank"] is None for r in rows[len(scored):])
    paged = await ranking(client, hr(auth), s.call_id, "interview", limit=3)
    assert [(r["application_id"], r["rank"]) for r in paged] == [
        (r["application_id"], r["rank"]) for r in rows]
    path = f"/api/v1/calls/{s.call_id}/ranking?stage=interview"
    assert (await client.get(path, headers=panel(auth, MEMBER_A))).status_code == 403
    assert (await client.get(path, headers=candidate(auth, "c-0"))).status_code == 403
    assert (await client.get(path, headers=panel(auth, "panel-zed"))).status_code == 404
    bad = await client.get(path + "&cursor=not-a-cursor", headers=hr(auth))
    assert bad.status_code == 400


async def test_article29_priority_group_ranks_first(client: httpx.AsyncClient, auth) -> None:
    from tests.panels.helpers import candidate_profile

    profiles = [candidate_profile(0, article29_status="external"),
                candidate_profile(1, article29_status="competition_laureate"),
                candidate_profile(2, article29_status="commission_official")]
    s = await setup(client, auth, before_panel=3, not_before=0, kind="ta", profiles=profiles)
    await client.put(f"/api/v1/calls/{s.call_id}/scoring-grid", json={"stages": [
        {**PRESELECTION_GRID, "criteria": PRESELECTION_GRID["criteria"][1:]}]},
        headers=hr(auth))
    for app_id, motivation in zip(s.applications, (5, 3, 3), strict=True):
        await declare(client, auth, CHAIR, app_id)
        response = await client.put(
            f"/api/v1/applications/{app_id}/scorecard?stage=preselection",
            json={"scores": {"motivation": motivation}, "status": "submitted"},
            headers=panel(auth, CHAIR))
        assert response.status_code == 200, response.text
    rows = await ranking(client, hr(auth), s.call_id, "preselection")
    # The external candidate scored best, yet ranks after the two priority candidates (tied).
    assert [(r["application_id"], r["priority_group"], r["rank"]) for r in rows] == [
        (s.applications[1], True, 1), (s.applications[2], True, 1),
        (s.applications[0], False, 3)]
    paged = await ranking(client, hr(auth), s.call_id, "preselection", limit=1)
    assert [(r["application_id"], r["rank"]) for r in paged] == [
        (r["application_id"], r["rank"]) for r in rows]
