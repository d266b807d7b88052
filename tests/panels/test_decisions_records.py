"""What a decision from the ranking owes, written with it: the Permanent Representation's
webhook event, the candidate's notification, the audit event — all of them or none."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from bson import ObjectId
from pydantic import SecretStr
from standardwebhooks.webhooks import Webhook

from app.clock import ManualClock
from app.config import Settings
from app.db import Mongo
from app.errors import PreconditionFailed
from app.models.panels import Stage
from app.models.ranking import PanelDecisionIn
from app.security.principal import Principal, Role
from app.services.context import Ctx
from app.services.panels import decisions
from tests.applications.factories import Auth, decide, hr, open_call, permrep, submitted
from tests.integrations.conftest import Receiver, receiver  # noqa: F401 - the fixture
from tests.integrations.test_permrep_end_to_end import _run_webhook_job
from tests.panels.conftest import TEST_SPECIAL_KEY
from tests.panels.helpers import candidate_profile, declare, panel, put_panel
from tests.panels.panel_table import INTERVIEW_GRID, PRESELECTION_GRID
from tests.panels.scenario import SCORERS

REASON = "Ranking of the panel, 12 March."
# (experience, motivation) at preselection, (expertise, motivation) at the interview, per
# application: 0 is selected, 1 reserve, 2 fails the interview, 3 fails the preselection.
PRESELECTION_SCORES = [(5, 5), (4, 4), (3, 5), (1, 1)]
INTERVIEW_SCORES = {0: (9, 9), 1: (7, 7), 2: (3, 3)}
FAILURE = {"configureFailPoint": "failCommand", "mode": {"times": 1},
           "data": {"failCommands": ["bulkWrite", "insert"], "errorCode": 2}}


@pytest.fixture
def settings(base_settings: Settings) -> Settings:
    return base_settings.model_copy(update={"special_data_key": SecretStr(TEST_SPECIAL_KEY),
                                            "webhook_allow_loopback": True})


async def _scorecards(client: httpx.AsyncClient, auth: Auth, application_id: str, stage: str,
                      scores: dict[str, int]) -> None:
    for sub in SCORERS:
        response = await client.put(
            f"/api/v1/applications/{application_id}/scorecard?stage={stage}",
            json={"scores": scores, "status": "submitted"}, headers=panel(auth, sub))
        assert response.status_code == 200, response.text


async def _sne_panel(client: httpx.AsyncClient, auth: Auth) -> tuple[str, list[str]]:
    """An SNE call with four applications the Portuguese PermRep submitted, put before the
    panel and scored at preselection."""
    call = await open_call(client, auth, kind="sne")
    ids = []
    for index, _ in enumerate(PRESELECTION_SCORES):
        application = await submitted(client, permrep(auth), call["id"],
                                      profile=candidate_profile(index))
        response = await decide(client, hr(auth), application["id"], "preselected")
        assert response.status_code == 200, response.text
        ids.append(str(application["id"]))
    assert (await put_panel(client, auth, call["id"])).status_code == 200
    response = await client.put(f"/api/v1/calls/{call['id']}/scoring-grid",
                                json={"stages": [PRESELECTION_GRID, INTERVIEW_GRID]},
                                headers=hr(auth))
    assert response.status_code == 200, response.text
    for application_id, (experience, motivation) in zip(ids, PRESELECTION_SCORES, strict=True):
        for sub in SCORERS:
            assert (await declare(client, auth, sub, application_id)).status_code == 201
        await _scorecards(client, auth, application_id, "preselection",
                          {"experience": experience, "motivation": motivation})
    return str(call["id"]), ids


async def _score_interviews(client: httpx.AsyncClient, auth: Auth, ids: list[str]) -> None:
    for index, (expertise, motivation) in INTERVIEW_SCORES.items():
        await _scorecards(client, auth, ids[index], "interview",
                          {"expertise": expertise, "motivation": motivation})


async def _decide(client: httpx.AsyncClient, auth: Auth, call_id: str, stage: str,
                  **body: object) -> httpx.Response:
    return await client.post(f"/api/v1/calls/{call_id}/ranking/decisions?stage={stage}",
                             json={"reason": REASON, **body}, headers=hr(auth))


async def _statuses(mongo: Mongo, ids: list[str]) -> list[str]:
    found = {str(d["_id"]): d["status"] async for d in mongo.db.applications.find(
        {"_id": {"$in": [ObjectId(i) for i in ids]}}, {"status": 1})}
    return [found[i] for i in ids]


async def _panel_records(mongo: Mongo) -> dict[str, Any]:
    """What the panel's decisions left behind: audit events, webhook events, notifications."""
    audit = [(e["resource_id"], e["detail"]) async for e in mongo.db.audit_events.find(
        {"action": "decide", "detail": {"$regex": "panel"}})]
    webhooks = [(e["data"]["application_id"], e["data"]["status"], e["data"]["previous_status"])
                async for e in mongo.db.webhook_events.find(
                    {"type": "application.status_changed",
                     "data.status": {"$in": ["not_selected", "selected", "reserve"]}})]
    return {
        "audit": sorted(audit),
        "webhooks": sorted(webhooks),
        "outbox": await mongo.db.outbox.count_documents({"template": "selected"}),
    }


