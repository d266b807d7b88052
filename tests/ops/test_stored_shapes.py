"""Notification messages are stored as ``OutboxMessageDoc`` declares (app/models/stored_more.py)
at each step of their life: queued, failed, dead-lettered, requeued, delivered; and the jobs'
records as ``JobStatusDoc`` does."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import httpx

from app.clock import ManualClock
from app.db import Mongo
from app.models.stored_more import JobStatusDoc, OutboxMessageDoc
from app.repositories import jobs as jobs_repo
from app.services.applications.notifications import MAX_ATTEMPTS
from tests.applications.factories import candidate, decide, hr, open_call, submitted
from tests.ops.test_outbox import DEAD, RUN, _closed_port
from tests.shapes import members, mismatches, validator


async def _message(mongo: Mongo) -> dict[str, Any]:
    (message,) = await mongo.db.outbox.find().to_list()
    assert mismatches(message, OutboxMessageDoc) == []
    return message


async def test_a_message_has_its_declared_shape_at_every_step_of_its_life(
    app: Any, client: httpx.AsyncClient, auth, clock: ManualClock, mongo: Mongo
) -> None:
    call = await open_call(client, auth, kind="ca")
    application = await submitted(client, candidate(auth, "c-shape"), call["id"])
    response = await decide(client, hr(auth), application["id"], "preselected")
    assert response.status_code == 200, response.text
    queued = await _message(mongo)
    assert queued["template"] == "invited_to_interview" and queued["attempts"] == 0

    admin = auth("admin")
    smtp_host = app.state.settings.smtp_host
    app.state.settings = app.state.settings.model_copy(  # the relay is down
        update={"smtp_host": "127.0.0.1", "smtp_port": _closed_port()})
    for _ in range(MAX_ATTEMPTS):
        assert (await client.post(RUN, headers=admin)).json()["counts"]["failed"] == 1
        failed = await _message(mongo)
        assert failed["last_error"] == "ConnectionRefusedError"
        clock.advance(timedelta(hours=1))
    assert failed["dead_at"] is not None

    app.state.settings = app.state.settings.model_copy(update={"smtp_host": smtp_host})
    requeued = await client.post(f"{DEAD}/{failed['_id']}/requeue", headers=admin)
    assert requeued.status_code == 204
    assert (await _message(mongo))["dead_at"] is None
    assert (await client.post(RUN, headers=admin)).json()["counts"]["delivered"] == 1
    assert (await _message(mongo))["delivered_at"] is not None
    (job,) = await mongo.db.job_status.find().to_list()
    assert job["_id"] == "deliver_outbox" and job["runs"] == MAX_ATTEMPTS + 1
    assert mismatches(job, JobStatusDoc) == []


async def test_a_job_that_never_finished_has_its_declared_shape(
    client: httpx.AsyncClient, auth, mongo: Mongo, clock: ManualClock
) -> None:
    await jobs_repo.mark_started(mongo.db, name="close_calls", owner="replica-1",
                                 now=clock.now())
    (job,) = await mongo.db.job_status.find().to_list()
    assert mismatches(job, JobStatusDoc) == []
    listed = await client.get("/api/v1/admin/jobs", headers=auth("admin"))
    shown = next(j for j in listed.json()["items"] if j["name"] == "close_calls")
    assert shown["running"] is True and shown["runs"] == 0 and shown["last_status"] is None


async def test_the_validator_and_the_type_agree(mongo: Mongo) -> None:
    """What the validators know is declared; what they require is required."""
    for collection, shape in [("outbox", OutboxMessageDoc), ("job_status", JobStatusDoc)]:
        schema = await validator(mongo.db, collection)
        declared, required = members(shape)
        assert set(schema["properties"]) <= declared, collection
        assert set(schema["required"]) <= required, collection
