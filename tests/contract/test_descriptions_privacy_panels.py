"""The privacy, hand-over, audit, operations and panel schemas describe every field, and their
examples are ones the models accept (an example can never drift from its model)."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import BaseModel

from app.config import Settings
from app.main import create_app
from app.models import audit, handover, outbox, panels, privacy, ranking, reports, scoring
from app.routers.health import Health
from app.services.health import Readiness
from app.services.jobs import JobList, JobRun, JobStatus

# Every schema of this share that the OpenAPI document shows.
MODELS: list[type[BaseModel]] = [
    privacy.RetentionRunRead, privacy.RetentionRunList, privacy.RunCallCounts,
    privacy.LegalHoldCreate, privacy.LegalHoldRead, privacy.LegalHoldList,
    privacy.DataExport, privacy.ExportApplication, privacy.ExportDecision,
    privacy.ExportDocument, privacy.PrivacyRequestCreate, privacy.PrivacyRequestAnswer,
    privacy.PrivacyRequestRead, privacy.PrivacyRequestList,
    handover.Handover, handover.HandoverCall, handover.HandoverApplication,
    handover.HandoverDecision, handover.HandoverDocument, handover.HandoverConfirm,
    handover.HandoverResult,
    audit.AuditEventRead, audit.AuditEventList,
    outbox.DeadLetterRead, outbox.DeadLetterList,
    reports.PanelReportRead,
    panels.PanelIn, panels.PanelMemberIn, panels.PanelMember, panels.PanelRead,
    panels.ConflictDeclarationIn, panels.ConflictDeclarationRead,
    panels.ConflictDeclarationList, panels.ConflictCheck, panels.EmployerLine,
    panels.PanelApplication, panels.PanelApplicationList,
    ranking.RankingPage, ranking.RankingRow, ranking.MemberTotal, ranking.Agreement,
    ranking.PanelDecisionIn, ranking.PanelDecisionLine, ranking.PanelDecisionResult,
    scoring.ScoringGridIn, scoring.ScoringGridRead, scoring.StageGrid, scoring.ScoringCriterion,
    scoring.ScorecardIn, scoring.ScorecardRead, scoring.ScorecardList,
    JobStatus, JobList, JobRun, Readiness, Health,
]

# Request and response bodies of this share: each shows a client at least one example.
BODIES: list[type[BaseModel]] = [
    privacy.RetentionRunRead, privacy.RetentionRunList, privacy.LegalHoldCreate,
    privacy.LegalHoldRead, privacy.LegalHoldList, privacy.DataExport,
    privacy.PrivacyRequestCreate, privacy.PrivacyRequestAnswer, privacy.PrivacyRequestRead,
    privacy.PrivacyRequestList,
    handover.Handover, handover.HandoverConfirm, handover.HandoverResult,
    audit.AuditEventList, outbox.DeadLetterList, reports.PanelReportRead,
    panels.PanelIn, panels.PanelRead, panels.ConflictDeclarationIn,
    panels.ConflictDeclarationRead, panels.ConflictDeclarationList, panels.ConflictCheck,
    panels.PanelApplicationList,
    ranking.RankingPage, ranking.Agreement, ranking.PanelDecisionIn,
    ranking.PanelDecisionResult,
    scoring.ScoringGridIn, scoring.ScoringGridRead, scoring.ScorecardIn, scoring.ScorecardRead,
    scoring.ScorecardList,
    JobList, JobRun, Readiness, Health,
]


@pytest.fixture
def schemas(settings: Settings) -> dict[str, Any]:
    components: dict[str, Any] = create_app(settings).openapi()["components"]["schemas"]
    return components


def test_every_field_of_the_share_is_described(schemas: dict[str, Any]) -> None:
    undescribed = {model.__name__: [name for name, field in
                                    schemas[model.__name__]["properties"].items()
                                    if not field.get("description", "").strip()]
                   for model in MODELS}
    assert {name: fields for name, fields in undescribed.items() if fields} == {}


def test_the_generic_page_describes_its_items_and_cursor(schemas: dict[str, Any]) -> None:
    pages = [schema for name, schema in schemas.items() if name.startswith("Page_")]
    assert pages
    for page in pages:
        assert page["properties"]["items"]["description"]
        assert "cursor" in page["properties"]["next_cursor"]["description"]


def test_every_body_of_the_share_has_an_example(schemas: dict[str, Any]) -> None:
    missing = [model.__name__ for model in BODIES
               if not schemas[model.__name__].get("examples")]
    assert missing == []


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model.__name__)
def test_every_example_validates_against_its_model(
    schemas: dict[str, Any], model: type[BaseModel],
) -> None:
    for example in schemas[model.__name__].get("examples", []):
        model.model_validate(example)
