"""Examples of the call bodies, one per kind, excerpted from the real notices in
``shared/seeds`` (tests check that each validates against its model)."""

from __future__ import annotations

from typing import Any

_C1_B2 = {"main_level": "C1", "second_level": "B2"}

SNE_CREATE: dict[str, Any] = {
    "kind": "sne", "reference": "SNE/2024/CNECT/A2-AI-OFFICE",
    "title": "Seconded National Expert – Technology specialist in AI (AI Office)",
    "profiles": [{"code": "technology-specialist-ai", "title": "Technology specialist in AI"}],
    "dg": "DG CONNECT", "directorate": "Directorate A – AI Office", "unit": "CNECT.A",
    "contact": {"name": "Kilian GROSS", "unit": "CNECT A2"},
    "places_of_employment": ["Brussels"], "contract_type": "SNE",
    "duration": {"initial_months_min": 12},
    "provisional_start": {"text": "3rd quarter 2024", "quarter": "2024-Q3"},
    "eligibility_date": "start_date",
    "secondment_type": "with_allowances",
    "open_to": {"eu_member_states": True, "efta_countries": [], "third_countries": [],
                "igos": []},
    "documents": {"required": ["cv"], "accepted": ["cv"], "cv_format": "europass",
                  "cv_languages": ["EN", "FR", "DE"], "cv_must_state_nationality": True},
    "security_clearance_required": False,
    "advantages": ["Experience in model testing and evaluation and in advanced AI, including "
                   "model alignment, biases, misinformation and red teaming would be a strong "
                   "asset."],
    "sections": {"conditions": "During the full duration of your secondment, you must remain "
                               "employed and remunerated by your employer."},
    "criteria": {"experience": {"min_months": 36, "ad_level_only": True},
                 "min_months_current_employer": 12,
                 "employer_types": ["national_administration", "regional_administration",
                                    "local_administration", "igo"],
                 "employer_types_by_derogation": ["public_sector_body", "university",
                                                  "research_institute"],
                 "languages": _C1_B2},
    "deadline": {"last_day": "2024-07-25", "zone": "Europe/Brussels"},
}

CA_CREATE: dict[str, Any] = {
    "kind": "ca", "reference": "EC/2024/CNECT/443651",
    "title": "Contract Agents FG IV, Technology specialists in AI",
    "profiles": [{"code": "technology-specialist-ai", "title": "Technology specialists in AI"}],
    "dg": "DG CONNECT", "directorate": "AI Office (CNECT A)", "unit": "CNECT.A.2",
    "contact": {"name": "AI Office recruitment (CNECT.A.2)", "unit": "CNECT.A.2",
                "email": "CNECT-AIOFFICE-RECRUITMENT@ec.europa.eu"},
    "places_of_employment": ["Brussels", "Luxembourg"], "contract_type": "CA 3b",
    "function_group": "FGIV",
    "duration": {"initial_months_min": 12, "max_total_months": 72,
                 "extension_rule": "1 year (with the possibility of extensions up to 6 years "
                                   "in total)"},
    "provisional_start": {"text": "From Autumn 2024 (tentative)"},
    "documents": {"required": [], "accepted": ["cv", "motivation_letter"]},
    "security_clearance_required": False,
    "advantages": ["Knowledge/understanding of AI technologies"],
    "sections": {"selection": "DG CONNECT will select only the candidates registered in the "
                              "EPSO application database."},
    "criteria": {"eu_citizenship": True, "cast_function_group": "FGIV",
                 "declarations": ["military_service", "character_references"],
                 "languages": _C1_B2,
                 "education": {"min_level": "master", "min_years": 3,
                               "fields": ["Information Technology", "Computer Science"],
                               "other_fields_relevant": True},
                 "experience": {"min_months": 12, "after_degree": "master"}},
    "deadline": {"local": "2024-03-27T12:00:00", "zone": "Europe/Brussels"},
}

