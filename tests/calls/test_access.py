"""Who may do what with calls: a matrix over roles × endpoints, plus the unit-subtree rules."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.calls.helpers import call_payload

# name → (method, path after /api/v1/calls/{id}, steps that set the call up, body)
ENDPOINTS: dict[str, tuple[str, str, list[str], dict[str, Any] | None]] = {
    "get": ("GET", "", [], None),
    "patch": ("PATCH", "", [], {"title": "Retitled"}),
    "publish": ("POST", "/publish", [], None),
    "close": ("POST", "/close", ["publish"], None),
    "cancel": ("POST", "/cancel", [], None),
    "complete": ("POST", "/complete", ["publish", "close"], None),
}

# caller → (roles, unit); the call under test lives in CNECT.A.2.
CALLERS: dict[str, tuple[list[str], str | None]] = {
    "hr": (["hr"], "CNECT"),
    "hr_other_dg": (["hr"], "DIGIT"),
    "hr_without_unit": (["hr"], None),
    "recruiter_same_unit": (["recruiter"], "CNECT.A.2"),
    "recruiter_parent_unit": (["recruiter"], "CNECT.A"),
    "recruiter_sibling_unit": (["recruiter"], "CNECT.A.3"),
    "recruiter_other_dg": (["recruiter"], "DIGIT.B.1"),
    "recruiter_without_unit": (["recruiter"], None),
    "candidate": (["candidate"], None),
    "permrep": (["permrep"], None),
    "panel": (["panel"], None),
    "dpo": (["dpo"], None),
    "admin": (["admin"], None),
}
MANAGES = {"hr", "recruiter_same_unit", "recruiter_parent_unit"}
STAFF_ELSEWHERE = {"recruiter_sibling_unit", "recruiter_other_dg", "hr_other_dg"}
# Staff whose token names no unit: no scope at all (403 on collections, 404 on objects).
NO_SCOPE = {"recruiter_without_unit", "hr_without_unit"}
SUCCESS = {"get": 200, "patch": 200, "publish": 200, "close": 200, "cancel": 200,
           "complete": 200}


def _expected(caller: str, endpoint: str) -> int:
    if caller in MANAGES:
        return SUCCESS[endpoint]
    # Not theirs, or a role that never manages calls: they may not know it exists.
    return 404


def _headers(auth, caller: str) -> dict[str, str]:
    roles, unit = CALLERS[caller]
    return auth(*roles, sub=f"user-{caller}", unit=unit, country="BE")


async def _call_in(client: httpx.AsyncClient, auth, unit: str, steps: list[str]) -> dict:
    hr = auth("hr", unit=unit.split(".")[0])
    created = await client.post("/api/v1/calls", headers=hr, json=call_payload(
        notice="sne", unit=unit, reference=f"TEST/{unit}"))
    call = created.json()
    for step in steps:
        assert (await client.post(f"/api/v1/calls/{call['id']}/{step}", headers=hr)
                ).status_code == 200
    return dict((await client.get(f"/api/v1/calls/{call['id']}", headers=hr)).json())


@pytest.mark.parametrize("endpoint", list(ENDPOINTS))
@pytest.mark.parametrize("caller", list(CALLERS))
async def test_call_endpoints_by_role(client: httpx.AsyncClient, auth, caller: str,
                                      endpoint: str) -> None:
    method, suffix, steps, body = ENDPOINTS[endpoint]
    call = await _call_in(client, auth, "CNECT.A.2", steps)
    headers = {**_headers(auth, caller), "If-Match": f'"v{call["version"]}"'}
    response = await client.request(method, f"/api/v1/calls/{call['id']}{suffix}",
                                    headers=headers, json=body)
    assert response.status_code == _expected(caller, endpoint), response.text
    assert (await client.get(f"/api/v1/calls/{call['id']}", headers=auth("hr"))).json()[
        "version"] == call["version"] + (1 if response.status_code == 200 and method != "GET"
                                         else 0)


@pytest.mark.parametrize("caller", list(CALLERS))
async def test_create_by_role(client: httpx.AsyncClient, auth, caller: str) -> None:
    response = await client.post("/api/v1/calls", headers=_headers(auth, caller),
                                 json=call_payload(notice="sne", unit="CNECT.A.2"))
    # Creating outside one's subtree is a role's limit, not a hidden resource: 403.
    assert response.status_code == (201 if caller in MANAGES else 403), response.text


@pytest.mark.parametrize("caller", list(CALLERS))
async def test_list_by_role(client: httpx.AsyncClient, auth, caller: str) -> None:
    mine = await _call_in(client, auth, "CNECT.A.2", [])
    above = await _call_in(client, auth, "CNECT.A", [])
    digit = await _call_in(client, auth, "DIGIT.B.1", [])
    response = await client.get("/api/v1/calls", headers=_headers(auth, caller))
    if caller not in MANAGES | STAFF_ELSEWHERE:
        assert response.status_code == 403  # the role itself is refused the collection
        return
    assert response.status_code == 200
    seen = {c["id"] for c in response.json()["items"]}
    expected = {
        "hr": {mine["id"], above["id"]},
        "hr_other_dg": {digit["id"]},
        "recruiter_same_unit": {mine["id"]},
        "recruiter_parent_unit": {mine["id"], above["id"]},
        "recruiter_other_dg": {digit["id"]},
    }.get(caller, set())
    assert seen == expected
    # A unit filter never widens a recruiter's view.
    widened = await client.get("/api/v1/calls", headers=_headers(auth, caller),
                               params={"unit": "CNECT"})
    assert {c["id"] for c in widened.json()["items"]} == expected - {digit["id"]}


async def test_a_recruiter_of_a_unit_below_does_not_see_the_unit_above(
    client: httpx.AsyncClient, auth
) -> None:
    above = await _call_in(client, auth, "CNECT.A", [])
    response = await client.get(f"/api/v1/calls/{above['id']}",
                                headers=_headers(auth, "recruiter_same_unit"))
    assert response.status_code == 404


async def test_a_recruiter_cannot_move_a_call_out_of_their_subtree(
    client: httpx.AsyncClient, auth
) -> None:
    call = await _call_in(client, auth, "CNECT.A.2", [])
    headers = {**_headers(auth, "recruiter_parent_unit"), "If-Match": '"v1"'}
    url = f"/api/v1/calls/{call['id']}"
    assert (await client.patch(url, headers=headers, json={"unit": "DIGIT.B.1"})
            ).status_code == 403
    moved = await client.patch(url, headers=headers, json={"unit": "CNECT.A.1"})
    assert moved.status_code == 200
    assert moved.json()["unit"] == "CNECT.A.1"


@pytest.mark.parametrize(("method", "path"), [
    ("GET", "/api/v1/calls"), ("POST", "/api/v1/calls"),
    ("GET", "/api/v1/calls/0123456789abcdef01234567"),
    ("POST", "/api/v1/calls/0123456789abcdef01234567/publish"),
])
async def test_staff_endpoints_need_a_token(client: httpx.AsyncClient, method, path) -> None:
    response = await client.request(method, path, json=call_payload())
    assert response.status_code == 401


@pytest.mark.parametrize("caller", list(CALLERS))
async def test_public_endpoints_show_published_calls_to_everyone(
    client: httpx.AsyncClient, auth, caller: str
) -> None:
    draft = await _call_in(client, auth, "CNECT.A.2", [])
    hr_digit = auth("hr", unit="DIGIT")  # the TA notice is DIGIT CERT-EU's
    published = await client.post("/api/v1/calls", headers=hr_digit, json=call_payload(
        notice="ta", reference="TEST/published"))
    await client.post(f"/api/v1/calls/{published.json()['id']}/publish", headers=hr_digit)
    headers = _headers(auth, caller)
    listed = await client.get("/api/v1/public/calls", headers=headers)
    assert [c["id"] for c in listed.json()["items"]] == [published.json()["id"]]
    hidden = await client.get(f"/api/v1/public/calls/{draft['id']}", headers=headers)
    assert hidden.status_code == 404
