"""HR sets the actual starting date; SNE verdicts are judged again at it.

SNE notice: "you need to comply with the following eligibility criteria at the starting date of
the secondment"; "Provisional starting date: 3rd quarter 2024".
"""

from __future__ import annotations

import httpx

from tests.applications.factories import draft, hr, open_call, permrep, profile

SENIOR = profile(experience=[
    {"employer": "Ministério", "employer_type": "national_administration", "country": "PT",
     "function_level": "AD", "start": "2026-02-01"}])


def seniority(verdict: dict) -> dict:
    return next(r for r in verdict["results"] if r["criterion"] == "current_employer")


async def test_setting_the_start_date_re_evaluates_submitted_verdicts(
    client: httpx.AsyncClient, auth
) -> None:
    call = await open_call(client, auth, kind="sne", provisional_start="1st quarter 2027")
    assert call["provisional_start"]["quarter"] == "2027-Q1"
    created = await draft(client, permrep(auth, "PT"), call["id"], profile=SENIOR)
    url = f"/api/v1/applications/{created['id']}"
    done = await client.post(f"{url}/submit", headers=permrep(auth, "PT"))
    assert done.status_code == 200, done.text
    verdict = done.json()["eligibility"]
    # "having worked for at least one full year (12 months) with your current employer",
    # judged on 1 January 2027, the first day of the provisional quarter: 11 months.
    assert (verdict["as_of"], verdict["as_of_basis"]) == ("2027-01-01", "provisional_start")
    assert seniority(verdict)["outcome"] == "not_met"

    moved = await client.put(f"/api/v1/calls/{call['id']}/start-date",
                             json={"start_date": "2027-03-01"}, headers=hr(auth))
    assert moved.status_code == 200, moved.text
    assert moved.json()["start_date"] == "2027-03-01"
    stored = (await client.get(f"{url}/eligibility", headers=hr(auth))).json()
    assert (stored["as_of"], stored["as_of_basis"]) == ("2027-03-01", "start_date")
    assert seniority(stored)["outcome"] == "met"

    cleared = await client.put(f"/api/v1/calls/{call['id']}/start-date",
                               json={"start_date": None}, headers=hr(auth))
    assert cleared.status_code == 200
    again = (await client.get(f"{url}/eligibility", headers=hr(auth))).json()
    assert again["as_of"] == "2027-01-01"


async def test_only_staff_who_manage_the_call_set_its_start_date(
    client: httpx.AsyncClient, auth
) -> None:
    call = await open_call(client, auth, kind="sne", unit="CNECT.A.2")
    url = f"/api/v1/calls/{call['id']}/start-date"
    body = {"start_date": "2027-03-01"}
    other_unit = await client.put(url, json=body,
                                  headers=auth("recruiter", sub="rec-1", unit="DIGIT.B"))
    assert other_unit.status_code == 404
    candidate = await client.put(url, json=body, headers=auth("candidate", sub="cand-1"))
    assert candidate.status_code == 403
    own_unit = await client.put(url, json=body,
                                headers=auth("recruiter", sub="rec-2", unit="CNECT.A"))
    assert own_unit.status_code == 200


async def test_a_corrigendum_to_the_provisional_start_re_evaluates_verdicts(
    client: httpx.AsyncClient, auth
) -> None:
    call = await open_call(client, auth, kind="sne", provisional_start="1st quarter 2027")
    created = await draft(client, permrep(auth, "PT"), call["id"], profile=SENIOR)
    url = f"/api/v1/applications/{created['id']}"
    await client.post(f"{url}/submit", headers=permrep(auth, "PT"))
    corrected = await client.patch(
        f"/api/v1/calls/{call['id']}", headers={**hr(auth), "If-Match": f'"v{call["version"]}"'},
        json={"provisional_start": "2nd quarter 2027",
              "corrigendum_reason": "The secondment starts later."})
    assert corrected.status_code == 200, corrected.text
    stored = (await client.get(f"{url}/eligibility", headers=hr(auth))).json()
    assert stored["as_of"] == "2027-04-01"
    assert seniority(stored)["outcome"] == "met"