TA_CREATE: dict[str, Any] = {
    "kind": "ta", "reference": "DIGIT/COM/2024/461", "title": "IT Security Officer AI Expert",
    "profiles": [{"code": "it-security-officer-ai", "title": "IT Security Officer – AI Expert"}],
    "dg": "DG DIGIT", "directorate": "CERT-EU", "unit": "DIGIT.CERT-EU",
    "contact": {"name": "CERT-EU secretariat", "email": "secretariat@cert.europa.eu"},
    "places_of_employment": ["Brussels"], "contract_type": "TA 2b/2d",
    "grade_range": "AD5-AD7",
    "duration": {"initial_months_min": 12, "initial_months_max": 36, "max_total_months": 60},
    "eligibility_date": "submission", "number_of_posts": 1,
    "priority_rule": "article29",
    "priority_order": ["commission_official", "other_institution_official",
                       "competition_laureate", "external"],
    "documents": {"required": ["cv", "motivation_letter", "application_form"],
                  "accepted": ["cv", "motivation_letter", "application_form"],
                  "single_pdf": True, "single_pdf_kind": "cv"},
    "security_clearance_required": True,
    "advantages": ["Strong familiarity with cybersecurity principles, threats, and "
                   "countermeasures"],
    "sections": {"we_look_for": "The candidate must hold a security clearance at EU SECRET "
                                "level or be in a position to be security cleared."},
    "criteria": {"eu_citizenship": True, "security_clearance": True,
                 "declarations": ["full_rights_as_citizen", "military_service",
                                  "physical_fitness", "character_references"],
                 "education": {"min_level": "bachelor", "min_years": 3}, "languages": _C1_B2},
    "deadline": {"local": "2024-04-19T12:00:00", "zone": "Europe/Brussels"},
}

_DEADLINES = {  # each notice's deadline as a read shows it
    "sne": {"local": "2024-07-26T00:00:00", "zone": "Europe/Brussels",
            "utc": "2024-07-25T22:00:00Z", "last_day": "2024-07-25"},
    "ca": {"local": "2024-03-27T12:00:00", "zone": "Europe/Brussels",
           "utc": "2024-03-27T11:00:00Z"},
    "ta": {"local": "2024-04-19T12:00:00", "zone": "Europe/Brussels",
           "utc": "2024-04-19T10:00:00Z"},
}
_HOW = {
    "sne": {"channel": "permrep", "cast_registration_required": False,
            "europass_cv_required": True,
            "who_applies": "Only through the Permanent Representation (or the EFTA "
                           "Secretariat) of the candidate's country."},
    "ca": {"channel": "candidate", "cast_registration_required": True,
           "europass_cv_required": False,
           "who_applies": "The candidate, through the form; registered in EPSO CAST in the "
                          "call's function group."},
    "ta": {"channel": "candidate", "cast_registration_required": False,
           "europass_cv_required": False, "who_applies": "The candidate, through the form."},
}


def _read(create: dict[str, Any], call_id: str) -> dict[str, Any]:
    kind = create["kind"]
    documents = create["documents"]
    return {
        "id": call_id, **create, "status": "published", "deadline": _DEADLINES[kind],
        "version": 2, "created_at": "2024-02-26T09:12:00Z",
        "updated_at": "2024-02-27T08:00:00Z", "published_at": "2024-02-27T08:00:00Z",
        "corrigenda": [], "history": [],
        "how_to_apply": {**_HOW[kind], "documents_required": documents["required"],
                         "documents_accepted": documents["accepted"],
                         "single_pdf": documents.get("single_pdf", False),
                         "cv_languages": documents.get("cv_languages", [])},
    }


SNE_READ = _read(SNE_CREATE, "6b0f488ed87809eb9adf2aa1")
CA_READ = _read(CA_CREATE, "6b0f488ed87809eb9adf2aa2")
TA_READ = _read(TA_CREATE, "6b0f488ed87809eb9adf2aa3")
CALL_LIST: dict[str, Any] = {"items": [CA_READ], "next_cursor": "NmIwZjQ4OGVkODc4MDllYjlhZGYyYWEy"}
