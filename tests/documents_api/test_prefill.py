"""Pre-filling a draft profile from the Europass CV: empty fields only, what is stated stays."""

from __future__ import annotations

import httpx

from tests.documents_api.helpers import ALL_KINDS, apply, call_of_kind, upload
from tests.files import europass_pdf, pdf_bytes


async def test_prefill_fills_only_the_empty_fields(client: httpx.AsyncClient, auth) -> None:
    call = await call_of_kind(client, auth, "sne")
    permrep = auth("permrep", sub="pr-be", country="BE")
    stated = {"first_name": "Annie", "nationalities": ["BE"],
              "contact": {"email": "anna@example.eu"}}
    application = await apply(client, permrep, call["id"], stated)
    cv = europass_pdf(nationality=["BE", "NL"], language="en")
    assert (await upload(client, permrep, application["id"], cv, language="EN")).status_code == 201

    url = f"/api/v1/applications/{application['id']}/prefill-from-cv"
    response = await client.post(url, headers=permrep)
    assert response.status_code == 200, response.text
    profile = response.json()["profile"]
    assert profile["first_name"] == "Annie"  # stated: kept
    assert profile["nationalities"] == ["BE"]  # stated: kept, not widened to BE, NL
    assert profile["last_name"] == "Peeters"
    assert {(s["language"], s["level"], s["mother_tongue"]) for s in profile["languages"]} == {
        ("NL", "C2", True), ("EN", "C1", False), ("FR", "B2", False), ("JA", "A2", False)}
    assert [e["level"] for e in profile["education"]] == ["master", "bachelor"]
    assert profile["experience"][0]["employer"] == "FPS Economy"
    assert profile["date_of_birth"] == "1985-04-12"
    assert profile["contact"]["email"] == "anna@example.eu"  # the draft's, kept
    report = response.json()["prefill"]
    assert report["taken"] == ["last_name", "date_of_birth", "languages", "education",
                               "experience"]
    assert report["skipped"] == [
        "experience[2]: ends (2012-01) before it starts (2014-05)",
        "education[2]: still ongoing: not a completed degree"]
    assert response.json()["version"] == application["version"] + 1
    assert response.headers["etag"] == f'"v{application["version"] + 1}"'

    stored = await client.get(f"/api/v1/applications/{application['id']}", headers=permrep)
    assert stored.json()["profile"] == profile
    # Nothing left to fill: the draft does not change again.
    again = await client.post(url, headers=permrep)
    assert again.json()["version"] == response.json()["version"]


async def test_prefill_needs_a_europass_cv(client: httpx.AsyncClient, auth) -> None:
    call = await call_of_kind(client, auth, "ca", documents=ALL_KINDS)
    candidate = auth("candidate", sub="cand-1")
    application = await apply(client, candidate, call["id"])
    url = f"/api/v1/applications/{application['id']}/prefill-from-cv"
    assert (await client.post(url, headers=candidate)).status_code == 409  # no CV yet
    await upload(client, candidate, application["id"], pdf_bytes("A plain CV"))
    plain = await client.post(url, headers=candidate)
    assert plain.status_code == 422
    assert "Europass" in plain.json()["detail"]
    other = await client.post(url, headers=auth("candidate", sub="cand-2"))
    assert other.status_code == 404


async def test_prefill_honours_a_stale_if_match(client: httpx.AsyncClient, auth) -> None:
    call = await call_of_kind(client, auth, "ca", documents=ALL_KINDS)
    candidate = auth("candidate", sub="cand-1")
    application = await apply(client, candidate, call["id"])
    await upload(client, candidate, application["id"], europass_pdf())
    url = f"/api/v1/applications/{application['id']}/prefill-from-cv"
    stale = await client.post(url, headers={**candidate, "If-Match": '"v99"'})
    assert stale.status_code == 412
    fresh = await client.post(url, headers={**candidate,
                                            "If-Match": f'"v{application["version"]}"'})
    assert fresh.status_code == 200
    assert fresh.json()["profile"]["first_name"] == "Anna"
