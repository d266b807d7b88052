"""On a route about one object, a caller who may not read it learns nothing: the same 404, with
the same problem body, whether the object exists, does not exist, or its id is malformed."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from bson import ObjectId

from tests.applications.factories import candidate, draft, open_call
from tests.files import pdf_bytes

# name → (method, path with {application}/{document}/{call}, JSON body or "upload")
ROUTES: dict[str, tuple[str, str, Any]] = {
    "read application": ("GET", "/applications/{application}", None),
    "change application": ("PATCH", "/applications/{application}",
                           {"profile_code": "technology-specialist-ai"}),
    "submit": ("POST", "/applications/{application}/submit", None),
    "withdraw": ("POST", "/applications/{application}/withdraw", None),
    "eligibility": ("GET", "/applications/{application}/eligibility", None),
    "decision": ("POST", "/applications/{application}/decision",
                 {"status": "eligible", "reason": "Looks eligible"}),
    "read special needs": ("GET", "/applications/{application}/special-needs", None),
    "change special needs": ("PUT", "/applications/{application}/special-needs",
                             {"special_needs": "A ground-floor room"}),
    "list documents": ("GET", "/applications/{application}/documents", None),
    "upload document": ("POST", "/applications/{application}/documents", "upload"),
    "prefill from cv": ("POST", "/applications/{application}/prefill-from-cv", None),
    "document content": ("GET", "/documents/{document}/content", None),
    "delete document": ("DELETE", "/documents/{document}", None),
    "read call": ("GET", "/calls/{call}", None),
    "change call": ("PATCH", "/calls/{call}", {"title": "Retitled"}),
    "publish call": ("POST", "/calls/{call}/publish", None),
    "close call": ("POST", "/calls/{call}/close", None),
    "cancel call": ("POST", "/calls/{call}/cancel", None),
    "complete call": ("POST", "/calls/{call}/complete", None),
}

# Callers who may read neither the application (submitted by cand-1 to a CNECT.A.2 call), nor its
# document, nor the call on the staff routes (a published call is public, but not there).
OUTSIDERS: dict[str, tuple[tuple[str, ...], dict[str, Any]]] = {
    "another candidate": (("candidate",), {"sub": "cand-2"}),
    "another permrep": (("permrep",), {"sub": "pr-de", "country": "DE"}),
    "recruiter of another DG": (("recruiter",), {"sub": "r-digit", "unit": "DIGIT.B.1"}),
    "recruiter of a sibling unit": (("recruiter",), {"sub": "r-a3", "unit": "CNECT.A.3"}),
    "recruiter without unit": (("recruiter",), {"sub": "r-none", "unit": None}),
    "hr of another DG": (("hr",), {"sub": "hr-digit", "unit": "DIGIT"}),
    "hr without unit": (("hr",), {"sub": "hr-none", "unit": None}),
    "panel": (("panel",), {"sub": "p-1"}),
    "dpo": (("dpo",), {"sub": "dpo-1"}),
    "admin": (("admin",), {"sub": "admin-1"}),
}


@pytest.fixture
async def existing(client: httpx.AsyncClient, auth) -> dict[str, str]:
    call = await open_call(client, auth, kind="ca", unit="CNECT.A.2")
    owner = candidate(auth, "cand-1")
    application = (await draft(client, owner, call["id"]))["id"]
    uploaded = await client.post(f"/api/v1/applications/{application}/documents",
                                 data={"kind": "cv"}, headers=owner,
                                 files={"file": ("cv.pdf", pdf_bytes("CV"), "application/pdf")})
    assert uploaded.status_code == 201, uploaded.text
    submitted = await client.post(f"/api/v1/applications/{application}/submit", headers=owner)
    assert submitted.status_code == 200, submitted.text
    return {"application": application, "document": uploaded.json()["id"], "call": call["id"]}


def _missing() -> dict[str, str]:
    return {"application": str(ObjectId()), "document": str(ObjectId()), "call": str(ObjectId())}


MALFORMED = {"application": "nope", "document": "nope", "call": "nope"}


async def _send(client: httpx.AsyncClient, headers: dict[str, str], route: str,
                ids: dict[str, str]) -> httpx.Response:
    method, template, body = ROUTES[route]
    url = "/api/v1" + template.format(**ids)
    headers = {**headers, "If-Match": '"v1"'}
    if body == "upload":
        return await client.post(url, data={"kind": "cv"}, headers=headers,
                                 files={"file": ("cv.pdf", pdf_bytes("CV"), "application/pdf")})
    return await client.request(method, url, json=body, headers=headers)


def _problem(response: httpx.Response) -> dict[str, Any]:
    body = dict(response.json())
    body.pop("request_id", None)
    return body


@pytest.mark.parametrize("route", list(ROUTES))
@pytest.mark.parametrize("caller", list(OUTSIDERS))
async def test_an_outsider_cannot_tell_whether_an_object_exists(
    client: httpx.AsyncClient, auth, existing, caller: str, route: str
) -> None:
    roles, claims = OUTSIDERS[caller]
    headers = dict(auth(*roles, **claims))
    there = await _send(client, headers, route, existing)
    absent = await _send(client, headers, route, _missing())
    malformed = await _send(client, headers, route, MALFORMED)
    assert there.status_code == absent.status_code == malformed.status_code == 404, (
        there.text, absent.text)
    assert _problem(there) == _problem(absent) == _problem(malformed)
    assert there.headers["content-type"] == absent.headers["content-type"]
