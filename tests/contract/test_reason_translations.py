"""The verdict's composed reasons and evidence in French and German; codes and numbers kept."""

from __future__ import annotations

import importlib
import pkgutil
import re
import string
from datetime import date
from typing import Any

import httpx
from bson import ObjectId

import app.services.eligibility
from app.db import Mongo
from app.i18n import catalogue
from app.models.eligibility import Message
from app.services.eligibility import wording
from app.services.eligibility.render import render
from tests.applications.factories import candidate, draft, open_call, profile, submitted

# A Master's graduate in Computer Science with eight years of work: the CA notice's
# experience, language and education criteria all produce composed reasons.
_PROFILE = profile(
    languages=[{"language": "PT", "level": "C2"}, {"language": "EN", "level": "C1"}],
    education=[{"level": "master", "field": "Computer Science", "years": 5,
                "completed_on": "2015-06-30"}],
    experience=[{"employer": "Agência Nacional", "employer_type": "national_administration",
                 "function_level": "AD", "start": "2015-09-01"}],
    declarations=["military_service"],
)


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def test_every_message_the_engine_can_emit_has_french_and_german_with_its_placeholders(
) -> None:
    # Every module of the engine declares its templates on import.
    for module in pkgutil.iter_modules(app.services.eligibility.__path__):
        importlib.import_module(f"app.services.eligibility.{module.name}")
    assert len(wording.TEMPLATES) > 100
    for language in ("fr", "de"):
        translations = catalogue(language)
        missing = sorted(wording.TEMPLATES - set(translations))
        assert not missing, (language, missing)
        wrong = {template: translations[template] for template in wording.TEMPLATES
                 if _placeholders(translations[template]) != _placeholders(template)}
        assert not wrong, (language, wrong)


def test_dates_numbers_and_lengths_of_time_are_written_for_the_reader() -> None:
    message = wording.msg("{employer}: {start} – {end}, {level}, {percent}% of full time",
                          employer="Agência", start=date(2015, 9, 1),
                          end=wording.msg("ongoing"), level="AD", percent=1500)
    assert render(message) == "Agência: 2015-09-01 – ongoing, AD, 1500% of full time"
    assert render(message, "fr") == ("Agência : 1er septembre 2015 – en cours, AD, "
                                     "1\u202f500 % d'un temps plein")
    assert render(message, "de") == ("Agência: 1. September 2015 – laufend, AD, "
                                     "1.500 % einer Vollzeitstelle")
    enough = wording.msg("{duration} with the current employer ≥ {required} required",
                         duration=wording.months(25), required=wording.month_count(12))
    assert render(enough) == "2 years 1 month with the current employer ≥ 12 months required"
    assert render(enough, "fr") == ("2 ans 1\xa0mois chez l'employeur actuel ≥ 12\xa0mois "
                                    "requis")
    assert render(enough, "de") == ("2 Jahre 1 Monat beim derzeitigen Arbeitgeber ≥ 12 Monate "
                                    "erforderlich")


