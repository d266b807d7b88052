"""The consolidated ranking of a stage, and the panel's agreement statistics."""

from __future__ import annotations

from typing import Annotated

from pydantic import ConfigDict, Field

from app.models.common import ApiModel, Id, InputModel
from app.models.panels import Stage


class MemberTotal(ApiModel):
    member_sub: str = Field(description="The scoring member.")
    name: str | None = Field(default=None, description="The member's display name.")
    total: float = Field(description="The member's weighted total, 0–100.")


class RankingRow(ApiModel):
    application_id: Id
    candidate: str | None = Field(default=None, description="The candidate's name.")
    status: str = Field(description="The application's status now.")
    priority_group: bool | None = Field(
        default=None, description="TA calls: in the Article 29 priority group (ranked first).")
    members: list[MemberTotal] = Field(description="Each scorer's weighted total.")
    mean: float | None = Field(default=None, description="Mean of the members' totals.")
    median: float | None = Field(default=None, description="Median of the members' totals.")
    scorers: int = Field(description="Members who submitted a scorecard.")
    abstentions: int = Field(description="Scoring members who declared a conflict.")
    spread: float | None = Field(default=None, description="Highest minus lowest total.")
    std_dev: float | None = Field(
        default=None, description="Population standard deviation of the totals.")
    discuss: bool = Field(description="The spread exceeds the stage's spread threshold.")
    knockout_failures: list[str] = Field(
        description="Criteria whose mean score is below their knock-out minimum.")
    passed: bool = Field(description="Mean ≥ pass threshold and no knock-out failure.")
    rank: int | None = Field(
        default=None, description="1 = best; equal totals share a rank (1, 1, 3); null "
                                  "while nobody has scored.")


class RankingPage(ApiModel):
    call_id: Id
    stage: Stage = Field(description="The assessment stage ranked.")
    pass_threshold: float = Field(description="The stage's pass threshold (0–100).")
    spread_threshold: float = Field(description="Spread beyond which a row is flagged.")
    items: list[RankingRow] = Field(description="Best first.")
    next_cursor: str | None = Field(default=None, description="Pass as `cursor` for more.")


class Agreement(ApiModel):
    """How far the panel members agree in a stage's scores (inter-rater reliability)."""

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "stage": "preselection", "applications": 12, "scorers": 3,
        "krippendorff_alpha": 0.81, "icc2k": 0.88, "icc2k_ci95": [0.71, 0.96],
        "note": "alpha 0.81: the members agree well."}]})

    stage: Stage = Field(description="The assessment stage.")
    applications: int = Field(description="Applications with at least one score.")
    scorers: int = Field(description="Scoring members.")
    krippendorff_alpha: float | None = Field(
        default=None, description="Interval alpha over the members' totals (null when there "
                                  "are too few scores, or none vary); missing scores "
                                  "(abstentions) allowed. Below 0.667: treat the ranking with "
                                  "caution; 0.8 and above: good agreement.")
    icc2k: float | None = Field(
        default=None, description="ICC(2,k): reliability of the panel's mean score; only when "
                                  "every member scored every application.")
    icc2k_ci95: tuple[float, float] | None = Field(
        default=None, description="95 % confidence interval of ICC(2,k).")
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
    application_id: Id
    from_status: str = Field(description="Status before the decision.")
    to_status: str = Field(description="Status after it.")


class PanelDecisionResult(ApiModel):
    stage: Stage = Field(description="The stage decided.")
    changed: list[PanelDecisionLine] = Field(description="Applications whose status changed.")
    unchanged: int = Field(description="Applications already where the ranking puts them "
                                       "(repeating the action changes nothing).")
    notified: int = Field(description="Candidates told they go on (selected for the next "
                                      "step); nobody else is notified.")
