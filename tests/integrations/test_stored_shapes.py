"""Webhook endpoints, events and deliveries are read through Pydantic models
(``models/integrations_webhooks.py``), which ignore a member they do not declare: these hold
the stored documents and the validators to the models, as tests/shapes.py does for TypedDicts."""

from __future__ import annotations

import httpx
from pydantic import BaseModel

from app.db import Mongo
from app.models.integrations_webhooks import AttemptDoc, DeliveryDoc, EndpointDoc, EventDoc
from tests.applications.factories import Auth
from tests.integrations.conftest import Receiver
from tests.integrations.helpers import bearer, register_client
from tests.integrations.test_permrep_end_to_end import _run_webhook_job
from tests.integrations.test_webhooks import _endpoint, _submitted_application
from tests.shapes import model_members, undeclared, validator

STORED: list[tuple[str, type[BaseModel]]] = [
    ("webhook_endpoints", EndpointDoc), ("webhook_events", EventDoc),
    ("webhook_deliveries", DeliveryDoc)]


async def test_what_a_delivery_stores_is_what_the_models_declare(
        client: httpx.AsyncClient, auth: Auth, receiver: Receiver, mongo: Mongo) -> None:
    pt = await bearer(client, await register_client(client, auth, country="PT"))
    await _endpoint(client, pt, receiver.url, ["application.submitted"])
    await _submitted_application(client, auth, pt)
    await _run_webhook_job(client, auth)
    assert len(receiver.received) == 1
    for collection, model in STORED:
        found = await mongo.db[collection].find().to_list()
        assert found, collection
        for stored in found:
            assert undeclared(stored, model) == set(), collection
            model.model_validate(stored)
    (delivery,) = await mongo.db.webhook_deliveries.find().to_list()
    (attempt,) = delivery["attempts"]
    assert undeclared(attempt, AttemptDoc) == set()


async def test_the_validators_and_the_models_agree(mongo: Mongo) -> None:
    for collection, model in STORED:
        schema = await validator(mongo.db, collection)
        declared, required = model_members(model)
        assert set(schema["properties"]) <= declared, collection
        # A member with a default may be absent when read; the validator may require it stored.
        assert required <= set(schema["required"]) | {"_id"}, collection