async def test_a_permrep_is_told_of_the_panels_decisions_on_its_candidates(
        client: httpx.AsyncClient, auth: Auth, receiver: Receiver) -> None:  # noqa: F811
    pr = permrep(auth)
    endpoint = await client.post("/api/v1/webhooks/endpoints", headers=pr, json={
        "url": receiver.url, "events": ["application.status_changed"]})
    assert endpoint.status_code == 201, endpoint.text
    secret = endpoint.json()["secret"]
    call_id, ids = await _sne_panel(client, auth)
    await _run_webhook_job(client, auth)
    assert len(receiver.received) == 4  # the single decisions that put them before the panel
    receiver.received.clear()

    preselection = await _decide(client, auth, call_id, "preselection")
    assert preselection.status_code == 200, preselection.text
    await _score_interviews(client, auth, ids)
    interview = await _decide(client, auth, call_id, "interview", places=1)
    assert interview.status_code == 200, interview.text
    assert interview.json()["notified"] == 1
    await _run_webhook_job(client, auth)

    told = sorted((p["data"]["application_id"], p["data"]["status"],
                   p["data"]["previous_status"], p["data"]["call_id"], p["type"])
                  for p in (Webhook(secret).verify(r.body, r.headers)
                            for r in receiver.received))
    # One event per application and decision: the status it reached, and the one it had
    # before the decision (the PermRep never heard of the "interviewed" passed through).
    assert told == sorted([
        (ids[3], "not_selected", "preselected", call_id, "application.status_changed"),
        (ids[0], "selected", "preselected", call_id, "application.status_changed"),
        (ids[1], "reserve", "preselected", call_id, "application.status_changed"),
        (ids[2], "not_selected", "preselected", call_id, "application.status_changed")])


async def test_a_decision_that_cannot_be_written_leaves_nothing_half_written(
        client: httpx.AsyncClient, auth: Auth, mongo: Mongo) -> None:
    """The statuses, the audit events, the webhook events and the notifications of a stage
    commit together: a failed write leaves none of them, and the retry writes all of them."""
    call_id, ids = await _sne_panel(client, auth)
    nothing = await _panel_records(mongo)
    assert nothing == {"audit": [], "webhooks": [], "outbox": 0}

    for stage, body in (("preselection", {}), ("interview", {"places": 1})):
        if stage == "interview":
            await _score_interviews(client, auth, ids)
        before = (await _statuses(mongo, ids), await _panel_records(mongo))
        await mongo.client.admin.command(FAILURE)
        try:
            failed = await _decide(client, auth, call_id, stage, **body)
        finally:
            await mongo.client.admin.command({"configureFailPoint": "failCommand",
                                              "mode": "off"})
        assert failed.status_code == 500, failed.text
        assert (await _statuses(mongo, ids), await _panel_records(mongo)) == before
        retried = await _decide(client, auth, call_id, stage, **body)
        assert retried.status_code == 200, retried.text

    assert await _statuses(mongo, ids) == ["selected", "reserve", "not_selected",
                                           "not_selected"]
    records = await _panel_records(mongo)
    assert records["audit"] == sorted([
        (ids[3], "preselected->not_selected (panel preselection)"),
        (ids[0], "preselected->selected (panel interview)"),
        (ids[1], "preselected->reserve (panel interview)"),
        (ids[2], "preselected->not_selected (panel interview)")])
    assert records["webhooks"] == sorted([
        (ids[3], "not_selected", "preselected"), (ids[0], "selected", "preselected"),
        (ids[1], "reserve", "preselected"), (ids[2], "not_selected", "preselected")])
    assert records["outbox"] == 1


async def test_an_application_changed_after_planning_fails_the_decision_whole(
        client: httpx.AsyncClient, auth: Auth, mongo: Mongo, clock: ManualClock,
        settings: Settings) -> None:
    """Planned, then one of the applications is decided on its own: writing the plan is a 412
    and writes nothing, so the unit runs the decision again on what is stored now."""
    call_id, ids = await _sne_panel(client, auth)
    staff = Ctx(db=mongo.db, clock=clock, settings=settings,
                actor=Principal(sub="hr-1", roles=frozenset({Role.hr}), unit="CNECT"))
    prepared = await decisions.prepare(staff, call_id=call_id, stage=Stage.preselection,
                                       payload=PanelDecisionIn(reason=REASON))
    assert [line.application_id for line in prepared.result.changed] == [ids[3]]
    moved_aside = await decide(client, hr(auth), ids[3], "interviewed")
    assert moved_aside.status_code == 200, moved_aside.text
    before = (await _statuses(mongo, ids), await _panel_records(mongo))

    with pytest.raises(PreconditionFailed):
        await decisions.store(staff, prepared)
    assert (await _statuses(mongo, ids), await _panel_records(mongo)) == before
    assert await _statuses(mongo, ids) == ["preselected"] * 3 + ["interviewed"]

    again = await _decide(client, auth, call_id, "preselection")
    assert again.status_code == 200, again.text
    assert again.json()["changed"] == [{"application_id": ids[3], "from_status": "interviewed",
                                        "to_status": "not_selected"}]
