"""Candidate-facing texts in English, French and German, by Accept-Language; codes unchanged."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.i18n import SUPPORTED, catalogue, negotiate
from app.problems import PROBLEMS
from app.services.applications.notifications import BODIES, SUBJECTS
from app.services.eligibility import wording
from app.services.eligibility.localized import CRITERION_NAMES, OUTCOME_WORDS, SUMMARIES
from tests.applications.factories import (
    candidate,
    decide,
    draft,
    hr,
    open_call,
    profile,
    submitted,
)


async def _verdict(client: httpx.AsyncClient, auth: Any, language: str | None) -> httpx.Response:
    call = await open_call(client, auth, kind="ca")
    me = candidate(auth)
    application = await draft(client, me, call["id"], profile=profile(
        languages=[{"language": "PT", "level": "C2"}, {"language": "EN", "level": "B1"}]))
    headers = {**me, **({"Accept-Language": language} if language else {})}
    return await client.get(f"/api/v1/applications/{application['id']}/eligibility",
                            headers=headers)


@pytest.mark.parametrize(("accept", "language", "languages_label"), [
    (None, "en", "Knowledge of languages: "),
    ("fr-BE, fr;q=0.9, en;q=0.5", "fr", "Connaissances linguistiques : "),
    ("it, de;q=0.7", "de", "Sprachkenntnisse: "),
])
async def test_the_verdict_is_read_in_the_language_asked_for(
    client: httpx.AsyncClient, auth: Any, accept: str | None, language: str,
    languages_label: str,
) -> None:
    response = await _verdict(client, auth, accept)
    assert response.status_code == 200, response.text
    assert response.headers["Content-Language"] == language
    verdict = response.json()
    languages = next(r for r in verdict["results"] if r["criterion"] == "languages")
    assert languages["label"].startswith(languages_label)
    assert verdict["summary"]
    assert verdict["outcome"] in {"met", "not_met", "unknown"}  # codes stay codes


async def test_the_same_verdict_keeps_its_codes_in_every_language(
    client: httpx.AsyncClient, auth: Any,
) -> None:
    call = await open_call(client, auth, kind="ca")
    me = candidate(auth)
    application = await draft(client, me, call["id"])
    codes = []
    for language in SUPPORTED:
        response = await client.get(f"/api/v1/applications/{application['id']}/eligibility",
                                    headers={**me, "Accept-Language": language})
        body = response.json()
        codes.append([(r["criterion"], r["outcome"], r["code"]) for r in body["results"]])
    assert codes[0] == codes[1] == codes[2]


@pytest.mark.parametrize(("accept", "title", "detail"), [
    ("fr", "Introuvable", "Cette ressource n'existe pas."),
    ("de-AT", "Nicht gefunden", "Diese Ressource gibt es nicht."),
])
async def test_a_problem_is_read_in_french_and_german(
    client: httpx.AsyncClient, auth: Any, accept: str, title: str, detail: str,
) -> None:
    response = await client.get("/api/v1/no-such-thing", headers={"Accept-Language": accept})
    assert response.status_code == 404
    body = response.json()
    assert (body["title"], body["detail"]) == (title, detail)
    assert (body["code"], body["type"]) == ("not-found", "/problems/not-found")
    assert response.headers["Content-Language"] == accept[:2]


async def test_a_validation_problem_in_french_keeps_its_machine_items(
    client: httpx.AsyncClient, auth: Any,
) -> None:
    call = await open_call(client, auth, kind="ca")
    response = await client.post(f"/api/v1/calls/{call['id']}/applications",
                                 json={"profile": {"first_name": ""}},
                                 headers={**candidate(auth), "Accept-Language": "fr"})
    assert response.status_code == 422
    body = response.json()
    assert body["title"] == "Échec de la validation"
    assert body["code"] == "validation"
    assert body["errors"][0]["type"] == "string_too_short"


def test_every_title_and_fixed_phrase_has_a_french_and_a_german_translation() -> None:
    texts = {kind.title for kind in PROBLEMS.values()} | set(wording.CODES)
    texts |= set(CRITERION_NAMES.values()) | set(OUTCOME_WORDS.values())
    texts |= set(SUMMARIES.values()) | set(SUBJECTS.values()) | set(BODIES.values())
    for language in ("fr", "de"):
        missing = sorted(texts - set(catalogue(language)))
        assert not missing, (language, missing)


@pytest.mark.parametrize(("header", "language"), [
    (None, "en"), ("", "en"), ("*", "en"), ("es, it", "en"), ("fr-CH", "fr"),
    ("de;q=0.4, fr;q=0.6", "fr"), ("de;q=0, fr;q=0.1", "fr"), ("??, de", "de"),
])
def test_accept_language_is_negotiated(header: str | None, language: str) -> None:
    assert negotiate(header) == language


async def test_notifications_are_read_in_german_with_the_template_unchanged(
    client: httpx.AsyncClient, auth: Any,
) -> None:
    call = await open_call(client, auth, kind="ca")
    mine = await submitted(client, candidate(auth), call["id"])
    assert (await decide(client, hr(auth), mine["id"], "preselected")).status_code == 200
    response = await client.get("/api/v1/me/notifications",
                                headers={**candidate(auth), "Accept-Language": "de-DE"})
    assert response.headers["Content-Language"] == "de"
    note = response.json()["items"][0]
    assert note["template"] == "invited_to_interview"
    assert note["subject"] == "Ihre Bewerbung: Einladung zu einem Gespräch"
    assert call["reference"] in note["text"] and "Auswahlausschuss" in note["text"]


@given(st.text(max_size=60))
def test_any_accept_language_header_gives_a_supported_language(header: str) -> None:
    assert negotiate(header) in SUPPORTED
