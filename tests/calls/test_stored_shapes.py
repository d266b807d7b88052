"""Calls are stored as ``CallDoc`` declares (app/models/stored.py), whatever their kind and
wherever they are in their life: the type the repository hands to the services."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import httpx
import pytest
from bson import ObjectId

from app.clock import ManualClock
from app.config import Settings
from app.db import Mongo
from app.models.stored import CallDoc
from app.services.demo import seed_demo_data
from tests.calls.helpers import create_call, published_call
from tests.shapes import members, mismatches, validator

UNIT = "CNECT.A.2"  # HR's own DG


async def _stored(mongo: Mongo, call_id: str) -> dict[str, Any]:
    found = await mongo.db.calls.find_one({"_id": ObjectId(call_id)})
    assert found is not None
    return found


@pytest.mark.parametrize("kind", ["sne", "ca", "ta"])
async def test_a_call_has_its_declared_shape_through_its_life(
    client: httpx.AsyncClient, auth, mongo: Mongo, clock: ManualClock, kind: str
) -> None:
    hr = auth("hr", sub="hr-7")
    draft = await create_call(client, hr, notice=kind, unit=UNIT)
    assert mismatches(await _stored(mongo, draft["id"]), CallDoc) == []

    call = await published_call(client, hr, notice=kind, reference=f"SHAPE/{kind}", unit=UNIT)
    clock.advance(timedelta(hours=1))
    corrected = await client.patch(f"/api/v1/calls/{call['id']}", headers={
        **hr, "If-Match": '"v2"'}, json={
        "title": "Corrected", "deadline": {"local": "2027-01-29T12:00"},
        "corrigendum_reason": "Deadline extended."})
    assert corrected.status_code == 200, corrected.text
    started = await client.put(f"/api/v1/calls/{call['id']}/start-date", headers=hr,
                               json={"start_date": "2027-03-01"})
    assert started.status_code == 200, started.text
    closed = await client.post(f"/api/v1/calls/{call['id']}/close", headers=hr)
    assert closed.status_code == 200, closed.text
    stored = await _stored(mongo, call["id"])
    assert mismatches(stored, CallDoc) == []
    assert [step["to"] for step in stored["history"]] == ["published", "closed"]
    assert stored["corrigenda"][0]["fields"] == ["deadline", "title"]

    cancelled = await client.post(f"/api/v1/calls/{draft['id']}/cancel", headers=hr)
    assert cancelled.status_code == 200, cancelled.text
    assert mismatches(await _stored(mongo, draft["id"]), CallDoc) == []


async def test_a_draft_that_changes_kind_keeps_its_declared_shape(
    client: httpx.AsyncClient, auth, mongo: Mongo
) -> None:
    hr = auth("hr", sub="hr-7")
    draft = await create_call(client, hr, notice="sne", unit=UNIT)
    changed = await client.patch(f"/api/v1/calls/{draft['id']}", headers={
        **hr, "If-Match": '"v1"'}, json={"kind": "ta", "open_to": None,
                                         "secondment_type": None, "sysper_post_number": None})
    assert changed.status_code == 200, changed.text
    stored = await _stored(mongo, draft["id"])
    assert stored["kind"] == "ta" and "open_to" not in stored
    assert mismatches(stored, CallDoc) == []


async def test_demo_calls_have_the_declared_shape(
    mongo: Mongo, clock: ManualClock, settings: Settings
) -> None:
    await seed_demo_data(mongo.db, clock=clock, settings=settings)
    calls = await mongo.db.calls.find({}).to_list()
    assert len(calls) == 4
    assert any("demo" in call for call in calls)  # a moved deadline is recorded
    for call in calls:
        assert mismatches(call, CallDoc) == []


async def test_the_validator_and_the_type_agree(mongo: Mongo) -> None:
    """What the collection's validator knows is declared; what it requires is required."""
    schema = await validator(mongo.db, "calls")
    declared, required = members(CallDoc)
    assert set(schema["properties"]) <= declared
    assert set(schema["required"]) <= required
