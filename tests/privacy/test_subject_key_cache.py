"""Audit subject keys are kept in memory briefly, and a purge's destroyed key is never used
again: the person's later events get a new pseudonym, unlinkable to the old ones."""

from __future__ import annotations

from datetime import timedelta

import httpx

from app.clock import ManualClock
from app.db import Mongo
from app.services.subject_key_cache import SubjectKeyCache
from tests.applications.factories import draft, open_call, profile
from tests.privacy.helpers import closed_call_with_everyone
from tests.privacy.keys import current_pseudonym


async def test_a_purged_key_is_not_resurrected_from_memory(
        client: httpx.AsyncClient, auth, mongo: Mongo, clock: ManualClock, settings) -> None:
    db = mongo.db
    scenario = await closed_call_with_everyone(client, auth, db, now=clock.now())
    ana = scenario.people["ana"]
    old_alias = await current_pseudonym(db, settings, ana.sub)
    assert old_alias is not None  # and, just used, held in memory by the app
    clock.advance(timedelta(days=366))
    purge = await client.post("/api/v1/retention/runs", headers=auth("admin", sub="admin-1"))
    assert purge.status_code == 201, purge.text

    # Ana comes back within the cache's lifetime and applies to a new call.
    deadline = (clock.now() + timedelta(days=30)).strftime("%Y-%m-%dT12:00:00")
    call = await open_call(client, auth, deadline=deadline)
    created = await draft(client, auth("candidate", sub=ana.sub), call["id"],
                          profile=profile())
    new_alias = await current_pseudonym(db, settings, ana.sub)
    assert new_alias is not None and new_alias != old_alias
    event = await db.audit_events.find_one({"resource_id": created["id"], "action": "create"})
    assert event is not None
    assert event["actor"] == new_alias
    assert await db.audit_events.count_documents({"actor": old_alias, "at": {
        "$gt": clock.now() - timedelta(days=1)}}) == 0


def test_the_cache_keeps_keys_for_their_ttl_and_a_bounded_number() -> None:
    now = [0.0]
    cache = SubjectKeyCache(ttl=30, max_entries=2, now=lambda: now[0])
    cache.put_many({"a": b"1", "b": b"2"})
    assert cache.get_many(["a", "b", "c"]) == {"a": b"1", "b": b"2"}
    cache.put_many({"c": b"3"})  # over the bound: the oldest goes
    assert cache.get_many(["a", "b", "c"]) == {"b": b"2", "c": b"3"}
    cache.forget(["b"])
    assert cache.get_many(["b"]) == {}
    now[0] = 31
    assert cache.get_many(["c"]) == {}
    off = SubjectKeyCache(ttl=0)
    off.put_many({"a": b"1"})
    assert off.get_many(["a"]) == {}
