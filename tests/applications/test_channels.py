"""The three channels, end to end: SNE through the PermRep, CA and TA by the candidate."""

from __future__ import annotations

import httpx

from tests.applications.factories import apply, candidate, draft, open_call, permrep, profile

SNE_REASON = "only through the Permanent Representation of the candidate's country"


async def test_sne_application_by_the_permrep_of_the_candidates_country(
    client: httpx.AsyncClient, auth
) -> None:
    call = await open_call(client, auth, kind="sne")
    created = await draft(client, permrep(auth, "PT"), call["id"])
    assert created["channel"] == "permrep"
    assert created["permrep_country"] == "PT"
    assert created["status"] == "draft"
    assert created["profile_code"] == call["profiles"][0]["code"]

    submitted = await client.post(f"/api/v1/applications/{created['id']}/submit",
                                  headers=permrep(auth, "PT"))
    assert submitted.status_code == 200, submitted.text
    assert submitted.json()["status"] == "submitted"


async def test_sne_through_the_permrep_of_the_current_employers_country(
    client: httpx.AsyncClient, auth
) -> None:
    call = await open_call(client, auth, kind="sne")
    body = profile(nationalities=["PT"], experience=[
        {"employer": "Ministère", "employer_type": "national_administration", "country": "FR",
         "start": "2020-01-01"}])
    created = await apply(client, permrep(auth, "FR", sub="permrep-fr"), call["id"],
                          profile=body)
    assert created.status_code == 201, created.text


async def test_sne_refused_from_another_countrys_permrep(client: httpx.AsyncClient, auth) -> None:
    call = await open_call(client, auth, kind="sne")
    body = profile(experience=[{"employer": "Former employer", "country": "DE",
                                "start": "2010-01-01", "end": "2015-01-01"}])
    refused = await apply(client, permrep(auth, "DE", sub="permrep-de"), call["id"], profile=body)
    assert refused.status_code == 403
    assert SNE_REASON in refused.json()["detail"]


async def test_sne_refused_when_the_candidate_applies_directly(
    client: httpx.AsyncClient, auth
) -> None:
    call = await open_call(client, auth, kind="sne")
    refused = await apply(client, candidate(auth), call["id"])
    assert refused.status_code == 403
    assert SNE_REASON in refused.json()["detail"]


async def test_sne_draft_needs_the_candidates_email(client: httpx.AsyncClient, auth) -> None:
    call = await open_call(client, auth, kind="sne")
    refused = await apply(client, permrep(auth), call["id"], profile={"nationalities": ["PT"]})
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["loc"][-1] == "email"


async def test_ca_application_by_the_candidate_records_the_declared_cast_registration(
    client: httpx.AsyncClient, auth
) -> None:
    call = await open_call(client, auth, kind="ca")
    body = profile(epso_per_id="12345678", cast_function_groups=["FGIV"])
    created = await draft(client, candidate(auth), call["id"], profile=body)
    assert created["channel"] == "candidate"
    assert created["cast_declaration"] == {"epso_per_id": "12345678",
                                           "function_groups": ["FGIV"], "verified": False}

    done = await client.post(f"/api/v1/applications/{created['id']}/submit",
                             headers=candidate(auth))
    assert done.status_code == 200, done.text
    cast = next(r for r in done.json()["eligibility"]["results"]
                if r["criterion"] == "cast_registration")
    # "At the stage of the application, it is sufficient to be registered in the EPSO CAST data
    # base": a declaration is not a registration until a CAST import confirms it.
    assert (cast["outcome"], cast["code"]) == ("unknown", "cast_not_verified")
    assert cast["reason"].endswith("declared, not yet verified against a CAST import")


async def test_ta_application_by_the_candidate(client: httpx.AsyncClient, auth) -> None:
    call = await open_call(client, auth, kind="ta", unit="DIGIT.CERT-EU")
    created = await draft(client, candidate(auth), call["id"])
    assert created["call_kind"] == "ta"
    done = await client.post(f"/api/v1/applications/{created['id']}/submit",
                             headers=candidate(auth))
    assert done.status_code == 200, done.text
    assert done.json()["eligibility"]["as_of"] == "2026-11-22"


