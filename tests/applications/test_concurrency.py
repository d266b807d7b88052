"""Two hundred simultaneous attempts for one candidate leave exactly one application."""

from __future__ import annotations

import asyncio

import httpx

from app.db import Mongo
from tests.applications.factories import open_call, permrep, profile


async def test_200_concurrent_creates_store_one_application(
    client: httpx.AsyncClient, auth, mongo: Mongo
) -> None:
    call = await open_call(client, auth, kind="sne")
    url = f"/api/v1/calls/{call['id']}/applications"
    body = {"profile": profile()}
    headers = permrep(auth)
    keyed = {**headers, "Idempotency-Key": "permrep-pt-retry-1"}

    responses = await asyncio.gather(*[
        client.post(url, json=body, headers=keyed if i % 2 == 0 else headers)
        for i in range(200)
    ])

    statuses = [r.status_code for r in responses]
    assert set(statuses) <= {201, 409}, sorted(set(statuses))
    assert await mongo.db.applications.count_documents({}) == 1
    stored = await mongo.db.applications.find_one({})
    assert stored is not None
    created = [r for r in responses if r.status_code == 201]
    assert created and all(r.json()["id"] == str(stored["_id"]) for r in created)
    fresh = [r for r in created if r.headers.get("idempotent-replayed") != "true"]
    assert len(fresh) == 1
    for conflict in (r for r in responses if r.status_code == 409):
        problem = conflict.json()
        assert problem.get("existing_application_id") in (str(stored["_id"]), None)


async def test_concurrent_creates_with_special_needs_keep_both_collections_consistent(
    client: httpx.AsyncClient, auth, mongo: Mongo
) -> None:
    """With special needs the insert is a transaction: conflicts are retried, never a 500."""
    call = await open_call(client, auth, kind="ca")
    url = f"/api/v1/calls/{call['id']}/applications"
    body = {"profile": profile(), "special_needs": "Step-free access"}
    responses = await asyncio.gather(*[
        client.post(url, json=body, headers=auth("candidate", sub="cand-1")) for _ in range(50)
    ])
    assert {r.status_code for r in responses} <= {201, 409}
    assert [r.status_code for r in responses].count(201) == 1
    assert await mongo.db.applications.count_documents({}) == 1
    assert await mongo.db.special_needs.count_documents({}) == 1
