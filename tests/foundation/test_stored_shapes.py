"""Idempotency records are stored as ``IdempotencyRecordDoc`` declares
(app/models/stored_more.py): claimed in flight, then done with the response to replay."""

from __future__ import annotations

from typing import Any

from bson import ObjectId

from app.clock import ManualClock
from app.config import Settings
from app.db import Mongo
from app.models.stored_more import IdempotencyRecordDoc
from app.security.principal import Principal, Role
from app.services.context import Ctx
from app.services.idempotency import run_once
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


async def test_the_validator_and_the_type_agree(mongo: Mongo) -> None:
    schema = await validator(mongo.db, "idempotency_keys")
    declared, required = members(IdempotencyRecordDoc)
    assert set(schema["properties"]) <= declared
    assert set(schema["required"]) <= required
