"""The real notices of shared/seeds, seeded as demo data, read back through the public API."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest

from app.main import create_app
from app.services.demo import seed_demo_data
from app.services.demo_calls import DEMO_CALLS

# reference → what the notice says (kind, unit, places, deadline as printed, type, duration)
NOTICES = {
    "SNE/2024/CNECT/A2-AI-OFFICE": {
        "file": "sne-vacancy-notice-ai-office.txt", "quote": "Latest application date: 25-07-2024",
        "kind": "sne", "unit": "CNECT.A", "places": ["Brussels"],
        # A date only: open until the end of 25 July in Brussels (26 July 00:00, exclusive).
        "original": ("2024-07-26T00:00:00", "2024-07-25T22:00:00Z"), "last_day": "2024-07-25",
        "contract_type": "SNE",
        "months": 12,
    },
    "EC/2024/CNECT/443651": {
        "file": "ca-fg4-call-ai-office-with-privacy-statement.txt",
        "quote": "27/03/2024 at midday 12:00 CET",
        "kind": "ca", "unit": "CNECT.A.2", "places": ["Brussels", "Luxembourg"],
        "original": ("2024-03-27T12:00:00", "2024-03-27T11:00:00Z"), "contract_type": "CA 3b",
        "months": 12,
    },
    "EC/2026/DIGIT/456893": {
        "file": "ca-fg4-call-digit-ai-governance.txt",
        "quote": "26.05.2025 - 12.00 (noon, Brussels time)",
        "kind": "ca", "unit": "DIGIT.B.1", "places": ["Luxembourg"],
        "original": ("2025-05-26T12:00:00", "2025-05-26T10:00:00Z"), "contract_type": "CA 3b",
        "months": 12,
    },
    "DIGIT/COM/2024/461": {
        "file": "ta-vacancy-cert-eu-it-security-ai.txt",
        "quote": "19/04/2024 - 12.00 (Brussels time)",
        "kind": "ta", "unit": "DIGIT.CERT-EU", "places": ["Brussels"],
        "original": ("2024-04-19T12:00:00", "2024-04-19T10:00:00Z"),
        "contract_type": "TA 2b/2d", "months": 12,
    },
}


@pytest.fixture
async def seeded(mongo, clock, settings, client: httpx.AsyncClient) -> dict[str, dict]:
    await seed_demo_data(mongo.db, clock=clock, settings=settings)
    listed = (await client.get("/api/v1/public/calls")).json()["items"]
    by_ref = {}
    for item in listed:
        one = await client.get(f"/api/v1/public/calls/{item['id']}")
        assert one.status_code == 200
        by_ref[one.json()["reference"]] = one.json()
    return by_ref


def test_each_expectation_is_quoted_from_its_notice(seeds_dir: Path) -> None:
    for notice in NOTICES.values():
        assert notice["quote"] in (seeds_dir / notice["file"]).read_text()
    for reference in NOTICES:
        if not reference.startswith("SNE/"):  # the SNE notice prints no reference
            assert any(reference in p.read_text() for p in seeds_dir.glob("*.txt"))


async def test_all_four_notices_read_back_published_and_complete(seeded) -> None:
    assert set(seeded) == set(NOTICES)
    for reference, call in seeded.items():
        expected = NOTICES[reference]
        assert call["status"] == "published"
        assert call["kind"] == expected["kind"]
        assert call["unit"] == expected["unit"]
        assert call["places_of_employment"] == expected["places"]
        assert call["contract_type"] == expected["contract_type"]
        assert call["duration"]["initial_months_min"] == expected["months"]
        assert call["duration"]["extension_rule"]
        assert call["contact"]["name"]
        for section in ("we_are", "we_propose", "we_look_for", "selection", "conditions"):
            assert call["sections"][section], (reference, section)
        assert call["advantages"]
        assert call["criteria"]["languages"] == {"main_level": "C1", "second_level": "B2",
                                                 "main_languages": []}
        # Every notice's deadline has passed: the demo moved it, and says so.
        local, utc = expected["original"]
        last_day = expected.get("last_day")
        assert call["demo"]["original_deadline"] == {"local": local, "zone": "Europe/Brussels",
                                                     "utc": utc, "last_day": last_day}
        assert call["deadline"]["zone"] == "Europe/Brussels"
        # 60 days after the clock (2026-11-22) at the notice's own local time, in winter (+01);
        # a date-only deadline stays one: the whole of that day.
        if last_day:
            assert call["deadline"]["last_day"] == "2027-01-21"
            assert call["deadline"]["local"] == "2027-01-22T00:00:00"
        else:
            assert call["deadline"]["local"] == "2027-01-21T" + local.split("T")[1]
        assert call["demo"]["note"]


async def test_every_field_of_the_notices_survives_the_round_trip(seeded) -> None:
    for payload in DEMO_CALLS:
        call = seeded[payload.reference]
        sent = payload.model_dump(mode="json", exclude={"deadline"})
        assert {k: call[k] for k in sent} == sent


async def test_notice_specific_facts(seeded) -> None:
    sne = seeded["SNE/2024/CNECT/A2-AI-OFFICE"]
    assert sne["secondment_type"] == "with_allowances"
    # "Provisional starting date: 3rd quarter 2024"
    assert sne["provisional_start"] == {"text": "3rd quarter 2024", "day": None, "month": None,
                                        "quarter": "2024-Q3"}
    assert sne["eligibility_date"] == "start_date"
    assert sne["open_to"]["eu_member_states"] is True
    assert sne["documents"] == {"required": ["cv"], "accepted": ["cv"], "single_pdf": False,
                                "cv_format": "europass", "cv_languages": ["EN", "FR", "DE"],
                                "cv_must_state_nationality": True, "single_pdf_kind": "cv"}
    assert sne["sysper_post_number"] is None  # "Click or tap here to enter text."
    assert sne["tasks"][0].startswith("Contribute to the implementation of the AI Act")
    assert sne["duties"][-1] == "Carrying out monitoring and control activities."
    assert sne["criteria"]["experience"]["min_months"] == 36
    assert sne["criteria"]["experience"]["ad_level_only"] is True
    assert sne["criteria"]["min_months_current_employer"] == 12
    assert sne["criteria"]["employer_types"] == ["national_administration",
                                                 "regional_administration",
                                                 "local_administration", "igo"]
    assert sne["criteria"]["employer_types_by_derogation"] == [
        "public_sector_body", "university", "research_institute"]
    assert sne["contact"]["name"] == "Kilian GROSS"

    ai_ca = seeded["EC/2024/CNECT/443651"]
    assert ai_ca["function_group"] == "FGIV"
    assert ai_ca["criteria"]["cast_function_group"] == "FGIV"
    assert ai_ca["criteria"]["eu_citizenship"] is True
    assert ai_ca["criteria"]["experience"] == {"min_months": 12, "ad_level_only": False,
                                               "after_degree": "master",
                                               "fields": ["AI technologies"]}
    assert ai_ca["criteria"]["education"]["min_level"] == "master"
    # "or other domain that is deemed relevant to the position"
    assert ai_ca["criteria"]["education"]["other_fields_relevant"] is True
    # "You may express your interest by filling in the application form": nothing to upload.
    assert ai_ca["documents"]["required"] == []
    assert ai_ca["privacy"]["controller"] == "Directorate CNECT.A.2 (for the use of EUSurvey)"
    assert ai_ca["privacy"]["record_references"][0] == "DPR-EC-01488"
    assert ai_ca["privacy"]["dpo_contact"] == "DATA-PROTECTION-OFFICER@ec.europa.eu"
    assert ai_ca["duration"]["max_total_months"] == 72
    assert ai_ca["related_references"] == ["EC/2024/CNECT/443650"]

    digit = seeded["EC/2026/DIGIT/456893"]
    assert digit["documents"]["single_pdf"] is True
    assert digit["documents"]["required"] == ["cv", "application_form"]
    assert digit["criteria"]["education"]["min_years"] == 3
    # "You must meet the following eligibility criteria when you validate your application"
    assert digit["eligibility_date"] == "submission"
    assert digit["number_of_posts"] == 1  # "seeking to hire one IT Service Officer"
    assert len(digit["required_skills"]) == 7

    ta = seeded["DIGIT/COM/2024/461"]
    assert ta["priority_rule"] == "article29"
    assert ta["security_clearance_required"] is True
    assert ta["criteria"]["security_clearance"] is True
    assert ta["grade_range"] == "AD5-AD7"
    assert ta["documents"]["required"] == ["cv", "motivation_letter", "application_form"]
    assert ta["documents"]["single_pdf"] is True
    assert ta["duration"]["initial_months_max"] == 36
    assert ta["documents"]["single_pdf_kind"] == "cv"
    # "applications from Commission officials, officials from other Institutions, and
    # laureates of competitions have priority"
    assert ta["priority_order"] == ["commission_official", "other_institution_official",
                                    "competition_laureate", "external"]


async def test_seeding_twice_creates_nothing_new(mongo, clock, settings, seeded) -> None:
    before = await mongo.db.calls.find({}).sort("_id", 1).to_list()
    await seed_demo_data(mongo.db, clock=clock, settings=settings)
    after = await mongo.db.calls.find({}).sort("_id", 1).to_list()
    assert after == before
    assert len(after) == 4


async def test_demo_calls_are_open_and_close_by_the_job(client: httpx.AsyncClient, seeded,
                                                        clock, auth) -> None:
    open_now = (await client.get("/api/v1/public/calls", params={"open_now": "true"})).json()
    assert len(open_now["items"]) == 4
    clock.advance(timedelta(days=61))
    run = await client.post("/api/v1/admin/jobs/close_calls/run", headers=auth("admin"))
    assert run.json()["counts"] == {"closed": 4}
    assert (await client.get("/api/v1/public/calls")).json()["items"] == []


async def test_a_deadline_still_ahead_is_kept_as_printed(mongo, clock, settings,
                                                         client: httpx.AsyncClient) -> None:
    clock.set(datetime(2024, 1, 10, 9, 0, tzinfo=UTC))
    await seed_demo_data(mongo.db, clock=clock, settings=settings)
    for item in (await client.get("/api/v1/public/calls")).json()["items"]:
        local, utc = NOTICES[item["reference"]]["original"]
        last_day = NOTICES[item["reference"]].get("last_day")
        assert item["deadline"] == {"local": local, "zone": "Europe/Brussels", "utc": utc,
                                    "last_day": last_day}
        assert item["demo"] is None


async def test_the_app_seeds_demo_data_at_startup_when_asked(mongo, clock, settings) -> None:
    demo_app = create_app(settings.model_copy(update={"demo_data": True}), clock=clock,
                          mongo=mongo)
    async with demo_app.router.lifespan_context(demo_app):
        pass
    assert await mongo.db.calls.count_documents({"status": "published"}) == 4
