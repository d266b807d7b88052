"""The consolidated ranking of a stage, and the panel's agreement statistics."""

from __future__ import annotations

from typing import Annotated

from pydantic import ConfigDict, Field
from pydantic.config import JsonDict

from app.models.common import ApiModel, Id, InputModel
from app.models.panels import Stage


class MemberTotal(ApiModel):
    """One scoring member's weighted total for one application."""

    member_sub: str = Field(description="The scoring member.")
    name: str | None = Field(default=None, description="The member's display name; null if "
                                                       "they have left the panel since.")
    total: float = Field(description="The member's weighted total, 0–100.")


class RankingRow(ApiModel):
    """One application's place in the ranking."""

    application_id: Id = Field(description="The application ranked.")
    candidate: str | None = Field(default=None, description="The candidate's name; null if the "
                                                            "profile has none.")
    status: str = Field(description="The application's status now.")
    priority_group: bool | None = Field(
        default=None, description="TA calls: in the Article 29 priority group (ranked first); "
                                  "null for other calls.")
    members: list[MemberTotal] = Field(description="Each scorer's weighted total.")
    mean: float | None = Field(default=None, description="Mean of the members' totals, 0–100; "
                                                         "null while nobody has scored.")
    median: float | None = Field(default=None, description="Median of the members' totals; "
                                                           "null while nobody has scored.")
    scorers: int = Field(description="Members who submitted a scorecard.")
    abstentions: int = Field(description="Scoring members who declared a conflict.")
    spread: float | None = Field(default=None, description="Highest minus lowest total, in "
                                                           "points; null while nobody has "
                                                           "scored.")
    std_dev: float | None = Field(
        default=None, description="Population standard deviation of the totals; null while "
                                  "nobody has scored.")
    discuss: bool = Field(description="The spread exceeds the stage's spread threshold.")
    knockout_failures: list[str] = Field(
        description="Ids of the criteria whose mean score is below their knock-out minimum.")
    passed: bool = Field(description="Mean ≥ pass threshold and no knock-out failure.")
    rank: int | None = Field(
        default=None, description="1 = best; equal totals share a rank (1, 1, 3); null "
                                  "while nobody has scored.")


_ROW: JsonDict = {
    "application_id": "6650f0a9a4e8b31d9c0e4f1a", "candidate": "Erika Mustermann",
    "status": "preselected", "priority_group": None,
    "members": [{"member_sub": "panel-dora", "name": "Dora Chair", "total": 80.0},
                {"member_sub": "panel-emil", "name": "Emil Member", "total": 70.0}],
    "mean": 75.0, "median": 75.0, "scorers": 2, "abstentions": 1, "spread": 10.0,
    "std_dev": 5.0, "discuss": False, "knockout_failures": [], "passed": True, "rank": 1}


class RankingPage(ApiModel):
    """A page of a stage's consolidated ranking, best first."""

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "call_id": "6650f1c2a9e4b1d2c3f4a5b6", "stage": "preselection", "pass_threshold": 60.0,
        "spread_threshold": 20.0, "items": [_ROW], "next_cursor": None}]})

    call_id: Id = Field(description="The call ranked.")
    stage: Stage = Field(description="The assessment stage ranked.")
    pass_threshold: float = Field(description="The stage's pass threshold (0–100).")
    spread_threshold: float = Field(description="Spread (points, max − min) beyond which a "
                                                "row is flagged `discuss`.")
    items: list[RankingRow] = Field(description="This page's rows, best first.")
    next_cursor: str | None = Field(default=None, description="Pass as `cursor` for more; "
                                                              "null on the last page.")


class Agreement(ApiModel):
    """How far the panel's members agree on a stage."""

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "stage": "preselection", "applications": 12, "scorers": 3, "krippendorff_alpha": 0.81,
        "icc2k": 0.88, "icc2k_ci95": [0.72, 0.96],
        "note": "alpha 0.81: the members agree well."}]})

    stage: Stage = Field(description="The assessment stage.")
    applications: int = Field(description="Applications with at least one score.")
    scorers: int = Field(description="Scoring members.")
    krippendorff_alpha: float | None = Field(
        default=None, description="Interval alpha over the members' totals; missing scores "
                                  "(abstentions) allowed. Below 0.667: treat the ranking with "
                                  "caution; 0.8 and above: good agreement. Null when there "
                                  "are too few scores or no variation at all.")
    icc2k: float | None = Field(
        default=None, description="ICC(2,k): reliability of the panel's mean score; only when "
                                  "every member scored every application, else null.")
    icc2k_ci95: tuple[float, float] | None = Field(
        default=None, description="95 % confidence interval of ICC(2,k), [low, high]; null "
                                  "with it.")
    note: str = Field(description="What the figures mean for this ranking.")


class PanelDecisionIn(InputModel):
    """Decide every application of a stage from its ranking, in one go."""

    model_config = ConfigDict(json_schema_extra={"examples": [
        {"reason": "Panel ranking of 12 March, signed by the chair.", "places": 2}]})

    reason: Annotated[str, Field(min_length=3, max_length=2000)] = Field(
        description="Recorded in each application's history.")
    places: int | None = Field(
        default=None, ge=1, le=1000,
        description="Interview stage: applications that passed and rank within this many "
                    "places are selected (ties at the cut included), the others that passed "
                    "go to the reserve list. Default: every one that passed is selected.")


class PanelDecisionLine(ApiModel):
    """One application whose status the decision changed."""

    application_id: Id = Field(description="The application decided.")
    from_status: str = Field(description="Status before the decision.",
                             examples=["interviewed"])
    to_status: str = Field(description="Status after it: preselected, selected, reserve or "
                                       "not_selected.", examples=["selected"])


class PanelDecisionResult(ApiModel):
    """What deciding a stage from its ranking changed."""

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "stage": "interview",
        "changed": [{"application_id": "6650f0a9a4e8b31d9c0e4f1a",
                     "from_status": "interviewed", "to_status": "selected"},
                    {"application_id": "6650f0b3a4e8b31d9c0e4f1b",
                     "from_status": "interviewed", "to_status": "reserve"}],
        "unchanged": 0, "notified": 1}]})

    stage: Stage = Field(description="The stage decided.")
    changed: list[PanelDecisionLine] = Field(description="Applications whose status changed.")
    unchanged: int = Field(description="Applications already where the ranking puts them "
                                       "(repeating the action changes nothing).")
    notified: int = Field(description="Candidates told they go on (selected for the next "
                                      "step); nobody else is notified.")
