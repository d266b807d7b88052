"""Special needs: encrypted at rest, apart from the application, read only by HR, audited."""

from __future__ import annotations

import httpx
from bson import ObjectId

from app.db import Mongo
from tests.applications.factories import candidate, draft, hr, open_call, permrep, submitted

NEEDS = "Wheelchair access to the interview room; sign-language interpreter"


async def test_stored_encrypted_and_apart(client: httpx.AsyncClient, auth, mongo: Mongo) -> None:
    call = await open_call(client, auth, kind="ca")
    created = await draft(client, candidate(auth), call["id"], special_needs=NEEDS)
    assert "special_needs" not in created

    stored = await mongo.db.special_needs.find_one({"application_id": ObjectId(created["id"])})
    assert stored is not None
    raw = bytes(stored["ciphertext"]) + bytes(stored["nonce"])
    assert NEEDS.encode() not in raw
    assert b"Wheelchair" not in raw
    assert len(stored["nonce"]) == 12
    application = await mongo.db.applications.find_one({"_id": ObjectId(created["id"])})
    assert "Wheelchair" not in str(application)


async def test_only_hr_reads_special_needs_and_every_read_is_audited(
    client: httpx.AsyncClient, auth, mongo: Mongo
) -> None:
    call = await open_call(client, auth, kind="ca", unit="CNECT.A.2")
    application = await submitted(client, candidate(auth), call["id"], special_needs=NEEDS)
    url = f"/api/v1/applications/{application['id']}/special-needs"

    read = await client.get(url, headers=hr(auth))
    assert read.status_code == 200
    assert read.json()["special_needs"] == NEEDS
    audited = await mongo.db.audit_events.count_documents(
        {"resource": "application.special_needs", "resource_id": application["id"]})
    assert audited == 1

    assert (await client.get(url, headers=candidate(auth))).status_code == 403
    recruiter = auth("recruiter", sub="r-1", unit="CNECT.A")
    assert (await client.get(url, headers=recruiter)).status_code == 403
    other_unit = auth("recruiter", sub="r-2", unit="DIGIT")
    assert (await client.get(url, headers=other_unit)).status_code == 404
    assert (await client.get(url, headers=candidate(auth, "cand-2"))).status_code == 404
    assert (await client.get(url, headers=auth("dpo"))).status_code == 403
    assert (await client.get(url, headers=auth("panel", sub="p-1"))).status_code == 404


async def test_never_in_reads_or_lists(client: httpx.AsyncClient, auth) -> None:
    call = await open_call(client, auth, kind="ca")
    application = await submitted(client, candidate(auth), call["id"], special_needs=NEEDS)
    one = await client.get(f"/api/v1/applications/{application['id']}", headers=hr(auth))
    many = await client.get("/api/v1/applications", headers=hr(auth))
    assert "Wheelchair" not in one.text
    assert "Wheelchair" not in many.text
    assert many.json()["items"][0]["id"] == application["id"]


async def test_patch_replaces_and_erases_the_needs(
    client: httpx.AsyncClient, auth, mongo: Mongo
) -> None:
    call = await open_call(client, auth, kind="sne")
    created = await draft(client, permrep(auth), call["id"], special_needs=NEEDS)
    url = f"/api/v1/applications/{created['id']}"
    changed = await client.patch(url, json={"special_needs": "Ground-floor room"},
                                 headers={**permrep(auth), "If-Match": '"v1"'})
    assert changed.status_code == 200
    await client.post(f"{url}/submit", headers=permrep(auth))
    read = await client.get(f"{url}/special-needs", headers=hr(auth))
    assert read.json()["special_needs"] == "Ground-floor room"

    other = await draft(client, permrep(auth), call["id"], special_needs=NEEDS,
                        profile={"nationalities": ["PT"], "contact": {"email": "b@example.org"}})
    erased = await client.patch(f"/api/v1/applications/{other['id']}",
                                json={"special_needs": None},
                                headers={**permrep(auth), "If-Match": '"v1"'})
    assert erased.status_code == 200
    assert await mongo.db.special_needs.count_documents(
        {"application_id": ObjectId(other["id"])}) == 0


async def test_a_record_moved_to_another_application_does_not_decrypt(
    client: httpx.AsyncClient, auth, mongo: Mongo
) -> None:
    call = await open_call(client, auth, kind="ca")
    first = await submitted(client, candidate(auth), call["id"], special_needs=NEEDS)
    second = await submitted(client, candidate(auth, "cand-2"), call["id"])
    record = await mongo.db.special_needs.find_one({"application_id": ObjectId(first["id"])})
    assert record is not None
    await mongo.db.special_needs.insert_one({
        "application_id": ObjectId(second["id"]), "nonce": record["nonce"],
        "ciphertext": record["ciphertext"], "created_at": record["created_at"]})
    moved = await client.get(f"/api/v1/applications/{second['id']}/special-needs",
                             headers=hr(auth))
    assert moved.status_code == 503
    assert "Wheelchair" not in moved.text