async def test_permrep_may_not_apply_to_ca_or_ta(client: httpx.AsyncClient, auth) -> None:
    for kind in ("ca", "ta"):
        call = await open_call(client, auth, kind=kind)
        refused = await apply(client, permrep(auth), call["id"])
        assert refused.status_code == 403, kind


async def test_staff_roles_do_not_apply(client: httpx.AsyncClient, auth) -> None:
    call = await open_call(client, auth, kind="ca")
    assert (await apply(client, auth("hr"), call["id"])).status_code == 403
    assert (await apply(client, auth("recruiter", unit="CNECT"), call["id"])).status_code == 403
    assert (await apply(client, auth("dpo"), call["id"])).status_code == 403


async def test_draft_and_unknown_calls_take_no_applications(
    client: httpx.AsyncClient, auth
) -> None:
    from tests.calls.helpers import create_call

    unpublished = await create_call(client, auth("hr"), notice="ca", reference="TEST/DRAFT/1")
    assert (await apply(client, candidate(auth), unpublished["id"])).status_code == 404
    assert (await apply(client, candidate(auth), "0" * 24)).status_code == 404
    assert (await apply(client, candidate(auth), "not-an-id")).status_code == 404


async def test_profile_code_defaults_to_the_only_profile_and_must_exist(
    client: httpx.AsyncClient, auth
) -> None:
    two = [{"code": "first", "title": "First"}, {"code": "second", "title": "Second"}]
    call = await open_call(client, auth, kind="ca", profiles=two)
    ambiguous = await apply(client, candidate(auth), call["id"])
    assert ambiguous.status_code == 422
    unknown = await apply(client, candidate(auth), call["id"], profile_code="third")
    assert unknown.status_code == 422
    chosen = await apply(client, candidate(auth), call["id"], profile_code="second")
    assert chosen.status_code == 201
    other_profile = await apply(client, candidate(auth), call["id"], profile_code="first")
    assert other_profile.status_code == 201


async def test_one_application_per_candidate_call_and_profile(
    client: httpx.AsyncClient, auth
) -> None:
    call = await open_call(client, auth, kind="ca")
    first = await draft(client, candidate(auth), call["id"])
    again = await apply(client, candidate(auth), call["id"])
    assert again.status_code == 409
    assert again.json()["existing_application_id"] == first["id"]
    # Another candidate is not affected.
    assert (await apply(client, candidate(auth, "cand-2"), call["id"])).status_code == 201


async def test_sne_duplicate_is_the_same_email_whatever_its_case(
    client: httpx.AsyncClient, auth
) -> None:
    call = await open_call(client, auth, kind="sne")
    first = await draft(client, permrep(auth), call["id"])
    shouting = profile(contact={"email": "ANA@Example.org"})
    again = await apply(client, permrep(auth, sub="permrep-pt-2"), call["id"], profile=shouting)
    assert again.status_code == 409
    assert again.json()["existing_application_id"] == first["id"]


async def test_idempotency_key_replays_the_first_201(client: httpx.AsyncClient, auth) -> None:
    call = await open_call(client, auth, kind="sne")
    headers = {**permrep(auth), "Idempotency-Key": "pr-pt-0001"}
    first = await apply(client, headers, call["id"])
    replay = await apply(client, headers, call["id"])
    assert first.status_code == replay.status_code == 201
    assert replay.json()["id"] == first.json()["id"]
    assert replay.headers["idempotent-replayed"] == "true"


async def test_sne_submission_with_an_uploaded_europass_cv(client: httpx.AsyncClient, auth) -> None:
    from tests.files import europass_pdf

    call = await open_call(client, auth, kind="sne", required=["cv"])
    created = await draft(client, permrep(auth, "PT"), call["id"])
    url = f"/api/v1/applications/{created['id']}"
    missing = await client.post(f"{url}/submit", headers=permrep(auth, "PT"))
    assert missing.status_code == 422
    assert missing.json()["errors"][0]["loc"] == ["documents", "cv"]

    upload = await client.post(
        f"{url}/documents", headers=permrep(auth, "PT"),
        files={"file": ("cv.pdf", europass_pdf(nationality="PT", language="en"),
                        "application/pdf")},
        data={"kind": "cv", "language": "EN"})
    assert upload.status_code == 201, upload.text
    done = await client.post(f"{url}/submit", headers=permrep(auth, "PT"))
    assert done.status_code == 200, done.text
    results = {r["criterion"]: r["outcome"] for r in done.json()["eligibility"]["results"]}
    assert results["cv_nationality"] == "met"
    assert results["cv_format"] == "met"


