"""Issue 13: a call body is a union discriminated by ``kind``; each kind carries its notices'
members and refuses the others'; every member of the call schemas is described, and every
example validates."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from pydantic import BaseModel

from app.config import Settings
from app.main import create_app
from app.models.calls import (
    CaCallCreate,
    CaCallRead,
    CallCreate,
    CallList,
    CallRead,
    SneCallCreate,
    SneCallRead,
    TaCallCreate,
    TaCallRead,
)
from app.models.calls_public import PublicCallList, PublicCallSummary
from tests.calls.helpers import call_payload

# The members only one kind has, with the value its real notice gives them.
OWN = {
    "sne": {"secondment_type": "with_allowances", "sysper_post_number": None,
            "open_to": {"eu_member_states": True, "efta_countries": [], "third_countries": [],
                        "igos": []}},
    "ca": {"function_group": "FGIV"},
    "ta": {"grade_range": "AD5-AD7", "priority_rule": "article29",
           "priority_order": ["commission_official", "other_institution_official",
                              "competition_laureate", "external"]},
}
UNITS = {"sne": "CNECT.A", "ca": "CNECT.A.2", "ta": "DIGIT.CERT-EU"}
# Every schema a call's create, change, read or listing is made of.
CALL_SCHEMAS = [
    "CallCreate", "SneCallCreate", "CaCallCreate", "TaCallCreate", "CallUpdate", "CallRead",
    "SneCallRead", "CaCallRead", "TaCallRead", "CallList", "PublicCallSummary", "PublicCallList",
    "PublicCallLinks", "Profile", "ContactPerson", "OpenTo", "Duration", "Sections",
    "DeadlineIn", "Deadline", "DocumentRules", "ProvisionalStart", "PrivacyStatement",
    "EligibilityCriteria", "ExperienceRule", "LanguageRule", "EducationRule", "Corrigendum",
    "CallStatusChange", "DemoInfo", "HowToApply",
]
EXAMPLED: list[type[BaseModel]] = [
    CallCreate, SneCallCreate, CaCallCreate, TaCallCreate, CallRead, SneCallRead, CaCallRead,
    TaCallRead, CallList, PublicCallSummary, PublicCallList]

MEMBER_KINDS: dict[type[BaseModel], str] = {
    SneCallCreate: "sne", CaCallCreate: "ca", TaCallCreate: "ta", SneCallRead: "sne",
    CaCallRead: "ca", TaCallRead: "ta"}


@pytest.fixture
def document(settings: Settings) -> dict[str, Any]:
    openapi: dict[str, Any] = create_app(settings).openapi()
    return openapi


def _hr(auth: Any, kind: str) -> dict[str, str]:
    headers: dict[str, str] = auth("hr", sub="hr-1", unit=UNITS[kind].split(".")[0])
    return headers


def _problem_locs(response: httpx.Response) -> list[list[Any]]:
    assert response.status_code == 422, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    return [error["loc"] for error in response.json()["errors"]]


def test_the_document_discriminates_call_bodies_on_kind(document: dict[str, Any]) -> None:
    schemas = document["components"]["schemas"]
    for union, suffix in (("CallCreate", "CallCreate"), ("CallRead", "CallRead")):
        members = {kind: f"{kind.capitalize()}{suffix}" for kind in ("sne", "ca", "ta")}
        refs = {kind: f"#/components/schemas/{name}" for kind, name in members.items()}
        assert schemas[union]["discriminator"] == {"propertyName": "kind", "mapping": refs}
        assert sorted(m["$ref"] for m in schemas[union]["oneOf"]) == sorted(refs.values())
        for kind, name in members.items():
            assert schemas[name]["properties"]["kind"]["const"] == kind
    paths = document["paths"]
    body = paths["/api/v1/calls"]["post"]["requestBody"]["content"]["application/json"]
    assert body["schema"] == {"$ref": "#/components/schemas/CallCreate"}
    for path in ("/api/v1/calls/{call_id}", "/api/v1/public/calls/{call_id}"):
        read = paths[path]["get"]["responses"]["200"]["content"]["application/json"]
        assert read["schema"] == {"$ref": "#/components/schemas/CallRead"}
    items = schemas["CallList"]["properties"]["items"]["items"]
    assert items == {"$ref": "#/components/schemas/CallRead"}
    # Each member has only its kind's members: the notices decide, not one flat bag.
    assert "open_to" in schemas["SneCallCreate"]["properties"]
    assert "open_to" not in schemas["CaCallCreate"]["properties"]
    assert "function_group" not in schemas["TaCallRead"]["properties"]
    assert schemas["TaCallCreate"]["additionalProperties"] is False


@pytest.mark.parametrize("kind", ["sne", "ca", "ta"])
async def test_each_kind_is_created_and_read_with_its_own_members(
    client: httpx.AsyncClient, auth: Any, kind: str,
) -> None:
    headers = _hr(auth, kind)
    created = await client.post("/api/v1/calls", headers=headers,
                                json=call_payload(notice=kind, unit=UNITS[kind]))
    assert created.status_code == 201, created.text
    read = (await client.get(created.headers["Location"], headers=headers)).json()
    assert read == created.json()
    assert read["kind"] == kind
    for name, value in OWN[kind].items():
        assert read[name] == value, name
    others = {name for other, members in OWN.items() if other != kind for name in members}
    assert not others & read.keys()


@pytest.mark.parametrize(("kind", "member", "value"), [
    ("ca", "secondment_type", "cost_free"),
    ("ca", "grade_range", "AD5-AD7"),
    ("sne", "function_group", "FGIV"),
    ("ta", "open_to", {"eu_member_states": True}),
    ("ta", "sysper_post_number", "123456"),
])
async def test_a_member_of_another_kind_is_refused_at_its_loc(
    client: httpx.AsyncClient, auth: Any, kind: str, member: str, value: Any,
) -> None:
    body = call_payload(notice=kind, unit=UNITS[kind], **{member: value})
    response = await client.post("/api/v1/calls", headers=_hr(auth, kind), json=body)
    assert _problem_locs(response) == [["body", member]]
    assert response.json()["errors"][0]["type"] == "extra_forbidden"


async def test_an_error_inside_a_member_keeps_the_members_loc(
    client: httpx.AsyncClient, auth: Any,
) -> None:
    body = call_payload(notice="ta", unit=UNITS["ta"], priority_order=["pope"])
    response = await client.post("/api/v1/calls", headers=_hr(auth, "ta"), json=body)
    assert _problem_locs(response) == [["body", "priority_order", 0]]


@pytest.mark.parametrize("kind", [None, "ead"])
async def test_a_missing_or_unknown_kind_is_refused_at_kind(
    client: httpx.AsyncClient, auth: Any, kind: str | None,
) -> None:
    body = call_payload(notice="ca")
    body.pop("kind")
    if kind is not None:
        body["kind"] = kind
    response = await client.post("/api/v1/calls", headers=_hr(auth, "ca"), json=body)
    assert _problem_locs(response) == [["body", "kind"]]
    assert "sne" in response.json()["errors"][0]["msg"]


async def test_a_patch_refuses_a_member_of_another_kind(
    client: httpx.AsyncClient, auth: Any,
) -> None:
    headers = _hr(auth, "ca")
    call = (await client.post("/api/v1/calls", headers=headers,
                              json=call_payload(notice="ca"))).json()
    url = f"/api/v1/calls/{call['id']}"
    response = await client.patch(url, headers={**headers, "If-Match": '"v1"'},
                                  json={"title": "New title", "secondment_type": "cost_free"})
    assert _problem_locs(response) == [["body", "secondment_type"]]
    unchanged = (await client.get(url, headers=headers)).json()
    assert (unchanged["version"], unchanged["title"]) == (1, call["title"])


async def test_a_draft_changing_kind_takes_the_new_kinds_members_and_drops_the_old(
    client: httpx.AsyncClient, auth: Any,
) -> None:
    headers = _hr(auth, "sne")
    call = (await client.post("/api/v1/calls", headers=headers,
                              json=call_payload(notice="sne", unit=UNITS["sne"], open_to={
                                  "eu_member_states": True, "efta_countries": ["NO"]}))).json()
    assert call["open_to"]["efta_countries"] == ["NO"]
    url = f"/api/v1/calls/{call['id']}"
    response = await client.patch(url, headers={**headers, "If-Match": '"v1"'}, json={
        "kind": "ca", "function_group": "FGIV", "secondment_type": None, "open_to": None})
    assert response.status_code == 200, response.text
    ca = response.json()
    assert (ca["kind"], ca["function_group"]) == ("ca", "FGIV")
    assert not {"secondment_type", "open_to", "sysper_post_number"} & ca.keys()
    # Back to SNE: the old countries did not survive (the default applies).
    back = await client.patch(url, headers={**headers, "If-Match": '"v2"'},
                              json={"kind": "sne", "function_group": None})
    assert back.status_code == 200, back.text
    assert back.json()["open_to"]["efta_countries"] == []
    assert "function_group" not in back.json()


def test_every_member_of_the_call_schemas_is_described(document: dict[str, Any]) -> None:
    patch = document["paths"]["/api/v1/calls/{call_id}"]["patch"]["requestBody"]["content"]
    # The merge-patch body is documented inline, with CallUpdate's members.
    schemas = {**document["components"]["schemas"],
               "CallUpdate": patch["application/merge-patch+json"]["schema"]}
    assert "secondment_type" in schemas["CallUpdate"]["properties"]
    undescribed = [f"{name}.{member}" for name in CALL_SCHEMAS
                   for member, field in schemas[name].get("properties", {}).items()
                   if not field.get("description")]
    assert undescribed == []


@pytest.mark.parametrize("model", EXAMPLED, ids=lambda m: m.__name__)
def test_every_call_example_validates_against_its_model(
    document: dict[str, Any], model: type[BaseModel],
) -> None:
    examples = document["components"]["schemas"][model.__name__]["examples"]
    assert examples
    for example in examples:
        model.model_validate(example)
        if model in MEMBER_KINDS:  # a union member's example is of its own kind
            assert example["kind"] == MEMBER_KINDS[model]


async def test_an_older_call_stored_with_every_kinds_members_shows_and_keeps_its_own(
    client: httpx.AsyncClient, auth: Any, mongo: Any, clock: Any,
) -> None:
    """Calls stored before the union carry every member (defaults for other kinds')."""
    from app.services.calls.store import new_call_doc
    from app.services.demo_calls import CA_AI_OFFICE

    doc = new_call_doc(CA_AI_OFFICE, now=clock.now(), by="hr-1")
    doc.update(secondment_type=None, open_to={"eu_member_states": True}, grade_range=None,
               priority_rule="none", priority_order=[], sysper_post_number=None)
    inserted = await mongo.db.calls.insert_one(doc)
    headers = _hr(auth, "ca")
    url = f"/api/v1/calls/{inserted.inserted_id}"
    read = (await client.get(url, headers=headers)).json()
    assert read["function_group"] == "FGIV"
    assert not {"open_to", "secondment_type", "priority_rule"} & read.keys()
    response = await client.patch(url, headers={**headers, "If-Match": '"v1"'},
                                  json={"title": "Contract Agents FG IV in the AI Office"})
    assert response.status_code == 200, response.text
    stored = await mongo.db.calls.find_one({"_id": inserted.inserted_id})
    assert stored["title"] == "Contract Agents FG IV in the AI Office"
    assert not {"open_to", "secondment_type", "priority_rule"} & stored.keys()
