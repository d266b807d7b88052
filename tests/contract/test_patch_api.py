"""PATCH is a JSON Merge Patch on both resources: a page of the form saves only that page."""

from __future__ import annotations

import json
from typing import Any

import httpx

from tests.applications.factories import candidate, draft, open_call, profile
from tests.calls.helpers import create_call

MERGE = "application/merge-patch+json"


async def _patch(client: httpx.AsyncClient, url: str, headers: dict[str, str], body: Any,
                 *, media_type: str = MERGE) -> httpx.Response:
    read = await client.get(url, headers=headers)
    return await client.patch(url, content=json.dumps(body).encode(), headers={
        **headers, "Content-Type": media_type, "If-Match": read.headers["etag"]})


async def test_saving_one_page_keeps_the_rest_of_the_profile(
    client: httpx.AsyncClient, auth: Any
) -> None:
    call = await open_call(client, auth, kind="ca")
    full = profile(birth_name="Silva", date_of_birth="1988-04-12",
                   contact={"email": "ana@example.org", "phone": "+351 21 000 0000"},
                   declarations=["full_rights_as_citizen"])
    created = await draft(client, candidate(auth), call["id"], profile=full)
    url = f"/api/v1/applications/{created['id']}"

    page = {"profile": {"languages": [{"language": "PT", "level": "C2", "mother_tongue": True}],
                        "contact": {"address": "Rua Augusta 1, Lisboa"}}}
    saved = await _patch(client, url, candidate(auth), page)
    assert saved.status_code == 200, saved.text
    after = saved.json()["profile"]
    assert after["birth_name"] == "Silva" and after["date_of_birth"] == "1988-04-12"
    assert after["declarations"] == ["full_rights_as_citizen"]
    assert after["contact"] == {"email": "ana@example.org", "phone": "+351 21 000 0000",
                                "address": "Rua Augusta 1, Lisboa"}
    assert after["languages"][0]["language"] == "PT"


async def test_null_clears_a_member_and_plain_json_means_the_same(
    client: httpx.AsyncClient, auth: Any
) -> None:
    call = await open_call(client, auth, kind="ca")
    created = await draft(client, candidate(auth), call["id"],
                          profile=profile(birth_name="Silva",
                                          contact={"email": "a@example.org", "phone": "1"}))
    url = f"/api/v1/applications/{created['id']}"
    cleared = await _patch(client, url, candidate(auth),
                           {"profile": {"birth_name": None, "contact": {"phone": None}}},
                           media_type="application/json")
    assert cleared.status_code == 200, cleared.text
    assert cleared.json()["profile"]["birth_name"] is None
    assert cleared.json()["profile"]["contact"] == {"email": "a@example.org", "phone": None,
                                                    "address": None}
    assert cleared.json()["profile"]["first_name"] == "Ana"


async def test_the_merged_draft_is_validated(client: httpx.AsyncClient, auth: Any) -> None:
    call = await open_call(client, auth, kind="ca")
    created = await draft(client, candidate(auth), call["id"])
    url = f"/api/v1/applications/{created['id']}"
    # The contact's e-mail is required within a contact: removing it leaves an invalid draft.
    refused = await _patch(client, url, candidate(auth), {"profile": {"contact": {"email": None},
                                                                      "shoe_size": 42}})
    assert refused.status_code == 422
    problem = refused.json()
    assert problem["code"] == "validation"
    items = {tuple(e["loc"]): e["type"] for e in problem["errors"]}
    assert items[("body", "profile", "contact", "email")] == "missing"
    assert items[("body", "profile", "shoe_size")] == "extra_forbidden"
    unchanged = await client.get(url, headers=candidate(auth))
    assert unchanged.json()["profile"]["contact"]["email"] == "ana@example.org"


async def test_patch_without_if_match_is_428_and_json_patch_is_415(
    client: httpx.AsyncClient, auth: Any
) -> None:
    call = await open_call(client, auth, kind="ca")
    created = await draft(client, candidate(auth), call["id"])
    url = f"/api/v1/applications/{created['id']}"
    missing = await client.patch(url, content=b'{"profile": {"first_name": "Bea"}}',
                                 headers={**candidate(auth), "Content-Type": MERGE})
    assert missing.status_code == 428
    assert missing.json()["code"] == "precondition-required"
    json_patch = await client.patch(
        url, content=b'[{"op": "replace", "path": "/profile/first_name", "value": "Bea"}]',
        headers={**candidate(auth), "Content-Type": "application/json-patch+json",
                 "If-Match": '"v1"'})
    assert json_patch.status_code == 415
    assert "merge-patch" in json_patch.json()["detail"]


async def test_a_call_patch_merges_nested_objects(client: httpx.AsyncClient, auth: Any) -> None:
    hr = auth("hr")
    call = await create_call(client, hr)
    url = f"/api/v1/calls/{call['id']}"
    before = call["sections"]
    assert before["we_are"] and before["we_propose"]
    patched = await _patch(client, url, hr, {"sections": {"we_are": "A new unit.",
                                                          "conditions": None}})
    assert patched.status_code == 200, patched.text
    sections = patched.json()["sections"]
    assert sections["we_are"] == "A new unit."
    assert sections["we_propose"] == before["we_propose"]
    assert sections["conditions"] is None
    assert patched.json()["title"] == call["title"]
    missing = await client.patch(url, content=b'{"title": "x"}',
                                 headers={**hr, "Content-Type": MERGE})
    assert missing.status_code == 428
