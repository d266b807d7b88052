"""The OpenAPI document is a product: it validates, and a client generated from it works.

The models are generated with datamodel-code-generator from the committed
``openapi/openapi.json`` (what a client team would do), imported, and used to build every
request body and to validate every response of one full candidate journey.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest
from openapi_spec_validator import validate

from app.config import Settings
from tests.applications.factories import candidate, open_call
from tests.clamd import clamd  # noqa: F401 - the session fixture, used below
from tests.files import pdf_bytes

DOCUMENT = Path(__file__).resolve().parents[2] / "openapi" / "openapi.json"
PDF_TYPE = "application/pdf"
MERGE_PATCH = "application/merge-patch+json"


@pytest.fixture
def settings(base_settings: Settings, clamd: tuple[str, int]) -> Settings:  # noqa: F811
    """The CV upload is scanned by the session's real clamd."""
    host, port = clamd
    return base_settings.model_copy(update={"clamd_host": host, "clamd_port": port})


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    """The pydantic models datamodel-code-generator writes from the committed document."""
    target = tmp_path_factory.mktemp("client") / "eu_ats_models.py"
    codegen = Path(sys.executable).with_name("datamodel-codegen")
    subprocess.run(
        [str(codegen), "--input", str(DOCUMENT), "--input-file-type", "openapi",
         "--output", str(target), "--output-model-type", "pydantic_v2.BaseModel",
         "--target-python-version", "3.11", "--formatters", "ruff-format"],
        check=True, capture_output=True, timeout=120)
    spec = importlib.util.spec_from_file_location("eu_ats_models", target)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # pydantic resolves forward references through it
    spec.loader.exec_module(module)
    return module


def test_the_committed_document_is_valid_openapi() -> None:
    validate(json.loads(DOCUMENT.read_text()))


def _body(model: Any) -> dict[str, Any]:
    dumped: dict[str, Any] = model.model_dump(mode="json", exclude_unset=True)
    return dumped


async def test_a_candidate_journey_through_the_generated_models(
    client: httpx.AsyncClient, auth: Any, generated: ModuleType,
) -> None:
    m = generated
    call = await open_call(client, auth, kind="ca", required=["cv"])
    me = candidate(auth)

    # Create: an almost empty draft, as the SPA's first page does.
    create = m.ApplicationCreate(profile=m.CandidateProfileDraft(first_name="Ana"))
    response = await client.post(f"/api/v1/calls/{call['id']}/applications",
                                 json=_body(create), headers=me)
    assert response.status_code == 201, response.text
    application = m.ApplicationRead.model_validate(response.json())
    assert application.status == m.ApplicationStatus.draft
    etag = response.headers["ETag"]

    # PATCH page by page: each page sends only its own members (JSON Merge Patch).
    pages = [
        m.CandidateProfileDraft(last_name="Example", nationalities=["PT"],
                                contact=m.Contact(email="ana@example.org")),
        m.CandidateProfileDraft(languages=[
            m.LanguageSkill(language="PT", level="C2", mother_tongue=True),
            m.LanguageSkill(language="EN", level="C1"),
            m.LanguageSkill(language="FR", level="B2")]),
        m.CandidateProfileDraft(education=[
            m.Education(level=m.DegreeLevel.master, field="Computer Science",
                        completed_on="2015-07-01", years=5)]),
    ]
    for page in pages:
        response = await client.patch(
            f"/api/v1/applications/{application.id}", content=json.dumps({"profile": _body(page)}),
            headers={**me, "Content-Type": MERGE_PATCH, "If-Match": etag})
        assert response.status_code == 200, response.text
        application = m.ApplicationRead.model_validate(response.json())
        etag = response.headers["ETag"]
    assert application.profile.first_name == "Ana"  # earlier pages' members stay
    assert application.profile.contact.email == "ana@example.org"
    assert [skill.language for skill in application.profile.languages] == ["PT", "EN", "FR"]

    # Upload the CV, then submit.
    response = await client.post(
        f"/api/v1/applications/{application.id}/documents", data={"kind": "cv"},
        files={"file": ("cv.pdf", pdf_bytes(), PDF_TYPE)}, headers=me)
    assert response.status_code == 201, response.text
    document = m.DocumentRead.model_validate(response.json())
    assert document.kind == m.DocumentKind.cv

    response = await client.get(f"/api/v1/applications/{application.id}", headers=me)
    response = await client.post(f"/api/v1/applications/{application.id}/submit",
                                 headers={**me, "If-Match": response.headers["ETag"]})
    assert response.status_code == 200, response.text
    application = m.ApplicationRead.model_validate(response.json())
    assert application.status == m.ApplicationStatus.submitted

    # The verdict, as the candidate reads it: in French, with the codes unchanged.
    response = await client.get(f"/api/v1/applications/{application.id}/eligibility",
                                headers={**me, "Accept-Language": "fr-BE, fr;q=0.9"})
    assert response.status_code == 200, response.text
    assert response.headers["Content-Language"] == "fr"
    verdict = m.EligibilityVerdict.model_validate(response.json())
    languages = next(r for r in verdict.results if r.criterion == m.Criterion.languages)
    assert languages.label.startswith("Connaissances linguistiques : ")
    assert verdict.summary in {"Toutes les conditions sont remplies.",
                               "Au moins une condition n'est pas remplie.",
                               "Au moins une condition doit être examinée par une personne."}

    # A refusal parses as the documented Problem too.
    response = await client.post(f"/api/v1/applications/{application.id}/submit", headers=me)
    problem = m.Problem.model_validate(response.json())
    assert problem.code in {"conflict", "precondition-required"}
