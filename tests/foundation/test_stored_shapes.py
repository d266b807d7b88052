"""Idempotency records, audit events and subject keys are stored as ``IdempotencyRecordDoc``,
``AuditEventDoc`` and ``SubjectKeyDoc`` declare (app/models/stored_more.py)."""

from __future__ import annotations

from typing import Any

import httpx
from bson import ObjectId

from app.clock import ManualClock
from app.config import Settings
from app.db import Mongo
from app.models.stored_more import AuditEventDoc, IdempotencyRecordDoc, SubjectKeyDoc
from app.security.principal import Principal, Role
from app.services.context import Ctx
from app.services.idempotency import run_once
from tests.applications.factories import candidate, decide, hr, open_call, submitted
from tests.shapes import members, mismatches, validator


async def test_a_record_has_its_declared_shape_in_flight_and_done(
    mongo: Mongo, clock: ManualClock, settings: Settings
) -> None:
    ctx = Ctx(db=mongo.db, clock=clock, settings=settings,
              actor=Principal(sub="pr-be", roles=frozenset({Role.permrep})))
    application_id = ObjectId()
    in_flight: list[dict[str, Any]] = []

    async def produce() -> tuple[int, Any, dict[str, str]]:
        in_flight.extend(await mongo.db.idempotency_keys.find().to_list())
        return 201, {"id": str(application_id), "items": [1, None]}, {"Location": "/x/1"}

    response = await run_once(ctx, key="k1", scope="POST /x", body={"a": 1}, produce=produce,
                              application_of=lambda body: body["id"])
    assert response.status_code == 201
    (claimed,) = in_flight
    assert claimed["state"] == "in_flight"
    assert mismatches(claimed, IdempotencyRecordDoc) == []
    (done,) = await mongo.db.idempotency_keys.find().to_list()
    assert done["state"] == "done" and done["application_id"] == application_id
    assert mismatches(done, IdempotencyRecordDoc) == []


async def test_audit_events_and_subject_keys_have_their_declared_shape(
    client: httpx.AsyncClient, auth, mongo: Mongo
) -> None:
    """Events written alone, in a list, with a first application's new keys, with a status
    change, and the DPO's own reading of the trail."""
    call = await open_call(client, auth, kind="ca")
    sent = await submitted(client, candidate(auth, "cand-shape"), call["id"])
    assert (await decide(client, hr(auth), sent["id"], "eligible")).status_code == 200
    assert (await client.get("/api/v1/applications", headers=hr(auth))).status_code == 200
    assert (await client.get(f"/api/v1/applications/{sent['id']}",
                             headers=candidate(auth, "cand-shape"))).status_code == 200
    assert (await client.get("/api/v1/audit-events", headers=auth("dpo"))).status_code == 200
    events = await mongo.db.audit_events.find().to_list()
    assert {(e["action"], e["resource"]) for e in events} >= {
        ("create", "application"), ("submit", "application"), ("decide", "application"),
        ("read", "application"), ("read", "audit_events")}
    assert [m for e in events for m in mismatches(e, AuditEventDoc)] == []
    keys = await mongo.db.subject_keys.find().to_list()
    assert keys and [m for k in keys for m in mismatches(k, SubjectKeyDoc)] == []


async def test_the_validators_and_the_types_agree(mongo: Mongo) -> None:
    for collection, shape in [("idempotency_keys", IdempotencyRecordDoc),
                              ("audit_events", AuditEventDoc), ("subject_keys", SubjectKeyDoc)]:
        schema = await validator(mongo.db, collection)
        declared, required = members(shape)
        assert set(schema["properties"]) <= declared, collection
        assert set(schema["required"]) <= required, collection
