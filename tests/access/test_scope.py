"""Need to know, as the privacy statement says it: HR of the DG concerned (not of other DGs),
and the hierarchy reading down (Director-General, Director, Head of Unit), never up."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.applications.factories import candidate, open_call, submitted

# Calls and one submitted application each, in the units the AI Office notices name and in DIGIT.
UNITS = ("CNECT.A", "CNECT.A.2", "CNECT.A.3", "DIGIT.B.1")


@pytest.fixture
async def world(client: httpx.AsyncClient, auth) -> dict[str, dict[str, Any]]:
    """unit → {"call": id, "application": id}."""
    made: dict[str, dict[str, Any]] = {}
    for number, unit in enumerate(UNITS):
        call = await open_call(client, auth, kind="ca", unit=unit)
        application = await submitted(client, candidate(auth, f"cand-{number}"), call["id"])
        made[unit] = {"call": call["id"], "application": application["id"]}
    return made


# caller → (roles, unit claim, the units whose calls and applications it may read)
CALLERS: dict[str, tuple[tuple[str, ...], str | None, set[str]]] = {
    "hr_cnect": (("hr",), "CNECT", {"CNECT.A", "CNECT.A.2", "CNECT.A.3"}),
    # HR's unit claim may name its own unit: its scope is still the whole DG.
    "hr_cnect_r3": (("hr",), "CNECT.R.3", {"CNECT.A", "CNECT.A.2", "CNECT.A.3"}),
    "hr_digit": (("hr",), "DIGIT", {"DIGIT.B.1"}),
    "director_general_cnect": (("recruiter",), "CNECT", {"CNECT.A", "CNECT.A.2", "CNECT.A.3"}),
    "director_cnect_a": (("recruiter",), "CNECT.A", {"CNECT.A", "CNECT.A.2", "CNECT.A.3"}),
    "head_of_unit_cnect_a2": (("recruiter",), "CNECT.A.2", {"CNECT.A.2"}),
    "head_of_unit_digit_b1": (("recruiter",), "DIGIT.B.1", {"DIGIT.B.1"}),
}


def _headers(auth, caller: str) -> dict[str, str]:
    roles, unit, _ = CALLERS[caller]
    return dict(auth(*roles, sub=f"user-{caller}", unit=unit))


@pytest.mark.parametrize("caller", list(CALLERS))
async def test_each_level_reads_its_own_unit_and_those_below(
    client: httpx.AsyncClient, auth, world, caller: str
) -> None:
    headers = _headers(auth, caller)
    readable = CALLERS[caller][2]
    for unit, ids in world.items():
        expected = 200 if unit in readable else 404
        call = await client.get(f"/api/v1/calls/{ids['call']}", headers=headers)
        assert call.status_code == expected, (caller, unit)
        application = await client.get(f"/api/v1/applications/{ids['application']}",
                                       headers=headers)
        assert application.status_code == expected, (caller, unit)
        documents = await client.get(f"/api/v1/applications/{ids['application']}/documents",
                                     headers=headers)
        assert documents.status_code == expected, (caller, unit)


@pytest.mark.parametrize("caller", list(CALLERS))
async def test_lists_show_exactly_the_callers_scope(
    client: httpx.AsyncClient, auth, world, caller: str
) -> None:
    headers = _headers(auth, caller)
    readable = CALLERS[caller][2]
    calls = await client.get("/api/v1/calls", headers=headers)
    assert calls.status_code == 200
    assert {c["id"] for c in calls.json()["items"]} == {world[u]["call"] for u in readable}
    applications = await client.get("/api/v1/applications", headers=headers)
    assert applications.status_code == 200
    assert ({a["id"] for a in applications.json()["items"]}
            == {world[u]["application"] for u in readable})
    # A filter on another DG's unit never widens the view.
    widened = await client.get("/api/v1/calls", headers=headers, params={"unit": "DIGIT"})
    assert ({c["id"] for c in widened.json()["items"]}
            == {world[u]["call"] for u in readable if u.startswith("DIGIT")})


async def test_hr_decides_and_creates_only_in_its_dg(
    client: httpx.AsyncClient, auth, world
) -> None:
    from tests.calls.helpers import call_payload

    hr_digit = _headers(auth, "hr_digit")
    cnect = world["CNECT.A.2"]["application"]
    decided = await client.post(f"/api/v1/applications/{cnect}/decision", headers=hr_digit,
                                json={"status": "eligible", "reason": "Looks fine"})
    assert decided.status_code == 404
    created = await client.post("/api/v1/calls", headers=hr_digit,
                                json=call_payload(unit="CNECT.A.2", reference="X/1"))
    assert created.status_code == 403
    own = await client.post("/api/v1/calls", headers=hr_digit,
                            json=call_payload(unit="DIGIT.B.1", reference="X/2"))
    assert own.status_code == 201
    digit = world["DIGIT.B.1"]["application"]
    decided = await client.post(f"/api/v1/applications/{digit}/decision", headers=hr_digit,
                                json={"status": "eligible", "reason": "Looks fine"})
    assert decided.status_code == 200


@pytest.mark.parametrize("role", ["hr", "recruiter"])
async def test_staff_without_a_unit_may_do_nothing(client: httpx.AsyncClient, auth, world,
                                                   role: str) -> None:
    """No DG or unit, no need to know: 403 on the collections, 404 on every object."""
    from tests.calls.helpers import call_payload

    headers = auth(role, sub="staff-nowhere", unit=None)
    assert (await client.get("/api/v1/calls", headers=headers)).status_code == 403
    assert (await client.get("/api/v1/applications", headers=headers)).status_code == 403
    created = await client.post("/api/v1/calls", headers=headers,
                                json=call_payload(unit="CNECT.A.2", reference="X/3"))
    assert created.status_code == 403
    for ids in world.values():
        assert (await client.get(f"/api/v1/calls/{ids['call']}", headers=headers)
                ).status_code == 404
        assert (await client.get(f"/api/v1/applications/{ids['application']}",
                                 headers=headers)).status_code == 404
