"""A TA call's candidates are listed in Article 29 order.

CERT-EU notice: "In accordance with Article 29 of the Staff Regulations, applications from
Commission officials, officials from other Institutions, and laureates of competitions have
priority."
"""

from __future__ import annotations

import httpx

from tests.applications.factories import candidate, open_call, profile, submitted


async def test_ta_candidates_are_listed_in_article_29_order(client: httpx.AsyncClient,
                                                           auth) -> None:
    call = await open_call(client, auth, kind="ta", unit="DIGIT.CERT-EU")
    arrivals = [("cand-ext", "external"), ("cand-none", None),
                ("cand-laureate", "competition_laureate"),
                ("cand-other", "other_institution_official"),
                ("cand-com", "commission_official")]
    for sub, status in arrivals:
        body = profile(**({"article29_status": status} if status else {}))
        await submitted(client, candidate(auth, sub), call["id"], profile=body)
    url = f"/api/v1/calls/{call['id']}/candidates"
    hr_digit = auth("hr", sub="hr-1", unit="DIGIT")  # CERT-EU's calls are read by DIGIT's HR
    first = (await client.get(url, params={"limit": 3}, headers=hr_digit)).json()
    rest = (await client.get(url, params={"cursor": first["next_cursor"]},
                             headers=hr_digit)).json()
    statuses = [a["profile"].get("article29_status") for a in first["items"] + rest["items"]]
    assert statuses == ["commission_official", "other_institution_official",
                        "competition_laureate", "external", None]
    assert [a["priority_rank"] for a in first["items"] + rest["items"]] == [0, 1, 2, 3, 4]
    assert rest["next_cursor"] is None


async def test_candidates_of_a_call_are_for_its_managers_only(client: httpx.AsyncClient,
                                                            auth) -> None:
    call = await open_call(client, auth, kind="ta", unit="DIGIT.CERT-EU")
    url = f"/api/v1/calls/{call['id']}/candidates"
    assert (await client.get(url, headers=candidate(auth))).status_code == 403
    other = auth("recruiter", sub="rec-1", unit="CNECT.A")
    assert (await client.get(url, headers=other)).status_code == 404
