"""The collections read back through Pydantic models (privacy, panels, scoring, clients...):
a model silently ignores a member it does not declare, so what the validators know, and what a
purge leaves on a legal hold, is held to the models here (tests/shapes.py)."""

from __future__ import annotations

from datetime import timedelta

import httpx
from bson import ObjectId
from pydantic import BaseModel

from app.clock import ManualClock
from app.db import Mongo
from app.models.integrations import ClientDoc
from app.models.integrations_cast import CastImportDoc
from app.models.integrations_matches import TalentPoolDoc
from app.models.panels import ConflictDeclarationDoc, PanelDoc
from app.models.privacy import LegalHoldDoc, PrivacyRequestDoc, RetentionRunDoc
from app.models.reports import PanelReportDoc
from app.models.scoring import ScorecardDoc, ScoringGridDoc
from tests.privacy.helpers import closed_call_with_everyone
from tests.privacy.test_legal_holds import DPO, _hold, _purge
from tests.shapes import model_members, undeclared, validator

READ_AS_MODELS: list[tuple[str, type[BaseModel]]] = [
    ("clients", ClientDoc), ("cast_imports", CastImportDoc), ("talent_pool", TalentPoolDoc),
    ("conflict_declarations", ConflictDeclarationDoc), ("panels", PanelDoc),
    ("legal_holds", LegalHoldDoc), ("privacy_requests", PrivacyRequestDoc),
    ("retention_runs", RetentionRunDoc), ("panel_reports", PanelReportDoc),
    ("scorecards", ScorecardDoc), ("scoring_grids", ScoringGridDoc)]


async def test_what_each_validator_knows_its_model_declares(mongo: Mongo) -> None:
    for collection, model in READ_AS_MODELS:
        schema = await validator(mongo.db, collection)
        assert set(schema["properties"]) <= model_members(model)[0], collection


async def test_a_lifted_hold_on_an_erased_application_keeps_its_declared_shape(
        client: httpx.AsyncClient, auth, mongo: Mongo, clock: ManualClock) -> None:
    scenario = await closed_call_with_everyone(client, auth, mongo.db, now=clock.now())
    hold = await _hold(client, auth, "application", scenario.people["ana"].application_id)
    lifted = await client.delete(f"/api/v1/legal-holds/{hold['id']}", headers=auth("dpo", **DPO))
    assert lifted.status_code == 200, lifted.text
    clock.advance(timedelta(days=366))
    assert (await _purge(client, auth))["totals"]["applications"] == 2
    stored = await mongo.db.legal_holds.find_one({"_id": ObjectId(hold["id"])})
    assert stored is not None and stored["target_erased"] is True
    assert undeclared(stored, LegalHoldDoc) == set()
    assert LegalHoldDoc.model_validate(stored).target_erased
    for run in await mongo.db.retention_runs.find().to_list():
        assert undeclared(run, RetentionRunDoc) == set()
