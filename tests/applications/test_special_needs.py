"""Special needs: encrypted at rest, apart from the application, read only by HR of the DG and
the candidate, changed by the candidate, every read audited."""

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


async def _reads_audited(mongo: Mongo, application_id: str) -> int:
    return await mongo.db.audit_events.count_documents(
        {"action": "read", "resource": "application.special_needs",
         "resource_id": application_id})


async def test_hr_of_the_dg_and_the_candidate_read_the_needs_and_every_read_is_audited(
    client: httpx.AsyncClient, auth, mongo: Mongo
) -> None:
    """HR of the DG organise the interview logistics; the candidate has the right of access."""
    call = await open_call(client, auth, kind="ca", unit="CNECT.A.2")
    application = await submitted(client, candidate(auth), call["id"], special_needs=NEEDS)
    url = f"/api/v1/applications/{application['id']}/special-needs"

    read = await client.get(url, headers=hr(auth))
    assert read.status_code == 200
    assert read.json()["special_needs"] == NEEDS
    assert await _reads_audited(mongo, application["id"]) == 1

    own = await client.get(url, headers=candidate(auth))
    assert own.status_code == 200
    assert own.json()["special_needs"] == NEEDS
    assert await _reads_audited(mongo, application["id"]) == 2

    # Those who may read the application but do not organise the interview: 403.
    recruiter = auth("recruiter", sub="r-1", unit="CNECT.A")
    assert (await client.get(url, headers=recruiter)).status_code == 403
    # Those who may not read the application at all: 404.
    other_unit = auth("recruiter", sub="r-2", unit="DIGIT")
    assert (await client.get(url, headers=other_unit)).status_code == 404
    hr_elsewhere = auth("hr", sub="hr-2", unit="DIGIT")
    assert (await client.get(url, headers=hr_elsewhere)).status_code == 404
    assert (await client.get(url, headers=candidate(auth, "cand-2"))).status_code == 404
    assert (await client.get(url, headers=auth("dpo"))).status_code == 404
    assert (await client.get(url, headers=auth("panel", sub="p-1"))).status_code == 404
    assert await _reads_audited(mongo, application["id"]) == 2


async def test_the_candidate_rectifies_the_needs_after_submission(
    client: httpx.AsyncClient, auth, mongo: Mongo
) -> None:
    call = await open_call(client, auth, kind="ca")
    application = await submitted(client, candidate(auth), call["id"], special_needs=NEEDS)
    url = f"/api/v1/applications/{application['id']}/special-needs"

    changed = await client.put(url, json={"special_needs": "Ground-floor room"},
                               headers=candidate(auth))
    assert changed.status_code == 200, changed.text
    assert changed.json()["special_needs"] == "Ground-floor room"
    assert (await client.get(url, headers=hr(auth))).json()["special_needs"] == (
        "Ground-floor room")
    stored = await mongo.db.special_needs.find_one(
        {"application_id": ObjectId(application["id"])})
    assert stored is not None and b"Ground-floor" not in bytes(stored["ciphertext"])
    updates = await mongo.db.audit_events.count_documents(
        {"action": "update", "resource": "application.special_needs",
         "resource_id": application["id"]})
    assert updates == 1

    erased = await client.put(url, json={"special_needs": None}, headers=candidate(auth))
    assert erased.status_code == 200
    assert erased.json()["special_needs"] is None
    assert await mongo.db.special_needs.count_documents(
        {"application_id": ObjectId(application["id"])}) == 0

    # Staff who may read the application do not change the candidate's needs.
    refused = await client.put(url, json={"special_needs": "x"}, headers=hr(auth))
    assert refused.status_code == 403
    stranger = await client.put(url, json={"special_needs": "x"},
                                headers=candidate(auth, "cand-2"))
    assert stranger.status_code == 404


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