async def _read(client: httpx.AsyncClient, headers: dict[str, str], application_id: str,
                language: str) -> dict[str, Any]:
    response = await client.get(f"/api/v1/applications/{application_id}/eligibility",
                                headers={**headers, "Accept-Language": language})
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def _by_criterion(verdict: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {result["criterion"]: result for result in verdict["results"]}


def _numbers(text: str) -> list[str]:
    return re.findall(r"\d+", text)


async def test_composed_reasons_are_read_in_french_and_german_with_the_same_codes(
    client: httpx.AsyncClient, auth: Any,
) -> None:
    call = await open_call(client, auth, kind="ca")
    me = candidate(auth)
    application = await draft(client, me, call["id"], profile=_PROFILE)
    english, french, german = [_by_criterion(await _read(client, me, application["id"], accept))
                               for accept in ("en", "fr-BE, en;q=0.5", "de")]

    machine = {criterion: (r["outcome"], r["code"], r["message"])
               for criterion, r in english.items()}
    for other in (french, german):
        assert {criterion: (r["outcome"], r["code"], r["message"])
                for criterion, r in other.items()} == machine

    assert english["languages"]["reason"] == "PT at C2 (≥ C1) and EN at C1 (≥ B2)"
    assert french["languages"]["reason"] == "PT au niveau C2 (≥ C1) et EN au niveau C1 (≥ B2)"
    assert german["languages"]["reason"] == ("PT auf Niveau C2 (≥ C1) und EN auf Niveau C1 "
                                             "(≥ B2)")
    assert french["languages"]["evidence"] == english["languages"]["evidence"] == [
        "EN C1", "PT C2"]  # data, not words

    experience = english["experience"]["reason"]
    assert "of professional experience after the Master's degree ≥ 12 months required" \
        in experience
    assert "d'expérience professionnelle acquise après l'obtention du diplôme de niveau " \
        "master ≥ 12\xa0mois requis ; sa pertinence pour les domaines suivants doit être " \
        "appréciée par le comité de sélection : AI technologies" in french["experience"]["reason"]
    assert "Berufserfahrung nach dem Masterabschluss ≥ 12 Monate erforderlich; ihre " \
        "Einschlägigkeit für folgende Fachgebiete muss der Auswahlausschuss beurteilen: AI " \
        "technologies" in german["experience"]["reason"]
    for other in (french, german):  # the years and months counted are the same numbers
        assert _numbers(other["experience"]["reason"]) == _numbers(experience)
    assert "Master's degree in Computer Science completed on 2015-06-30" \
        in english["experience"]["evidence"]
    assert "diplôme de niveau master en Computer Science obtenu le 30 juin 2015" \
        in french["experience"]["evidence"]
    assert "Masterabschluss in Computer Science, erworben am 30. Juni 2015" \
        in german["experience"]["evidence"]
    assert any(line.startswith("Agência Nacional : 1er septembre 2015 – en cours, AD")
               for line in french["experience"]["evidence"])

    assert french["education"]["reason"] == (
        "diplôme de niveau master en Computer Science, 5 années d'études : condition remplie "
        "(requis : un diplôme de niveau master ou un diplôme de niveau supérieur dans les "
        "domaines suivants : Information Technology, Computer Science, Engineering/Science, "
        "ou dans un autre domaine jugé pertinent, avec au moins 3 années d'études supérieures)")
    assert german["declarations"]["reason"] == (
        "fehlende Erklärungen: Nachweis der charakterlichen Eignung")
    assert english["declarations"]["reason"] == "missing declarations: character references"


async def test_the_as_of_reason_is_read_in_the_readers_language(
    client: httpx.AsyncClient, auth: Any,
) -> None:
    call = await open_call(client, auth, kind="ca")
    me = candidate(auth)
    application = await draft(client, me, call["id"], profile=_PROFILE)
    english = await _read(client, me, application["id"], "en")
    german = await _read(client, me, application["id"], "de")
    assert english["as_of_reason"].startswith("judged at ")
    assert german["as_of_reason"].startswith("beurteilt zum ")
    assert english["as_of_message"] == german["as_of_message"]


async def test_a_verdict_stored_before_messages_existed_is_shown_as_stored(
    client: httpx.AsyncClient, auth: Any, mongo: Mongo,
) -> None:
    call = await open_call(client, auth, kind="ca")
    me = candidate(auth)
    application = await submitted(client, me, call["id"], profile=_PROFILE)
    # What a verdict stored by the previous release looks like: English words, no messages.
    await mongo.db.applications.update_one(
        {"_id": ObjectId(application["id"])},
        {"$unset": {"eligibility.as_of_message": "", "eligibility.results.$[].message": "",
                    "eligibility.results.$[].evidence_messages": ""}})
    english = _by_criterion(await _read(client, me, application["id"], "en"))
    french_verdict = await _read(client, me, application["id"], "fr")
    french = _by_criterion(french_verdict)
    for criterion, result in english.items():
        assert "message" not in result
        assert french[criterion]["reason"] == result["reason"]
        assert french[criterion]["evidence"] == result["evidence"]
    assert french["languages"]["label"] == "Connaissances linguistiques : condition remplie"
    assert french_verdict["as_of_reason"].startswith("judged at ")


def test_a_message_round_trips_through_its_stored_json() -> None:
    message = wording.msg("{employer}: current job since {date}", employer="Agência",
                          date=date(2020, 2, 29))
    stored = Message.model_validate(message.model_dump(mode="json"))
    assert stored == message
    assert render(stored, "fr") == "Agência : emploi actuel depuis le 29 février 2020"


async def test_an_applications_own_verdict_reads_as_its_eligibility_route_words_it(
    client: httpx.AsyncClient, auth: Any,
) -> None:
    """A French candidate reading their submitted application sees the verdict in French, the
    same words as /eligibility, on the submit's answer, the read and the list alike."""
    call = await open_call(client, auth, kind="ca")
    me = candidate(auth)
    draft_read = await draft(client, me, call["id"], profile=_PROFILE)
    submitted_answer = await client.post(
        f"/api/v1/applications/{draft_read['id']}/submit",
        headers={**me, "Accept-Language": "de"})
    assert submitted_answer.status_code == 200, submitted_answer.text
    assert submitted_answer.headers["content-language"] == "de"
    german = _by_criterion(submitted_answer.json()["eligibility"])
    assert german["declarations"]["reason"] == (
        "fehlende Erklärungen: Nachweis der charakterlichen Eignung")

    french_verdict = await _read(client, me, draft_read["id"], "fr")
    read = await client.get(f"/api/v1/applications/{draft_read['id']}",
                            headers={**me, "Accept-Language": "fr"})
    assert read.headers["content-language"] == "fr"
    assert read.json()["eligibility"] == french_verdict
    assert _by_criterion(read.json()["eligibility"])["languages"]["reason"] == (
        "PT au niveau C2 (≥ C1) et EN au niveau C1 (≥ B2)")
    listed = await client.get("/api/v1/applications", headers={**me, "Accept-Language": "fr"})
    assert [item["eligibility"] for item in listed.json()["items"]] == [french_verdict]
    english = await client.get(f"/api/v1/applications/{draft_read['id']}", headers=me)
    assert english.json()["eligibility"] == await _read(client, me, draft_read["id"], "en")
    staff = await client.get(f"/api/v1/calls/{call['id']}/candidates",
                             headers={**auth("hr", sub="hr-1"), "Accept-Language": "de"})
    assert staff.status_code == 200, staff.text
    assert _by_criterion(staff.json()["items"][0]["eligibility"])["declarations"]["reason"] \
        == german["declarations"]["reason"]
