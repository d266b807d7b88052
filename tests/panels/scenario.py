"""The realistic panel scenario, through the API: 20 applications scored as the hand table."""

from __future__ import annotations

from typing import Any

import httpx

from tests.applications.factories import hr
from tests.panels.helpers import CHAIR, MEMBER_A, MEMBER_B, Setup, declare, panel, setup
from tests.panels.panel_table import (
    CONFLICTED_APP,
    INTERVIEW,
    INTERVIEW_GRID,
    PRESELECTION,
    PRESELECTION_GRID,
)

SCORERS = (CHAIR, MEMBER_A, MEMBER_B)


async def scored_panel(client: httpx.AsyncClient, auth) -> Setup:
    """The call, its 20 applications, the grids, declarations and preselection scorecards."""
    s = await setup(client, auth, before_panel=20, not_before=1)
    response = await client.put(f"/api/v1/calls/{s.call_id}/scoring-grid",
                                json={"stages": [PRESELECTION_GRID, INTERVIEW_GRID]},
                                headers=hr(auth))
    assert response.status_code == 200, response.text
    for index, app_id in enumerate(s.applications):
        for member, sub in enumerate(SCORERS):
            pair = PRESELECTION[index][member]
            if pair is None:
                assert index == CONFLICTED_APP
                await declare(client, auth, sub, app_id, kind="conflict",
                              reason="The candidate reported to me in 2023.")
                continue
            assert (await declare(client, auth, sub, app_id)).status_code == 201
            response = await client.put(
                f"/api/v1/applications/{app_id}/scorecard?stage=preselection",
                json={"scores": {"experience": pair[0], "motivation": pair[1]},
                      "status": "submitted"}, headers=panel(auth, sub))
            assert response.status_code == 200, response.text
    return s


async def score_interviews(client: httpx.AsyncClient, auth, s: Setup) -> None:
    for index, members in INTERVIEW.items():
        for sub, (expertise, motivation) in zip(SCORERS, members, strict=True):
            response = await client.put(
                f"/api/v1/applications/{s.applications[index]}/scorecard?stage=interview",
                json={"scores": {"expertise": expertise, "motivation": motivation},
                      "status": "submitted"}, headers=panel(auth, sub))
            assert response.status_code == 200, response.text


async def ranking(client: httpx.AsyncClient, headers: dict[str, str], call_id: str,
                  stage: str, limit: int = 200) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    cursor = None
    while True:
        params: dict[str, Any] = {"stage": stage, "limit": limit}
        if cursor:
            params["cursor"] = cursor
        response = await client.get(f"/api/v1/calls/{call_id}/ranking", params=params,
                                    headers=headers)
        assert response.status_code == 200, response.text
        items.extend(response.json()["items"])
        cursor = response.json()["next_cursor"]
        if cursor is None:
            return items
