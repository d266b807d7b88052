"""Scoring grids and scorecards: weighted numeric criteria, one scorecard per member and stage."""

from __future__ import annotations

import math
from datetime import datetime
from enum import StrEnum
from typing import Annotated

from bson import ObjectId
from pydantic import ConfigDict, Field, model_validator
from pydantic.config import JsonDict

from app.models.common import ApiModel, Id, InputModel, ShortText, StoredModel
from app.models.panels import Stage

CriterionId = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]{0,39}$",
                                   description="Stable id, e.g. `experience`.")]
DEFAULT_SPREAD_THRESHOLD = 20.0


class ScoringCriterion(InputModel):
    """One thing the panel scores, on its own scale and weight."""

    id: CriterionId
    label: ShortText = Field(description="What the panel assesses.")
    description: Annotated[str, Field(max_length=2000)] | None = Field(
        default=None, description="Guidance for the panel; null when none.")
    weight: float = Field(gt=0, le=100, description="Relative weight in the weighted total "
                                                     "(weights need not add up to 100).")
    scale_min: float = Field(default=0, ge=-100, le=100, description="Lowest score on the scale.")
    scale_max: float = Field(default=5, ge=-100, le=100, description="Highest score on the scale.")
    step: float = Field(default=1, gt=0, le=100, description="Scores are min + k × step.")
    knockout_min: float | None = Field(
        default=None, description="If the panel's mean on this criterion is below it, the "
                                  "application fails whatever its total; null: no "
                                  "knock-out.")

    @model_validator(mode="after")
    def _scale(self) -> ScoringCriterion:
        if self.scale_max <= self.scale_min:
            raise ValueError("scale_max must be above scale_min")
        if not on_step(self.scale_max, self.scale_min, self.step):
            raise ValueError("scale_max must be scale_min plus a whole number of steps")
        if self.knockout_min is not None and not (
                self.scale_min <= self.knockout_min <= self.scale_max):
            raise ValueError("knockout_min must lie on the scale")
        return self


def on_step(value: float, start: float, step: float) -> bool:
    """True when ``value`` is ``start`` plus a whole number of ``step`` (float-tolerant)."""
    steps = (value - start) / step
    if not math.isfinite(steps):  # a step so small the count overflows: no whole number
        return False
    return abs(steps - round(steps)) < 1e-9


class StageGrid(InputModel):
    """The scoring grid of one assessment stage."""

    stage: Stage = Field(description="The assessment stage this grid is for.")
    criteria: list[ScoringCriterion] = Field(min_length=1, max_length=20,
                                      description="What the panel scores, each on its scale.")
    pass_threshold: float = Field(ge=0, le=100, description="Weighted total (0–100) to pass.")
    spread_threshold: float = Field(
        default=DEFAULT_SPREAD_THRESHOLD, ge=0, le=100,
        description="Flag an application to discuss when its members' totals differ by "
                    "more than this many points (max − min).")

    @model_validator(mode="after")
    def _unique_ids(self) -> StageGrid:
        ids = [c.id for c in self.criteria]
        if len(ids) != len(set(ids)):
            raise ValueError("criterion ids must be unique within a stage")
        return self


class ScoringGridIn(InputModel):
    """The grid of one or both stages; a stage left out keeps its stored grid."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"stages": [{
        "stage": "preselection", "pass_threshold": 60, "spread_threshold": 20,
        "criteria": [
            {"id": "experience", "label": "Relevant professional experience", "weight": 3,
             "scale_min": 0, "scale_max": 5, "step": 1, "knockout_min": 2},
            {"id": "languages", "label": "Languages beyond the minimum", "weight": 1,
             "scale_min": 0, "scale_max": 5, "step": 0.5},
        ]}]}]})

    stages: list[StageGrid] = Field(min_length=1, max_length=2,
                                    description="One grid per stage given.")

    @model_validator(mode="after")
    def _stages_once(self) -> ScoringGridIn:
        names = [s.stage for s in self.stages]
        if len(names) != len(set(names)):
            raise ValueError("each stage at most once")
        return self


class ScoringGridDoc(StoredModel):
    """A ``scoring_grids`` record: one per call."""

    id: ObjectId = Field(alias="_id")
    call_id: ObjectId
    stages: list[StageGrid]
    frozen_stages: list[Stage] = Field(default_factory=list)
    derived: bool = False
    version: int = 1
    updated_at: datetime

    def stage(self, stage: Stage) -> StageGrid | None:
        return next((s for s in self.stages if s.stage == stage), None)


_PRESELECTION_GRID: JsonDict = {
    "stage": "preselection", "pass_threshold": 60.0, "spread_threshold": 20.0,
    "criteria": [
        {"id": "experience", "label": "Relevant professional experience",
         "description": "Experience in AI policy or digital regulation beyond the 3 years "
                        "required.", "weight": 3.0, "scale_min": 0.0, "scale_max": 5.0,
         "step": 1.0, "knockout_min": 2.0},
        {"id": "languages", "label": "Languages beyond the minimum", "description": None,
         "weight": 1.0, "scale_min": 0.0, "scale_max": 5.0, "step": 0.5,
         "knockout_min": None}]}


class ScoringGridRead(ApiModel):
    """A call's scoring grid, stage by stage."""

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "call_id": "6650f1c2a9e4b1d2c3f4a5b6", "stages": [_PRESELECTION_GRID],
        "frozen_stages": ["preselection"], "derived": False, "version": 2}]})

    call_id: Id = Field(description="The call the grid is for.")
    stages: list[StageGrid] = Field(description="The grid of each stage.")
    frozen_stages: list[Stage] = Field(
        description="Stages with a submitted scorecard: their grid no longer changes.")
    derived: bool = Field(description="True while the grid is the default one, derived from "
                                      "the call's selection criteria and never saved.")
    version: int = Field(description="Bumped on every change; also the ETag (0: derived).")

    @classmethod
    def of(cls, doc: ScoringGridDoc) -> ScoringGridRead:
        return cls(call_id=str(doc.call_id), stages=doc.stages, frozen_stages=doc.frozen_stages,
                   derived=doc.derived, version=doc.version)