async def test_sne_permrep_of_a_state_the_notice_is_not_open_to_is_refused_at_create(
    client: httpx.AsyncClient, auth
) -> None:
    """"This vacancy notice is open to: (x) EU Member States" — no EFTA country ticked."""
    call = await open_call(client, auth, kind="sne")
    body = profile(nationalities=["NO"])
    refused = await apply(client, permrep(auth, "NO", sub="permrep-no"), call["id"], profile=body)
    assert refused.status_code == 422, refused.text
    assert refused.json()["detail"] == (
        "This call is open to EU Member States only; a Permanent Representation of NO cannot "
        "submit to it.")
    ticked = await open_call(client, auth, kind="sne", open_to={
        "eu_member_states": True, "efta_countries": ["NO"]})
    accepted = await apply(client, permrep(auth, "NO", sub="permrep-no"), ticked["id"],
                           profile=body)
    assert accepted.status_code == 201, accepted.text


async def test_sne_nationality_outside_open_to_is_not_met(client: httpx.AsyncClient,
                                                          auth) -> None:
    """A US national employed in Portugal, submitted by the Portuguese PermRep, to a notice
    open to EU Member States only: the citizenship criterion is not met."""
    call = await open_call(client, auth, kind="sne")
    body = profile(nationalities=["US"], experience=[
        {"employer": "Ministério", "employer_type": "national_administration", "country": "PT",
         "function_level": "AD", "start": "2015-01-01"}])
    created = await draft(client, permrep(auth, "PT"), call["id"], profile=body)
    done = await client.post(f"/api/v1/applications/{created['id']}/submit",
                             headers=permrep(auth, "PT"))
    assert done.status_code == 200, done.text
    citizenship = next(r for r in done.json()["eligibility"]["results"]
                       if r["criterion"] == "citizenship")
    assert citizenship["outcome"] == "not_met"


async def test_nationalities_are_real_country_codes(client: httpx.AsyncClient, auth) -> None:
    """ISO 3166 via pycountry plus the EU's conventions: EL is Greece (stored GR); XX is none."""
    call = await open_call(client, auth, kind="ca")
    greek = await draft(client, candidate(auth), call["id"], profile=profile(nationalities=["EL"]))
    assert greek["profile"]["nationalities"] == ["GR"]
    refused = await apply(client, candidate(auth, "cand-2"), call["id"],
                          profile=profile(nationalities=["XX"]))
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["loc"][-2:] == ["nationalities", 0]


async def test_sne_date_only_deadline_takes_a_submission_at_23_59_30(
    client: httpx.AsyncClient, auth, clock
) -> None:
    """"Latest application date: 25-07-2024": the whole of that day, Brussels time."""
    from datetime import UTC, datetime

    from tests.calls.helpers import call_payload

    body = call_payload(notice="sne", reference="TEST/SNE/LASTDAY")
    body["deadline"] = {"last_day": "2026-12-24"}
    body["documents"]["required"] = []
    created = await client.post("/api/v1/calls", json=body, headers=auth("hr", sub="hr-1"))
    assert created.status_code == 201, created.text
    call_id = created.json()["id"]
    await client.post(f"/api/v1/calls/{call_id}/publish", headers=auth("hr", sub="hr-1"))
    first = await draft(client, permrep(auth, "PT"), call_id)
    second = await draft(client, permrep(auth, "PT"), call_id,
                         profile=profile(contact={"email": "bruno@example.org"}))
    clock.set(datetime(2026, 12, 24, 22, 59, 30, tzinfo=UTC))  # 23:59:30 in Brussels
    on_time = await client.post(f"/api/v1/applications/{first['id']}/submit",
                                headers=permrep(auth, "PT"))
    assert on_time.status_code == 200, on_time.text
    clock.set(datetime(2026, 12, 24, 23, 0, tzinfo=UTC))  # 25 December 00:00 in Brussels
    late = await client.post(f"/api/v1/applications/{second['id']}/submit",
                             headers=permrep(auth, "PT"))
    assert late.status_code == 409
    assert "24/12/2026, end of the day" in late.json()["detail"]
