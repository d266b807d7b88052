"""Who sees what: every role against own and other applications, on every endpoint."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from app.db import Mongo
from tests.applications.factories import (
    candidate,
    decide,
    draft,
    hr,
    open_call,
    permrep,
    submitted,
)


@pytest.fixture
async def world(client: httpx.AsyncClient, auth) -> dict[str, Any]:
    """A submitted CA application (cand-1), a CA draft (cand-3), a submitted SNE one (PT)."""
    ca = await open_call(client, auth, kind="ca", unit="CNECT.A.2")
    sne = await open_call(client, auth, kind="sne", unit="CNECT.A.2")
    other = await open_call(client, auth, kind="ca", unit="DIGIT.B.1")
    return {
        "ca": (await submitted(client, candidate(auth), ca["id"]))["id"],
        "draft": (await draft(client, candidate(auth, "cand-3"), ca["id"]))["id"],
        "sne": (await submitted(client, permrep(auth, "PT"), sne["id"]))["id"],
        "digit": (await submitted(client, candidate(auth, "cand-4"), other["id"]))["id"],
    }


CALLERS: dict[str, tuple[tuple[str, ...], dict[str, Any]]] = {
    "owner": (("candidate",), {"sub": "cand-1"}),
    "draft_owner": (("candidate",), {"sub": "cand-3"}),
    "other_candidate": (("candidate",), {"sub": "cand-2"}),
    "permrep_pt": (("permrep",), {"sub": "pr-pt", "country": "PT"}),
    "permrep_de": (("permrep",), {"sub": "pr-de", "country": "DE"}),
    "recruiter_cnect": (("recruiter",), {"sub": "r-1", "unit": "CNECT.A"}),
    "recruiter_digit": (("recruiter",), {"sub": "r-2", "unit": "DIGIT"}),
    "hr": (("hr",), {"sub": "hr-1", "unit": "CNECT"}),
    "hr_digit": (("hr",), {"sub": "hr-2", "unit": "DIGIT"}),
    "hr_without_unit": (("hr",), {"sub": "hr-3", "unit": None}),
    "panel": (("panel",), {"sub": "p-1"}),
    "dpo": (("dpo",), {"sub": "dpo-1"}),
    "admin": (("admin",), {"sub": "admin-1"}),
}

# GET /applications/{id}: caller → {application: status}
READ = {
    "owner": {"ca": 200, "draft": 404, "sne": 404, "digit": 404},
    "draft_owner": {"ca": 404, "draft": 200, "sne": 404, "digit": 404},
    "other_candidate": {"ca": 404, "draft": 404, "sne": 404, "digit": 404},
    "permrep_pt": {"ca": 404, "draft": 404, "sne": 200, "digit": 404},
    "permrep_de": {"ca": 404, "draft": 404, "sne": 404, "digit": 404},
    "recruiter_cnect": {"ca": 200, "draft": 404, "sne": 200, "digit": 404},
    "recruiter_digit": {"ca": 404, "draft": 404, "sne": 404, "digit": 200},
    "hr": {"ca": 200, "draft": 404, "sne": 200, "digit": 404},
    "hr_digit": {"ca": 404, "draft": 404, "sne": 404, "digit": 200},
    "hr_without_unit": {"ca": 404, "draft": 404, "sne": 404, "digit": 404},
    "panel": {"ca": 404, "draft": 404, "sne": 404, "digit": 404},
    # Roles that never see applications learn nothing either: 404, as for a missing one.
    "dpo": {"ca": 404, "draft": 404, "sne": 404, "digit": 404},
    "admin": {"ca": 404, "draft": 404, "sne": 404, "digit": 404},
}
OWNERS = ("owner", "draft_owner", "permrep_pt")
HR = ("hr", "hr_digit")


def _headers(auth, caller: str) -> dict[str, str]:
    roles, claims = CALLERS[caller]
    return dict(auth(*roles, **claims))


@pytest.mark.parametrize("caller", list(CALLERS))
async def test_read_and_eligibility(client: httpx.AsyncClient, auth, world, caller: str) -> None:
    headers = _headers(auth, caller)
    for name, expected in READ[caller].items():
        url = f"/api/v1/applications/{world[name]}"
        assert (await client.get(url, headers=headers)).status_code == expected, (caller, name)
        eligibility = await client.get(f"{url}/eligibility", headers=headers)
        assert eligibility.status_code == expected, (caller, name)


@pytest.mark.parametrize("caller", list(CALLERS))
async def test_list_shows_exactly_what_can_be_read(
    client: httpx.AsyncClient, auth, world, caller: str
) -> None:
    response = await client.get("/api/v1/applications", headers=_headers(auth, caller))
    if caller in ("dpo", "admin", "hr_without_unit"):
        assert response.status_code == 403
        return
    assert response.status_code == 200
    seen = {item["id"] for item in response.json()["items"]}
    assert seen == {world[n] for n, status in READ[caller].items() if status == 200}


@pytest.mark.parametrize("caller", list(CALLERS))
async def test_special_needs(client: httpx.AsyncClient, auth, world, caller: str) -> None:
    headers = _headers(auth, caller)
    for name, readable in READ[caller].items():
        response = await client.get(f"/api/v1/applications/{world[name]}/special-needs",
                                    headers=headers)
        # HR of the DG (interview logistics) and the candidate's side read them.
        expected = readable if readable != 200 else (200 if caller in HR + OWNERS else 403)
        assert response.status_code == expected, (caller, name)


@pytest.mark.parametrize("caller", list(CALLERS))
async def test_decision(client: httpx.AsyncClient, auth, world, caller: str) -> None:
    headers = _headers(auth, caller)
    for name, readable in READ[caller].items():
        response = await decide(client, headers, world[name], "eligible")
        staff = caller in ("hr", "hr_digit", "recruiter_cnect", "recruiter_digit")
        expected = readable if readable != 200 else (200 if staff else 403)
        assert response.status_code == expected, (caller, name)


@pytest.mark.parametrize("caller", list(CALLERS))
async def test_owner_actions(client: httpx.AsyncClient, auth, world, caller: str) -> None:
    """PATCH, submit and withdraw: the owner (or submitting PermRep) only."""
    headers = _headers(auth, caller)
    for name, readable in READ[caller].items():
        url = f"/api/v1/applications/{world[name]}"
        patched = await client.patch(url, json={"profile_code": "technology-specialist-ai"},
                                     headers={**headers, "If-Match": "*"})
        withdrawn = await client.post(f"{url}/withdraw", headers=headers)
        if readable != 200:
            assert patched.status_code == readable, (caller, name)
            assert withdrawn.status_code == readable, (caller, name)
        elif caller in OWNERS:
            # Owners: the draft changes; a submitted application only withdraws.
            assert patched.status_code == (200 if name == "draft" else 409), (caller, name)
            assert withdrawn.status_code == 200, (caller, name)
        else:
            assert patched.status_code == 403, (caller, name)
            assert withdrawn.status_code == 403, (caller, name)


async def test_without_a_token_everything_is_401(client: httpx.AsyncClient, world) -> None:
    assert (await client.get("/api/v1/applications")).status_code == 401
    assert (await client.get(f"/api/v1/applications/{world['ca']}")).status_code == 401


async def test_unknown_and_malformed_ids_are_404(client: httpx.AsyncClient, auth) -> None:
    for application_id in ("0" * 24, "nope"):
        assert (await client.get(f"/api/v1/applications/{application_id}",
                                 headers=hr(auth))).status_code == 404


async def test_every_read_is_audited_with_a_pseudonymous_subject(
    client: httpx.AsyncClient, auth, world, mongo: Mongo
) -> None:
    await mongo.db.audit_events.delete_many({})
    await client.get(f"/api/v1/applications/{world['ca']}", headers=hr(auth))
    listing = await client.get("/api/v1/applications", headers=hr(auth))
    count = len(listing.json()["items"])
    events = await mongo.db.audit_events.find({}).to_list()
    assert len([e for e in events if e["action"] == "read"]) == 1
    assert len([e for e in events if e["action"] == "list"]) == count == 2
    assert all(e["subject_id"] and "cand-" not in e["subject_id"] for e in events)


async def test_list_filters_and_pages(client: httpx.AsyncClient, auth, world) -> None:
    first = await client.get("/api/v1/applications", params={"limit": 1}, headers=hr(auth))
    body = first.json()
    assert len(body["items"]) == 1 and body["next_cursor"]
    rest = await client.get("/api/v1/applications",
                            params={"limit": 1, "cursor": body["next_cursor"]}, headers=hr(auth))
    ids = [i["id"] for i in body["items"] + rest.json()["items"]]
    # HR of DG CNECT: the CNECT applications, not DIGIT's.
    assert sorted(ids) == sorted([world["ca"], world["sne"]])
    assert rest.json()["next_cursor"] is None

    read = await client.get(f"/api/v1/applications/{world['ca']}", headers=hr(auth))
    call_id = read.json()["call_id"]
    by_call = await client.get("/api/v1/applications", params={"call_id": call_id},
                               headers=hr(auth))
    assert [i["id"] for i in by_call.json()["items"]] == [world["ca"]]
    drafts = await client.get("/api/v1/applications", params={"status": "draft"},
                              headers=candidate(auth, "cand-3"))
    assert [i["id"] for i in drafts.json()["items"]] == [world["draft"]]
    bad = await client.get("/api/v1/applications", params={"call_id": "x"}, headers=hr(auth))
    assert bad.status_code == 422
