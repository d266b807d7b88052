"""Decisions: the transition matrix, the history, and notifications only for the next step."""

from __future__ import annotations

import logging

import httpx
import pytest

from app.db import Mongo
from app.jobs import registry
from app.services.applications.rules import TRANSITIONS
from tests.applications.factories import candidate, decide, hr, open_call, submitted

ALL = ["draft", "submitted", "eligible", "ineligible", "preselected", "interviewed", "selected",
       "reserve", "not_selected", "withdrawn"]
PATHS = {  # a legal route from submitted to each status
    "submitted": [],
    "eligible": ["eligible"],
    "ineligible": ["ineligible"],
    "preselected": ["preselected"],
    "interviewed": ["preselected", "interviewed"],
    "selected": ["preselected", "interviewed", "selected"],
    "reserve": ["eligible", "reserve"],
    "not_selected": ["not_selected"],
}


async def _at(client: httpx.AsyncClient, auth, status: str, sub: str) -> str:
    call = await open_call(client, auth, kind="ca")
    application = await submitted(client, candidate(auth, sub), call["id"])
    for step in PATHS[status]:
        response = await decide(client, hr(auth), application["id"], step)
        assert response.status_code == 200, response.text
    return str(application["id"])


@pytest.mark.parametrize("current", list(PATHS))
async def test_transition_matrix(client: httpx.AsyncClient, auth, current: str) -> None:
    allowed = {s.value for s in TRANSITIONS.get(current, ())}  # type: ignore[call-overload]
    for target in ALL:
        application_id = await _at(client, auth, current, sub=f"c-{current}-{target}")
        response = await decide(client, hr(auth), application_id, target)
        if target in allowed:
            assert response.status_code == 200, (current, target, response.text)
            assert response.json()["status"] == target
        else:
            assert response.status_code in (409, 422), (current, target)
            if response.status_code == 409:
                assert set(response.json()["allowed"]) == allowed


async def test_expected_matrix_from_the_brief() -> None:
    assert {k.value: sorted(v.value for v in vs) for k, vs in TRANSITIONS.items()} == {
        "submitted": sorted(["eligible", "ineligible", "preselected", "not_selected"]),
        "eligible": sorted(["preselected", "not_selected", "reserve"]),
        "preselected": sorted(["interviewed", "not_selected"]),
        "interviewed": sorted(["selected", "reserve", "not_selected"]),
        "reserve": sorted(["selected", "not_selected"]),
    }


async def test_history_records_every_change(client: httpx.AsyncClient, auth) -> None:
    application_id = await _at(client, auth, "interviewed", sub="c-history")
    read = await client.get(f"/api/v1/applications/{application_id}", headers=hr(auth))
    history = read.json()["status_history"]
    assert [(h["from"], h["to"]) for h in history] == [
        ("draft", "submitted"), ("submitted", "preselected"), ("preselected", "interviewed")]
    assert history[1]["by"] == "hr-1"
    assert history[1]["reason"] == "Panel decision"


async def test_recruiters_decide_in_their_unit_subtree_only(
    client: httpx.AsyncClient, auth
) -> None:
    call = await open_call(client, auth, kind="ca", unit="CNECT.A.2")
    application = await submitted(client, candidate(auth), call["id"])
    other_unit = await decide(client, auth("recruiter", sub="r-2", unit="DIGIT"),
                              application["id"], "eligible")
    assert other_unit.status_code == 404
    own = await decide(client, auth("recruiter", sub="r-1", unit="CNECT.A"),
                       application["id"], "eligible")
    assert own.status_code == 200
    by_candidate = await decide(client, candidate(auth), application["id"], "selected")
    assert by_candidate.status_code == 403


async def test_outbox_only_for_preselected_and_selected(
    client: httpx.AsyncClient, auth, mongo: Mongo
) -> None:
    quiet = await _at(client, auth, "reserve", sub="c-quiet")
    quiet_rejected = await _at(client, auth, "not_selected", sub="c-no")
    assert await mongo.db.outbox.count_documents({}) == 0
    assert quiet and quiet_rejected

    chosen = await _at(client, auth, "selected", sub="c-yes")
    messages = await mongo.db.outbox.find({}).sort("_id", 1).to_list()
    assert [m["template"] for m in messages] == ["invited_to_interview", "selected"]
    assert all(str(m["application_id"]) == chosen for m in messages)
    # The address is read at delivery time: no copy of it sits in the outbox.
    assert all("example.org" not in str(m) for m in messages)


async def test_delivery_job_delivers_once_and_logs_ids_only(
    client: httpx.AsyncClient, auth, mongo: Mongo, caplog: pytest.LogCaptureFixture
) -> None:
    await _at(client, auth, "preselected", sub="c-deliver")
    admin = auth("admin")
    assert registry.by_name("deliver_outbox") is not None
    with caplog.at_level(logging.INFO, logger="app.notifications"):
        first = await client.post("/api/v1/admin/jobs/deliver_outbox/run", headers=admin)
    assert first.json()["counts"] == {"delivered": 1, "failed": 0}
    message = await mongo.db.outbox.find_one({})
    assert message is not None and message["delivered_at"] is not None
    logged = [r for r in caplog.records if r.getMessage() ==
              "notification delivered via log transport"]
    assert len(logged) == 1
    assert logged[0].outbox_id == str(message["_id"])
    assert "ana@example.org" not in caplog.text

    again = await client.post("/api/v1/admin/jobs/deliver_outbox/run", headers=admin)
    assert again.json()["counts"] == {"delivered": 0, "failed": 0}


async def test_delivery_without_a_recipient_fails_and_is_retried_later(
    client: httpx.AsyncClient, auth, mongo: Mongo
) -> None:
    application_id = await _at(client, auth, "preselected", sub="c-gone")
    from bson import ObjectId
    await mongo.db.applications.delete_one({"_id": ObjectId(application_id)})
    run = await client.post("/api/v1/admin/jobs/deliver_outbox/run", headers=auth("admin"))
    assert run.json()["counts"] == {"delivered": 0, "failed": 1}
    message = await mongo.db.outbox.find_one({})
    assert message is not None
    assert message["last_error"] == "Undeliverable" and message["delivered_at"] is None
    assert message["attempts"] == 1


async def test_delivery_by_smtp_reads_the_address_at_delivery_time(
    app, client: httpx.AsyncClient, auth, mongo: Mongo
) -> None:
    from tests.applications.smtp import SmtpSink

    sink = await SmtpSink().start()
    try:
        app.state.settings = app.state.settings.model_copy(
            update={"smtp_host": "127.0.0.1", "smtp_port": sink.port})
        await _at(client, auth, "preselected", sub="c-smtp")
        run = await client.post("/api/v1/admin/jobs/deliver_outbox/run", headers=auth("admin"))
        assert run.json()["counts"] == {"delivered": 1, "failed": 0}
    finally:
        await sink.stop()
    assert len(sink.messages) == 1
    recipients, body = sink.messages[0]
    assert recipients == ["ana@example.org"]
    assert b"invites you to an interview" in body
