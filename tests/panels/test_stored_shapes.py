"""The ranking's rows have the shape ``RankingRowDoc`` and ``RankFiguresDoc`` declare
(app/models/stored_more.py): what the repository's pipeline hands to the services."""

from __future__ import annotations

from typing import Any

import httpx
from bson import ObjectId

from app.db import Mongo
from app.models.panels import Stage
from app.models.scoring import StageGrid
from app.models.stored_more import RankFiguresDoc, RankingRowDoc
from app.repositories import ranking as ranking_repo
from app.services.panels.scorecards import STAGE_STATUSES
from tests.applications.factories import hr
from tests.panels.helpers import CHAIR, Setup, candidate_profile, declare, panel, setup
from tests.panels.panel_table import INTERVIEW_GRID, PRESELECTION_GRID
from tests.panels.scenario import SCORERS
from tests.shapes import mismatches


def _query(call_id: str, stage: Stage, grid: dict[str, Any], *, article29: bool = False,
           scorers: tuple[str, ...] = SCORERS) -> ranking_repo.RankingQuery:
    return ranking_repo.RankingQuery(
        call_id=ObjectId(call_id), stage=stage, grid=StageGrid.model_validate(grid),
        scorers=list(scorers), article29=article29, waiting_statuses=STAGE_STATUSES[stage])


async def _rows(mongo: Mongo, query: ranking_repo.RankingQuery) -> list[dict[str, Any]]:
    """The repository's rows, each checked against its declared shape; the ``ko_<id>`` means
    (keys no TypedDict can name) are checked here, one per knock-out criterion."""
    knockouts = {f"ko_{c.id}" for c in query.grid.criteria if c.knockout_min is not None}
    rows = [dict(row) async for row in ranking_repo.rows(mongo.db, query)]
    assert rows
    for row in rows:
        assert isinstance(row.pop("position"), ranking_repo.Position)
        assert mismatches(row.pop("r"), RankFiguresDoc) == []
        means = {key: row.pop(key) for key in list(row) if key.startswith("ko_")}
        assert set(means) == knockouts
        assert all(mean is None or isinstance(mean, float) for mean in means.values())
        assert mismatches(row, RankingRowDoc) == []
    return rows


async def test_scored_and_waiting_rows_have_their_declared_shape(
        mongo: Mongo, panel_setup: Setup) -> None:
    scored = await _rows(mongo, _query(panel_setup.call_id, Stage.preselection,
                                       PRESELECTION_GRID))
    assert all(row["ts"] and row["mean"] is not None for row in scored)
    assert any(row["abst"] for row in scored)  # the conflicted member's abstention
    # Nobody scored interviews yet: every row waits, with no totals and no mean.
    waiting = await _rows(mongo, _query(panel_setup.call_id, Stage.interview, INTERVIEW_GRID))
    assert all(row["ts"] == [] and row["mean"] is None for row in waiting)


async def test_article29_rows_carry_their_priority_group(client: httpx.AsyncClient, auth,
                                                        mongo: Mongo) -> None:
    profiles = [candidate_profile(0, article29_status="external"),
                candidate_profile(1, article29_status="commission_official")]
    s = await setup(client, auth, before_panel=2, not_before=0, kind="ta", profiles=profiles)
    grid = {**PRESELECTION_GRID, "criteria": PRESELECTION_GRID["criteria"][1:]}
    response = await client.put(f"/api/v1/calls/{s.call_id}/scoring-grid",
                                json={"stages": [grid]}, headers=hr(auth))
    assert response.status_code == 200, response.text
    for app_id in s.applications:
        await declare(client, auth, CHAIR, app_id)
        response = await client.put(
            f"/api/v1/applications/{app_id}/scorecard?stage=preselection",
            json={"scores": {"motivation": 4}, "status": "submitted"},
            headers=panel(auth, CHAIR))
        assert response.status_code == 200, response.text
    rows = await _rows(mongo, _query(s.call_id, Stage.preselection, grid, article29=True,
                                     scorers=(CHAIR,)))
    assert [row["info"]["pg"] for row in rows] == [0, 1]