class ScorecardStatus(StrEnum):
    draft = "draft"
    submitted = "submitted"


class ScorecardIn(InputModel):
    """The caller's own scores for one application at one stage."""

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "scores": {"experience": 4, "languages": 3.5},
        "comment": "Strong on AI governance; little management experience.",
        "status": "submitted"}]})

    scores: dict[CriterionId, float] = Field(
        max_length=20, description="Criterion id → score on that criterion's scale.")
    comment: Annotated[str, Field(max_length=5000)] | None = Field(
        default=None, description="Free comment; never shown to the candidate.")
    status: ScorecardStatus = Field(
        default=ScorecardStatus.draft,
        description="`submitted` needs every criterion and makes the scorecard immutable.")


class ScorecardDoc(StoredModel):
    """A ``scorecards`` record: one per (application, stage, member)."""

    id: ObjectId = Field(alias="_id")
    call_id: ObjectId
    application_id: ObjectId
    stage: Stage
    member_sub: str
    scores: dict[str, float]
    comment: str | None = None
    status: ScorecardStatus
    weighted_total: float | None = None
    created_at: datetime
    updated_at: datetime
    submitted_at: datetime | None = None


_SCORECARD_EXAMPLE: JsonDict = {
    "application_id": "6650f0a9a4e8b31d9c0e4f1a", "stage": "preselection",
    "member_sub": "panel-emil", "scores": {"experience": 4.0, "languages": 3.5},
    "comment": "Strong on AI governance; little management experience.",
    "status": "submitted", "weighted_total": 77.5, "updated_at": "2024-06-01T09:30:00Z",
    "submitted_at": "2024-06-01T09:30:00Z"}


class ScorecardRead(ApiModel):
    """One member's scorecard for one application at one stage."""

    model_config = ConfigDict(json_schema_extra={"examples": [_SCORECARD_EXAMPLE]})

    application_id: Id = Field(description="The application scored.")
    stage: Stage = Field(description="The assessment stage.")
    member_sub: str = Field(description="Whose scorecard: the member's token subject.")
    scores: dict[str, float] = Field(description="Criterion id → score on that criterion's "
                                                 "scale; a draft may lack some.")
    comment: str | None = Field(default=None, description="The member's comment; null when "
                                                          "none was written.")
    status: ScorecardStatus = Field(description="`draft` or `submitted` (then immutable).")
    weighted_total: float | None = Field(
        default=None, description="0–100, once submitted; null for a draft.")
    updated_at: datetime = Field(description="Last change (UTC).")
    submitted_at: datetime | None = Field(default=None, description="When it was submitted "
                                                                    "(UTC); null for a draft.")

    @classmethod
    def of(cls, doc: ScorecardDoc) -> ScorecardRead:
        return cls(application_id=str(doc.application_id), stage=doc.stage,
                   member_sub=doc.member_sub, scores=doc.scores, comment=doc.comment,
                   status=doc.status, weighted_total=doc.weighted_total,
                   updated_at=doc.updated_at, submitted_at=doc.submitted_at)


class ScorecardList(ApiModel):
    """The scorecards of one application at one stage that the caller may see."""

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "items": [_SCORECARD_EXAMPLE,
                  {**_SCORECARD_EXAMPLE, "member_sub": "panel-dora",
                   "scores": {"experience": 5.0, "languages": 3.0},
                   "comment": "Led the national AI strategy's consultation.",
                   "weighted_total": 90.0}],
        "others_hidden": False}]})

    items: list[ScorecardRead] = Field(
        description="Your own scorecard, and others' once you submitted yours or the chair "
                    "opened consolidation.")
    others_hidden: bool = Field(description="True when other members' scorecards exist but "
                                            "are hidden from you for now.")
