"""E-mail addresses are checked on the way in (the same 422 item as before) and taken as stored
when an application is read back (checking them again cost a twentieth of a read's CPU)."""

from __future__ import annotations

from typing import Any

import httpx
from bson import ObjectId

from app.db import Mongo
from tests.applications.factories import apply, candidate, draft, open_call, profile


async def test_a_bad_address_is_refused_with_the_usual_item(
    client: httpx.AsyncClient, auth: Any,
) -> None:
    call = await open_call(client, auth, kind="ca")
    refused = await apply(client, candidate(auth), call["id"],
                          profile=profile(contact={"email": "ana.example.org"}))
    assert refused.status_code == 422, refused.text
    item = next(e for e in refused.json()["errors"] if e["loc"][-1] == "email")
    assert item["type"] == "value_error"
    assert item["msg"].startswith("value is not a valid email address: ")
    normalised = await draft(client, candidate(auth, sub="cand-2"), call["id"],
                             profile=profile(contact={"email": "ana@EXAMPLE.org"}))
    assert normalised["profile"]["contact"]["email"] == "ana@example.org"


async def test_a_stored_address_is_read_as_stored(
    client: httpx.AsyncClient, auth: Any, mongo: Mongo,
) -> None:
    call = await open_call(client, auth, kind="ca")
    me = candidate(auth)
    created = await draft(client, me, call["id"])
    # An address accepted by an older, laxer check: reading must not fail on it.
    await mongo.db.applications.update_one({"_id": ObjectId(created["id"])},
                                           {"$set": {"profile.contact.email": "ana@localhost"}})
    read = await client.get(f"/api/v1/applications/{created['id']}", headers=me)
    assert read.status_code == 200, read.text
    assert read.json()["profile"]["contact"]["email"] == "ana@localhost"
