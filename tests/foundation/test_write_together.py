"""A change and its records in one ordered command (MongoDB 8.0's client-level bulkWrite), or
one by one on older servers, with the same outcome: a duplicate stops what follows it."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from bson import ObjectId

from app.db import Mongo
from app.repositories import together
from tests.applications.factories import apply, candidate, open_call


@pytest.mark.parametrize("write", [together.write_together, together.one_by_one])
async def test_a_duplicate_stops_the_records_after_it(mongo: Mongo, write: Any) -> None:
    db = mongo.db
    await db["together_a"].insert_one({"_id": "taken"})
    with pytest.raises(together.DuplicateAt) as refused:
        await write(db, [together.Insert("together_b", {"n": 1}),
                         together.Insert("together_a", {"_id": "taken"}),
                         together.Insert("together_b", {"n": 2})])
    assert refused.value.index == 1
    assert [d["n"] async for d in db["together_b"].find({}, {"_id": 0})] == [1]


@pytest.mark.parametrize("write", [together.write_together, together.one_by_one])
async def test_each_operation_says_what_it_matched(mongo: Mongo, write: Any) -> None:
    db = mongo.db
    await db["together_a"].insert_one({"_id": "x", "version": 1})
    outcome = await write(db, [
        together.Update("together_a", {"_id": "x", "version": 1}, {"$inc": {"version": 1}}),
        together.Update("together_a", {"_id": "x", "version": 1}, {"$inc": {"version": 1}}),
        together.Insert("together_b", {"n": 3})])
    assert outcome.counts == [1, 0, 1]
    assert (await db["together_a"].find_one({"_id": "x"}))["version"] == 2


async def test_a_second_application_leaves_no_create_record(
    client: httpx.AsyncClient, auth: Any, mongo: Mongo,
) -> None:
    call = await open_call(client, auth, kind="ca")
    me = candidate(auth)
    assert (await apply(client, me, call["id"])).status_code == 201
    again = await apply(client, me, call["id"])
    assert again.status_code == 409, again.text
    assert await mongo.db.audit_events.count_documents(
        {"action": "create", "resource": "application"}) == 1


async def test_the_create_and_submit_answers_are_what_a_later_read_shows(
    client: httpx.AsyncClient, auth: Any,
) -> None:
    call = await open_call(client, auth, kind="ca")
    me = candidate(auth)
    created = (await apply(client, me, call["id"])).json()
    assert created == (await client.get(f"/api/v1/applications/{created['id']}",
                                        headers=me)).json()
    submitted = await client.post(f"/api/v1/applications/{created['id']}/submit", headers=me)
    assert submitted.status_code == 200, submitted.text
    read = await client.get(f"/api/v1/applications/{created['id']}", headers=me)
    assert submitted.json() == read.json()
    assert submitted.headers["ETag"] == read.headers["ETag"] == '"v2"'


async def test_a_person_seen_before_keeps_their_pseudonym_when_memory_has_forgotten_them(
    app: Any, client: httpx.AsyncClient, auth: Any, mongo: Mongo,
) -> None:
    """A first application creates the person's key with the application; a later one, from a
    replica that has not their key in memory, meets the stored key and writes under it."""
    from app.services.subject_key_cache import SubjectKeyCache

    me = candidate(auth)
    first_call = await open_call(client, auth, kind="ca")
    assert (await apply(client, me, first_call["id"])).status_code == 201
    app.state.subject_keys = SubjectKeyCache(ttl=30)  # another replica, or 30 s later
    second_call = await open_call(client, auth, kind="ca")
    assert (await apply(client, me, second_call["id"])).status_code == 201

    events = [e async for e in mongo.db.audit_events.find(
        {"action": "create", "resource": "application"})]
    assert len(events) == 2
    assert events[0]["subject_id"] == events[1]["subject_id"]
    assert events[0]["actor"] == events[1]["actor"] == events[0]["subject_id"]
    assert await mongo.db.subject_keys.count_documents({}) == 1


async def test_a_decision_and_what_it_owes_commit_together(
    client: httpx.AsyncClient, auth: Any, mongo: Mongo,
) -> None:
    """The status, the candidate's notification and the audit event: a failed write leaves none
    of them, and the retry writes all of them."""
    from tests.applications.factories import decide, hr, submitted

    call = await open_call(client, auth, kind="ca")
    application = await submitted(client, candidate(auth), call["id"])
    await mongo.client.admin.command({
        "configureFailPoint": "failCommand", "mode": {"times": 1},
        "data": {"failCommands": ["bulkWrite", "update"], "errorCode": 2}})
    try:
        failed = await decide(client, hr(auth), application["id"], "preselected")
    finally:
        await mongo.client.admin.command({"configureFailPoint": "failCommand", "mode": "off"})
    assert failed.status_code == 500
    stored = await mongo.db.applications.find_one({"_id": ObjectId(application["id"])})
    assert stored is not None and stored["status"] == "submitted"
    assert await mongo.db.outbox.count_documents({}) == 0
    assert await mongo.db.audit_events.count_documents({"action": "decide"}) == 0

    retried = await decide(client, hr(auth), application["id"], "preselected")
    assert retried.status_code == 200, retried.text
    assert await mongo.db.outbox.count_documents({}) == 1
    assert await mongo.db.audit_events.count_documents({"action": "decide"}) == 1
    read = await client.get(f"/api/v1/applications/{application['id']}", headers=hr(auth))
    assert read.json() == retried.json()


async def test_a_large_stage_is_one_command_in_one_transaction(mongo: Mongo) -> None:
    """A panel decides a stage of 500 applications: 2,000 operations (the driver splits them
    only past the server's maxWriteBatchSize and message size), every one counted, in order."""
    db = mongo.db
    await db["together_a"].insert_many([{"_id": i, "version": 1} for i in range(500)])
    ops: list[together.Write] = []
    for i in range(500):
        stale = i == 321  # changed since it was read
        ops.append(together.Update("together_a", {"_id": i, "version": 2 if stale else 1},
                                   {"$inc": {"version": 1}}))
        ops += [together.Insert("together_b", {"n": i, "record": r}) for r in range(3)]
    async with db.client.start_session() as session, await session.start_transaction():
        outcome = await together.write_together(db, ops, session=session)
    assert len(outcome.counts) == 2000
    assert [i for i, count in enumerate(outcome.counts) if count == 0] == [4 * 321]
    assert await db["together_a"].count_documents({"version": 2}) == 499
    assert await db["together_b"].count_documents({}) == 1500
