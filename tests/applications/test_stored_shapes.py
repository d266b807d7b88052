"""Applications are stored as ``ApplicationDoc`` declares (app/models/stored.py): the type the
repositories hand to the services, which mypy then checks every read against."""

from __future__ import annotations

from typing import Any, get_type_hints

import httpx
from bson import ObjectId

from app.db import Mongo
from app.models.stored import ApplicationChangeDoc, ApplicationDoc, SpecialNeedsDoc
from tests.applications.factories import (
    candidate,
    decide,
    draft,
    hr,
    open_call,
    permrep,
    profile,
    submitted,
)
from tests.shapes import members, mismatches, validator

# Every member a profile may hold, so each one's stored shape is checked.
FULL_PROFILE = profile(
    birth_name="Exemplo", date_of_birth="1988-04-02", place_of_birth="Porto, Portugal",
    contact={"email": "ana@example.org", "phone": "+351 21 000 0000",
             "address": "Rua Augusta 1, Lisboa"},
    epso_per_id="12345678", cast_function_groups=["FGIV"],
    languages=[{"language": "PT", "level": "C2", "mother_tongue": True},
               {"language": "EN", "level": "C1"}],
    education=[{"level": "master", "field": "Computer Science", "years": 5,
                "institution": "Universidade do Porto", "completed_on": "2012-07-01"}],
    experience=[{"employer": "Agência Nacional", "employer_type": "national_administration",
                 "country": "PT", "position": "Engineer", "function_level": "AD",
                 "start": "2012-09-01", "end": "2019-12-31", "part_time_percent": 80},
                {"employer": "Universidade de Lisboa", "start": "2020-01-01"}],
    current_employer_since="2020-01-01", declarations=["full_rights_as_citizen"],
    article29_status="external", security_clearance="able_to_be_cleared")


async def _stored(mongo: Mongo, application_id: str) -> dict[str, Any]:
    found = await mongo.db.applications.find_one({"_id": ObjectId(application_id)})
    assert found is not None
    return found


async def test_an_application_has_its_declared_shape_at_every_step_of_its_life(
    client: httpx.AsyncClient, auth, mongo: Mongo
) -> None:
    call = await open_call(client, auth, kind="ca")
    created = await draft(client, candidate(auth), call["id"], profile={"first_name": "Ana"})
    assert mismatches(await _stored(mongo, created["id"]), ApplicationDoc) == []

    sent = await submitted(client, candidate(auth, "cand-2"), call["id"], profile=FULL_PROFILE)
    stored = await _stored(mongo, sent["id"])
    assert mismatches(stored, ApplicationDoc) == []
    assert stored["eligibility"] is not None and stored["cast_declaration"] is not None

    decided = await decide(client, hr(auth), sent["id"], "eligible")
    assert decided.status_code == 200, decided.text
    stored = await _stored(mongo, sent["id"])
    assert mismatches(stored, ApplicationDoc) == []
    assert [entry["to"] for entry in stored["status_history"]] == ["submitted", "eligible"]

    withdrawn = await submitted(client, candidate(auth, "cand-3"), call["id"])
    response = await client.post(f"/api/v1/applications/{withdrawn['id']}/withdraw",
                                 headers=candidate(auth, "cand-3"))
    assert response.status_code == 200, response.text
    assert mismatches(await _stored(mongo, withdrawn["id"]), ApplicationDoc) == []


async def test_a_permanent_representations_application_has_its_declared_shape(
    client: httpx.AsyncClient, auth, mongo: Mongo
) -> None:
    call = await open_call(client, auth, kind="sne")
    sent = await submitted(client, permrep(auth, "PT"), call["id"], profile=FULL_PROFILE)
    stored = await _stored(mongo, sent["id"])
    assert mismatches(stored, ApplicationDoc) == []
    assert stored["permrep_country"] == "PT" and stored["owner_sub"] is None


async def test_a_member_written_but_not_declared_is_caught(mongo: Mongo) -> None:
    """The check above can fail: an undeclared member, a missing one, a wrong type."""
    doc = {"_id": ObjectId(), "status": 3, "shoe_size": 42}
    found = mismatches(doc, ApplicationDoc)
    assert "$.shoe_size: not a member of ApplicationDoc" in found
    assert "$.call_id: required by ApplicationDoc, missing" in found
    assert "$.status: 3 is not a str" in found


async def test_the_validator_and_the_type_agree(mongo: Mongo) -> None:
    """What the collection's validator knows is declared; what it requires is required."""
    schema = await validator(mongo.db, "applications")
    declared, required = members(ApplicationDoc)
    assert set(schema["properties"]) <= declared
    assert set(schema["required"]) <= required


async def test_a_restricted_application_keeps_its_declared_shape(
    client: httpx.AsyncClient, auth, mongo: Mongo
) -> None:
    call = await open_call(client, auth, kind="ca")
    sent = await submitted(client, candidate(auth), call["id"], profile=FULL_PROFILE)
    assert (await decide(client, hr(auth), sent["id"], "eligible")).status_code == 200
    response = await client.post("/api/v1/privacy/erasure-requests", json={
        "kind": "restriction", "application_id": sent["id"], "reason": "Please stop"},
        headers=candidate(auth))
    assert response.status_code == 201, response.text
    assert response.json()["status"] == "restricted"
    stored = await _stored(mongo, sent["id"])
    assert stored.get("restricted_at") is not None
    assert mismatches(stored, ApplicationDoc) == []


def test_a_change_sets_members_as_the_document_types_them() -> None:
    """``ApplicationChangeDoc`` (what a change ``$set``s) repeats ``ApplicationDoc``'s types."""
    document = get_type_hints(ApplicationDoc)
    change = get_type_hints(ApplicationChangeDoc)
    assert {name: document.get(name) for name in change} == change


async def test_special_needs_are_sealed_in_their_declared_shape(
    client: httpx.AsyncClient, auth, mongo: Mongo
) -> None:
    call = await open_call(client, auth, kind="ca")
    created = await draft(client, candidate(auth), call["id"], special_needs="Step-free access")
    record = await mongo.db.special_needs.find_one({"application_id": ObjectId(created["id"])})
    assert record is not None
    assert mismatches(record, SpecialNeedsDoc) == []
    schema = await validator(mongo.db, "special_needs")
    declared, required = members(SpecialNeedsDoc)
    assert set(schema["properties"]) <= declared
    assert set(schema["required"]) <= required
