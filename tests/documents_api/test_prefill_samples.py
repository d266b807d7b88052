"""Pre-filling from CVs shaped like real ones: every profile field, what was taken and what was
skipped with the reason; hostile XML refused at upload with a problem+json."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.documents_api.helpers import ALL_KINDS, apply, call_of_kind, document_ids, upload
from tests.europass_samples import (
    editor_export_xml,
    eures_candidate_xml,
    europass_pdf_of,
    learner_info_xml,
)
from tests.files import pdf_bytes


def _stated(value: Any) -> Any:
    """The profile without the fields it leaves empty (``null``)."""
    if isinstance(value, dict):
        return {key: _stated(item) for key, item in value.items() if item is not None}
    if isinstance(value, list):
        return [_stated(item) for item in value]
    return value


async def _prefilled(client: httpx.AsyncClient, auth, cv: bytes,
                     language: str | None) -> dict:  # type: ignore[type-arg]
    call = await call_of_kind(client, auth, "ca", documents=ALL_KINDS)
    candidate = auth("candidate", sub="cand-1")
    application = await apply(client, candidate, call["id"])
    uploaded = await upload(client, candidate, application["id"], cv, language=language)
    assert uploaded.status_code == 201, uploaded.text
    response = await client.post(f"/api/v1/applications/{application['id']}/prefill-from-cv",
                                 headers=candidate)
    assert response.status_code == 200, response.text
    stored = await client.get(f"/api/v1/applications/{application['id']}", headers=candidate)
    assert stored.json()["profile"] == response.json()["profile"]
    body: dict = response.json()  # type: ignore[type-arg]
    body["profile"] = _stated(body["profile"])
    return body


async def test_prefill_from_the_commission_sample_shape(client: httpx.AsyncClient, auth) -> None:
    body = await _prefilled(client, auth, europass_pdf_of(eures_candidate_xml()), "PT")
    assert body["profile"] == {
        "first_name": "Maria João", "last_name": "Costa Silva",
        "nationalities": ["PT", "BR"],
        "languages": [
            {"language": "PT", "level": "C2", "mother_tongue": True},
            {"language": "EN", "level": "B2", "mother_tongue": False},
            {"language": "FR", "level": "B1", "mother_tongue": False},
            {"language": "DE", "level": "A2", "mother_tongue": False}],
        # A diploma counts from the last day its date may mean.
        "education": [
            {"level": "post_secondary",
             "field": "Higher Technical Professional Course in Data Analysis",
             "institution": "Instituto Politécnico de Lisboa", "completed_on": "2010-06-30"},
            {"level": "master", "field": "Mestrado em Estatística",
             "institution": "Universidade NOVA de Lisboa", "completed_on": "2014-12-31"}],
        # A period starts on the last day its start may mean and ends on the first day its
        # end may mean: never more experience than the CV proves.
        "experience": [
            {"employer": "Instituto Nacional de Estatística", "position": "Técnico superior",
             "country": "PT", "start": "2018-02-28", "part_time_percent": 100},
            {"employer": "Instituto Nacional de Estatística", "position": "Statistician",
             "country": "PT", "start": "2014-12-31", "end": "2018-01-01",
             "part_time_percent": 100},
            {"employer": "Banco de Portugal", "position": "Trainee", "country": "PT",
             "start": "2012-09-30", "end": "2013-06-01", "part_time_percent": 100}],
    }
    assert body["prefill"] == {
        "taken": ["first_name", "last_name", "nationalities", "languages", "education",
                  "experience"],
        "skipped": [
            "languages[4]: 'ES' has no CEFR level",
            "experience[3]: no end date, and not marked as current",
            "education[2]: level code 'XYZ' unknown",
            "education[3]: still ongoing: not a completed degree",
            "date_of_birth: '1984-07' is not a full date",
        ],
    }


async def test_prefill_from_an_editor_export(client: httpx.AsyncClient, auth) -> None:
    body = await _prefilled(client, auth, europass_pdf_of(editor_export_xml()), "DE")
    profile = body["profile"]
    assert (profile["first_name"], profile["last_name"]) == ("Omar", "Haddad")
    assert profile["date_of_birth"] == "1990-02-28"
    assert profile["contact"] == {"email": "omar.haddad@example.org",
                                  "phone": "+49 15100000000"}
    assert profile["nationalities"] == ["SY", "DE"]
    assert profile["languages"] == [{"language": "AR", "level": "C2", "mother_tongue": True},
                                    {"language": "DE", "level": "C1", "mother_tongue": False}]
    assert [(e.get("position"), e["start"], e.get("end")) for e in profile["experience"]] == [
        ("Senior Fullstack Web Developer", "2019-04-01", "2024-03-31"),
        (None, "2024-04-30", None)]
    assert "position" not in profile["experience"][1]
    assert profile["education"] == [{"level": "bachelor",
                                     "field": "Bachelor of Informatics Engineering",
                                     "institution": "Damascus University",
                                     "completed_on": "2012-07-15"}]
    assert body["prefill"]["taken"] == ["first_name", "last_name", "date_of_birth", "contact",
                                        "nationalities", "languages", "education",
                                        "experience"]
    assert body["prefill"]["skipped"] == [
        "languages[2]: language code 'xqz' unknown",
        "experience[1].position: a URI, not a title",
        "experience[1].country: 'XX' is not an ISO 3166 alpha-2 country code",
        "education[1]: level EQF 2 is below upper secondary education"]


async def test_prefill_from_an_older_learner_info_cv(client: httpx.AsyncClient, auth) -> None:
    body = await _prefilled(client, auth, europass_pdf_of(learner_info_xml()), "FR")
    assert body["profile"] == {
        "first_name": "Karim", "last_name": "Benali Dupont",
        "contact": {"email": "karim@example.be", "phone": "+32 2 000 00 00"},
        "nationalities": ["FR", "MA"],
        "languages": [{"language": "FR", "level": "C2", "mother_tongue": True},
                      {"language": "AR", "level": "C2", "mother_tongue": True},
                      {"language": "NL", "level": "B2", "mother_tongue": False}],
        "education": [{"level": "master", "field": "Droit", "institution": "Université Paris 1",
                       "completed_on": "2003-06-30"}],
        "experience": [
            {"employer": "SPF Justice", "position": "Juriste principal", "country": "BE",
             "start": "2010-01-31", "part_time_percent": 100},
            {"employer": "Cabinet Martin", "position": "Avocat", "start": "2005-12-31",
             "end": "2009-12-31", "part_time_percent": 100}],
    }
    assert body["prefill"] == {
        "taken": ["first_name", "last_name", "contact", "nationalities", "languages",
                  "education", "experience"],
        "skipped": [
            "languages[3]: 'EN' has no CEFR level",
            "experience[2]: start date '2004-13' is none of YYYY-MM-DD, YYYY-MM, YYYY",
            "education[1]: still ongoing: not a completed degree",
            "date_of_birth: '1979-11' is not a full date",
        ],
    }


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE Candidate [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>
<Candidate xmlns="http://www.europass.eu/1.0"><CandidatePerson><PersonName>
<GivenName>&b;</GivenName></PersonName></CandidatePerson></Candidate>"""
DEEP = b'<Candidate xmlns="http://www.europass.eu/1.0">' + b"<a>" * 500 + b"</a>" * 500 + \
    b"</Candidate>"


HUGE_TEXT = (b'<Candidate xmlns="http://www.europass.eu/1.0"><CandidatePerson><PersonName>'
             b"<GivenName>" + b"A" * 10_000_000 + b"</GivenName></PersonName></CandidatePerson>"
             b"</Candidate>")


@pytest.mark.parametrize("xml", [BILLION_LAUGHS, DEEP, HUGE_TEXT],
                         ids=["billion-laughs", "deep", "10-mb-text-node"])
async def test_hostile_europass_xml_is_refused_at_upload(client: httpx.AsyncClient, auth,
                                                         xml: bytes) -> None:
    call = await call_of_kind(client, auth, "ca", documents=ALL_KINDS)
    candidate = auth("candidate", sub="cand-1")
    application = await apply(client, candidate, call["id"])
    response = await upload(client, candidate, application["id"],
                            pdf_bytes(attachments={"Europass-XML-Attachment.xml": xml}))
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["type"].endswith("/europass-xml-refused")
    assert "Export the CV again" in response.json()["detail"]
    assert await document_ids(client, candidate, application["id"]) == []
