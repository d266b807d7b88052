"""Creating, reading, listing and editing calls through the staff API."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from tests.calls.helpers import call_payload, create_call


async def test_create_returns_201_location_etag_and_a_draft(client: httpx.AsyncClient,
                                                            auth) -> None:
    response = await client.post("/api/v1/calls", headers=auth("hr"), json=call_payload())
    assert response.status_code == 201
    call = response.json()
    assert response.headers["location"] == f"/api/v1/calls/{call['id']}"
    assert response.headers["etag"] == '"v1"'
    assert call["status"] == "draft"
    assert call["version"] == 1
    assert call["reference"] == "EC/2024/CNECT/443651"
    assert call["criteria"]["cast_function_group"] == "FGIV"
    read = await client.get(response.headers["location"], headers=auth("hr"))
    assert read.status_code == 200
    assert read.headers["etag"] == '"v1"'
    assert read.json() == call


async def test_idempotency_key_replays_the_first_response(client: httpx.AsyncClient,
                                                          auth, mongo) -> None:
    headers = {**auth("hr"), "Idempotency-Key": "create-1"}
    first = await client.post("/api/v1/calls", headers=headers, json=call_payload())
    again = await client.post("/api/v1/calls", headers=headers, json=call_payload())
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again.headers["location"] == first.headers["location"]
    assert again.headers["idempotent-replayed"] == "true"
    assert await mongo.db.calls.count_documents({}) == 1
    other = await client.post("/api/v1/calls", headers=headers,
                              json=call_payload(reference="EC/2024/OTHER/1"))
    assert other.status_code == 422


async def test_a_reference_is_unique(client: httpx.AsyncClient, auth) -> None:
    await create_call(client, auth("hr"))
    response = await client.post("/api/v1/calls", headers=auth("hr"), json=call_payload())
    assert response.status_code == 409


@pytest.mark.parametrize(("path", "value"), [
    (("criteria", "languages", "main_languages"), ["XX"]),
    (("criteria", "languages", "main_level"), "C3"),
    (("criteria", "languages", "second_level"), "C2"),  # above the main level (C1)
    (("criteria", "experience", "min_months"), -1),
    (("criteria", "min_months_current_employer"), -12),
    (("criteria", "nationalities"), ["Belgium"]),
    (("criteria", "employer_types"), ["ministry_of_magic"]),
    (("criteria", "education"), {}),
    (("documents", "cv_languages"), ["en", "tlh"]),
    (("duration",), {"initial_months_min": 24, "initial_months_max": 12}),
    (("unit",), "CNECT A 2"),
    (("kind",), "consultant"),
    (("criteria", "unknown_rule"), True),
])
async def test_impossible_criteria_are_refused_with_422(client: httpx.AsyncClient, auth,
                                                        path, value) -> None:
    body = call_payload(notice="sne")
    target = body
    for key in path[:-1]:
        target = target.setdefault(key, {})
        if target is None:
            target = body[key] = {}
    target[path[-1]] = value
    if path[:2] == ("criteria", "languages"):
        body["criteria"]["languages"] = {"main_level": "C1", "second_level": "B2",
                                         path[-1]: value}
    response = await client.post("/api/v1/calls", headers=auth("hr"), json=body)
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["errors"]


async def test_language_codes_are_normalised(client: httpx.AsyncClient, auth) -> None:
    body = call_payload(notice="sne")
    body["documents"]["cv_languages"] = ["en", "fr", "de"]
    response = await client.post("/api/v1/calls", headers=auth("hr"), json=body)
    assert response.json()["documents"]["cv_languages"] == ["EN", "FR", "DE"]


async def test_patch_needs_if_match_and_refuses_a_stale_one(client: httpx.AsyncClient,
                                                            auth) -> None:
    call = await create_call(client, auth("hr"))
    url = f"/api/v1/calls/{call['id']}"
    missing = await client.patch(url, headers=auth("hr"), json={"title": "New"})
    assert missing.status_code == 428
    ok = await client.patch(url, headers={**auth("hr"), "If-Match": '"v1"'},
                            json={"title": "New title"})
    assert ok.status_code == 200
    assert ok.headers["etag"] == '"v2"'
    assert ok.json()["title"] == "New title"
    stale = await client.patch(url, headers={**auth("hr"), "If-Match": '"v1"'},
                               json={"title": "Lost update"})
    assert stale.status_code == 412
    assert (await client.get(url, headers=auth("hr"))).json()["title"] == "New title"


async def test_a_draft_may_change_anything_including_kind_and_reference(
    client: httpx.AsyncClient, auth
) -> None:
    call = await create_call(client, auth("hr"))
    response = await client.patch(
        f"/api/v1/calls/{call['id']}", headers={**auth("hr"), "If-Match": '"v1"'},
        json={"kind": "ta", "reference": "EC/2024/CNECT/999", "grade_range": "AD5-AD7",
              "deadline": {"local": "2027-02-01T12:00"}, "function_group": None})
    assert response.status_code == 200, response.text
    call = response.json()
    assert (call["kind"], call["reference"], call["grade_range"]) == (
        "ta", "EC/2024/CNECT/999", "AD5-AD7")
    assert "function_group" not in call  # a TA call has no function group (CA only)
    assert call["deadline"]["utc"] == "2027-02-01T11:00:00Z"
    assert call["corrigenda"] == []


async def test_patch_refuses_null_for_required_fields_and_unknown_fields(
    client: httpx.AsyncClient, auth
) -> None:
    call = await create_call(client, auth("hr"))
    headers = {**auth("hr"), "If-Match": '"v1"'}
    url = f"/api/v1/calls/{call['id']}"
    assert (await client.patch(url, headers=headers, json={"title": None})).status_code == 422
    assert (await client.patch(url, headers=headers, json={"status": "closed"})
            ).status_code == 422
    assert (await client.patch(url, headers=headers, json={"deadline": None})).status_code == 422


async def test_unknown_and_malformed_ids_are_404(client: httpx.AsyncClient, auth) -> None:
    for call_id in ("0123456789abcdef01234567", "nope"):
        response = await client.get(f"/api/v1/calls/{call_id}", headers=auth("hr"))
        assert response.status_code == 404


async def test_list_filters_by_status_kind_unit_and_text(client: httpx.AsyncClient,
                                                         auth) -> None:
    hr = auth("hr")  # HR of DG CNECT
    hr_digit = auth("hr", unit="DIGIT")
    sne = await create_call(client, hr, notice="sne")  # CNECT.A
    ca = await create_call(client, hr, notice="ca")  # CNECT.A.2
    digit = await create_call(client, hr_digit, notice="ca_digit")
    ta = await create_call(client, hr_digit, notice="ta")
    await client.post(f"/api/v1/calls/{ta['id']}/publish", headers=hr_digit)

    async def ids(headers: dict[str, str] = hr, **params) -> list[str]:
        response = await client.get("/api/v1/calls", headers=headers, params=params)
        assert response.status_code == 200, response.text
        return [c["id"] for c in response.json()["items"]]

    assert await ids() == [ca["id"], sne["id"]]  # newest first, HR's own DG only
    assert await ids(hr_digit) == [ta["id"], digit["id"]]
    assert await ids(hr_digit, status="published") == [ta["id"]]
    assert await ids(status="published") == []
    assert await ids(kind="ca") == [ca["id"]]
    assert await ids(unit="CNECT.A") == [ca["id"], sne["id"]]  # the unit and those below
    assert await ids(unit="cnect.a.2") == [ca["id"]]
    assert await ids(unit="CNECT.A.2", kind="sne") == []
    assert await ids(hr_digit, q="governance") == [digit["id"]]
    assert await ids(hr_digit, q="digit/com/2024") == [ta["id"]]
    # The user's text is a literal, never a pattern.
    assert await ids(q=".*") == []
    assert await ids(q="(ai office)") == [sne["id"]]
    too_long = await client.get("/api/v1/calls", headers=hr, params={"q": "x" * 101})
    assert too_long.status_code == 422


async def test_list_pages_with_a_cursor(client: httpx.AsyncClient, auth) -> None:
    hr = auth("hr")
    made = [await create_call(client, hr, reference=f"EC/TEST/{n}") for n in range(5)]
    seen: list[str] = []
    cursor = None
    while True:
        params = {"limit": 2, **({"cursor": cursor} if cursor else {})}
        page = (await client.get("/api/v1/calls", headers=hr, params=params)).json()
        seen += [c["id"] for c in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == [c["id"] for c in reversed(made)]
    bad = await client.get("/api/v1/calls", headers=hr, params={"cursor": "!!!"})
    assert bad.status_code == 400


async def test_renaming_a_draft_onto_a_taken_reference_is_409(client: httpx.AsyncClient,
                                                              auth) -> None:
    taken = await create_call(client, auth("hr"))
    other = await create_call(client, auth("hr"), reference="EC/TEST/OTHER")
    response = await client.patch(f"/api/v1/calls/{other['id']}",
                                  headers={**auth("hr"), "If-Match": '"v1"'},
                                  json={"reference": taken["reference"]})
    assert response.status_code == 409


async def test_concurrent_patches_with_the_same_etag_one_wins(client: httpx.AsyncClient,
                                                              auth) -> None:
    call = await create_call(client, auth("hr"))
    headers = {**auth("hr"), "If-Match": '"v1"'}
    responses = await asyncio.gather(*(
        client.patch(f"/api/v1/calls/{call['id']}", headers=headers, json={"title": f"T{n}"})
        for n in range(3)))
    assert sorted(r.status_code for r in responses) == [200, 412, 412]
    final = (await client.get(f"/api/v1/calls/{call['id']}", headers=auth("hr"))).json()
    assert final["version"] == 2
