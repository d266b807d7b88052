"""A candidate reading their own application: every read is recorded once, about the reader
(under their pseudonym), and a read whose audit event cannot be written fails."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from app.db import Mongo
from tests.applications.factories import candidate, draft, open_call, submitted
from tests.privacy.keys import current_pseudonym


@pytest.fixture
async def two(client: httpx.AsyncClient, auth) -> dict[str, Any]:
    """cand-1's submitted CA application and cand-2's draft on the same call."""
    call = await open_call(client, auth, kind="ca", unit="CNECT.A.2")
    return {"mine": (await submitted(client, candidate(auth, "cand-1"), call["id"]))["id"],
            "theirs": (await draft(client, candidate(auth, "cand-2"), call["id"]))["id"]}


async def _reads_of(mongo: Mongo, application_id: str) -> list[dict[str, Any]]:
    return await mongo.db.audit_events.find(
        {"action": "read", "resource": "application", "resource_id": application_id}
    ).to_list()


async def test_each_read_of_ones_own_application_is_recorded_once_about_oneself(
    client: httpx.AsyncClient, auth, two, mongo: Mongo, settings
) -> None:
    for _ in range(3):
        read = await client.get(f"/api/v1/applications/{two['mine']}",
                                headers=candidate(auth, "cand-1"))
        assert read.status_code == 200 and read.json()["id"] == two["mine"]
        assert read.json()["status"] == "submitted"
    events = await _reads_of(mongo, two["mine"])
    alias = await current_pseudonym(mongo.db, settings, "cand-1")
    assert len(events) == 3
    assert all(e["subject_id"] == alias == e["actor"] and e["actor_pseudonymous"]
               for e in events)


async def test_a_read_whose_audit_event_cannot_be_written_fails(
    client: httpx.AsyncClient, auth, two, mongo: Mongo
) -> None:
    headers = candidate(auth, "cand-1")
    assert (await client.get(f"/api/v1/applications/{two['mine']}",
                             headers=headers)).status_code == 200
    before = len(await _reads_of(mongo, two["mine"]))
    await mongo.client.admin.command({
        "configureFailPoint": "failCommand", "mode": {"times": 1},
        "data": {"failCommands": ["insert"], "errorCode": 8}})
    try:
        failed = await client.get(f"/api/v1/applications/{two['mine']}", headers=headers)
    finally:
        await mongo.client.admin.command({"configureFailPoint": "failCommand", "mode": "off"})
    assert failed.status_code == 500  # a refused write is a bug to report, with its id
    assert failed.headers["content-type"].startswith("application/problem+json")
    assert len(await _reads_of(mongo, two["mine"])) == before
