"""Best matches: consenting earlier applicants and CAST candidates, hard filters from the
eligibility engine (unknown shown), a score whose every component is shown; objectors and
candidates past their retention date never appear."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import httpx

from app.clock import ManualClock
from app.db import Mongo
from tests.applications.factories import Auth, candidate, hr, open_call, profile
from tests.integrations.cast_files import cast_csv, cast_row
from tests.integrations.test_cast import _import

RICH = {
    "nationalities": ["PT"],
    "languages": [{"language": "EN", "level": "C1"}, {"language": "FR", "level": "B2"},
                  {"language": "PT", "level": "C2"}],
    "education": [{"level": "master", "field": "Computer science", "years": 5}],
    "experience": [{"employer": "Instituto de Engenharia", "position": "Software engineer",
                    "start": "2018-01-01", "end": "2025-12-31"}],
}


async def _earlier_applicant(client: httpx.AsyncClient, auth: Auth, call_id: str, sub: str,
                             *, consent: bool, **overrides: Any) -> str:
    headers = candidate(auth, sub)
    body = profile(**{**RICH, "first_name": sub, "contact": {"email": f"{sub}@example.eu"},
                      **overrides})
    created = await client.post(f"/api/v1/calls/{call_id}/applications", headers=headers,
                                json={"profile": body})
    assert created.status_code == 201, created.text
    application_id: str = created.json()["id"]
    submitted = await client.post(f"/api/v1/applications/{application_id}/submit",
                                  headers=headers)
    assert submitted.status_code == 200, submitted.text
    if consent:
        given = await client.put(f"/api/v1/applications/{application_id}/talent-pool-consent",
                                 headers=headers)
        assert given.status_code == 200 and given.json()["consented"] is True, given.text
    return application_id


async def test_the_pool_is_filtered_ranked_and_explained(
        client: httpx.AsyncClient, auth: Auth, clock: ManualClock, mongo: Mongo) -> None:
    earlier = await open_call(client, auth, kind="ca")
    target = await open_call(client, auth, kind="ca_digit")
    strong = await _earlier_applicant(client, auth, earlier["id"], "strong", consent=True)
    weak = await _earlier_applicant(client, auth, earlier["id"], "weak", consent=True,
                                    education=[], experience=[],
                                    languages=[{"language": "EN", "level": "C1"},
                                               {"language": "FR", "level": "B2"}])
    await _earlier_applicant(client, auth, earlier["id"], "monolingual", consent=True,
                             languages=[{"language": "EN", "level": "C1"}])
    await _earlier_applicant(client, auth, earlier["id"], "silent", consent=False)
    await _earlier_applicant(client, auth, earlier["id"], "foreign", consent=True,
                             nationalities=["US"])
    objector = await _earlier_applicant(client, auth, earlier["id"], "objector", consent=True)
    objected = await client.delete(f"/api/v1/applications/{objector}/talent-pool-consent",
                                   headers=candidate(auth, "objector"))
    assert objected.json()["objected_at"] is not None
    await _import(client, auth, cast_csv([cast_row(1), cast_row(2, group="FG III")]))

    response = await client.get(f"/api/v1/calls/{target['id']}/best-matches", headers=hr(auth))
    assert response.status_code == 200, response.text
    items = response.json()["items"]
    shown = [(m["source"], m["reference"]) for m in items]
    assert shown[0] == ("application", strong)
    assert set(shown) == {("application", strong), ("application", weak), ("cast", "10000001")}
    first = items[0]
    assert [c["name"] for c in first["components"]] == [
        "field_of_degree", "relevant_experience", "languages", "keywords"]
    assert first["score"] == sum(c["points"] for c in first["components"]) > items[-1]["score"]
    assert "computer" in first["components"][0]["detail"]
    cast_match = next(m for m in items if m["source"] == "cast")
    assert cast_match["eligibility"] == "unknown" and cast_match["unknown_criteria"]
    audited = await mongo.db.audit_events.count_documents({"resource": "talent_pool",
                                                           "action": "read"})
    assert audited == 3

    # Two years on, the earlier call's unselected applicants are past their retention date.
    clock.advance(timedelta(days=2 * 366))
    later = await client.get(f"/api/v1/calls/{target['id']}/best-matches", headers=hr(auth))
    assert [m["source"] for m in later.json()["items"]] == ["cast"]


async def test_only_the_units_staff_see_best_matches(
        client: httpx.AsyncClient, auth: Auth) -> None:
    call = await open_call(client, auth, kind="ca", unit="CNECT.A.2")
    url = f"/api/v1/calls/{call['id']}/best-matches"
    assert (await client.get(url, headers=candidate(auth))).status_code == 403
    other_unit = auth("recruiter", sub="rec-digit", unit="DIGIT.B")
    assert (await client.get(url, headers=other_unit)).status_code == 404
    own_unit = auth("recruiter", sub="rec-cnect", unit="CNECT.A")
    assert (await client.get(url, headers=own_unit)).status_code == 200
    stranger = await client.put("/api/v1/applications/6750f1c2a1b2c3d4e5f60718/"
                                "talent-pool-consent", headers=candidate(auth))
    assert stranger.status_code == 404
