"""Issue 13, the candidates' and integrations' share of the document: a description on every
field, and examples that a client can send or expect as they are (they validate)."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import BaseModel

from app.config import Settings
from app.main import create_app
from app.models.applications import (
    ApplicationCreate,
    ApplicationList,
    ApplicationRead,
    CallSummary,
    CandidateProfileDraft,
    CastDeclaration,
    DecisionIn,
    SpecialNeedsRead,
    SpecialNeedsUpdate,
    StatusChange,
    StatusEntry,
)
from app.models.common import Page, Problem, ProblemError
from app.models.documents import DocumentRead
from app.models.europass import (
    CvEducation,
    CvExperience,
    CvFacts,
    PartialDate,
    PrefillRead,
    PrefillReport,
)
from app.models.integrations import (
    ClientCreate,
    ClientCredentials,
    ClientRead,
    ClientRotate,
    TokenForm,
    TokenResponse,
)
from app.models.integrations_cast import CastImportRead, ImportReport, RejectionRead
from app.models.integrations_matches import (
    BestMatch,
    BestMatchList,
    ScoreComponent,
    TalentPoolConsent,
)
from app.models.integrations_webhooks import (
    AttemptRead,
    DeliveryRead,
    EndpointCreate,
    EndpointRead,
    EndpointSecret,
)
from app.models.me import Me, NotificationList, NotificationRead
from app.models.profile import Contact, Education, Experience, LanguageSkill
from app.models.ranking import Agreement
from app.models.reference import (
    CallKindList,
    CallKindRule,
    CefrLevelList,
    CefrLevelRef,
    CountryList,
    CountryRef,
    LanguageList,
    LanguageRef,
    NoticeWord,
)

# (model, its schema's name in the document): every model of this share that the API shows.
SHARE: list[tuple[type[BaseModel], str]] = [
    (model, model.__name__) for model in (
        ApplicationCreate, ApplicationList, ApplicationRead, CallSummary, CandidateProfileDraft,
        CastDeclaration, DecisionIn, SpecialNeedsRead, SpecialNeedsUpdate, StatusChange,
        StatusEntry, Problem, ProblemError, DocumentRead, CvEducation, CvExperience, CvFacts,
        PartialDate, PrefillRead, PrefillReport, ClientCreate, ClientCredentials, ClientRead,
        ClientRotate, TokenForm, TokenResponse, CastImportRead, ImportReport, RejectionRead,
        BestMatch, BestMatchList, ScoreComponent, TalentPoolConsent, AttemptRead, DeliveryRead,
        EndpointCreate, EndpointRead, EndpointSecret, Me, NotificationList, NotificationRead,
        Contact, Education, Experience, LanguageSkill, Agreement, CallKindList, CallKindRule,
        CefrLevelList, CefrLevelRef, CountryList, CountryRef, LanguageList, LanguageRef,
        NoticeWord)
] + [(Page[item], f"Page_{item.__name__}_")
     for item in (ClientRead, DeliveryRead, DocumentRead, EndpointRead)]


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    openapi: dict[str, Any] = create_app(Settings()).openapi()
    return openapi


@pytest.fixture(scope="module")
def schemas(document: dict[str, Any]) -> dict[str, Any]:
    found: dict[str, Any] = document["components"]["schemas"]
    return found


@pytest.fixture(scope="module")
def bodies(document: dict[str, Any]) -> set[str]:
    """The schemas sent or answered as a whole body (2xx answers and request bodies)."""
    names: set[str] = set()
    for methods in document["paths"].values():
        for operation in methods.values():
            contents = [*operation.get("requestBody", {}).get("content", {}).values()]
            contents += [content for status, response in operation["responses"].items()
                         if status.startswith("2")
                         for content in response.get("content", {}).values()]
            names |= {content["schema"]["$ref"].rsplit("/", 1)[-1] for content in contents
                      if "$ref" in content.get("schema", {})}
    return names


@pytest.mark.parametrize(("model", "name"), SHARE, ids=[name for _, name in SHARE])
def test_every_property_is_described(schemas: dict[str, Any], model: type[BaseModel],
                                     name: str) -> None:
    schema = schemas[name]
    undescribed = [field for field, spec in schema.get("properties", {}).items()
                   if not spec.get("description", "").strip()]
    assert not undescribed, (name, undescribed)
    assert schema.get("description", "").strip(), f"{name} says what it is"


@pytest.mark.parametrize(("model", "name"), SHARE, ids=[name for _, name in SHARE])
def test_every_example_validates_against_its_model(
    schemas: dict[str, Any], bodies: set[str], model: type[BaseModel], name: str,
) -> None:
    examples = schemas[name].get("examples", [])
    if name in bodies:
        assert examples, f"{name} is a request or response body without an example"
    for example in examples:
        model.model_validate(example)


def test_the_token_form_has_a_name_and_examples_of_both_ways_to_authenticate(
    schemas: dict[str, Any], bodies: set[str],
) -> None:
    assert "Body_issue_token" not in schemas
    assert "TokenForm" in bodies
    examples = schemas["TokenForm"]["examples"]
    assert {"client_assertion", "client_secret"} <= {key for ex in examples for key in ex}


def test_a_page_shows_its_item_models_example(schemas: dict[str, Any]) -> None:
    page = schemas["Page_DocumentRead_"]["examples"][0]
    assert page["items"] == schemas["DocumentRead"]["examples"][:1]
    assert page["next_cursor"]


def test_examples_keep_their_nulls(schemas: dict[str, Any]) -> None:
    """FastAPI drops nulls from the document; an example must still show a required null."""
    consent = schemas["TalentPoolConsent"]["examples"][0]
    assert "objected_at" in consent and consent["objected_at"] is None
    assert schemas["Me"]["examples"][0]["country"] is None


async def test_the_named_token_form_still_reports_a_missing_field_by_its_name(
    client: Any,
) -> None:
    response = await client.post("/api/v1/oauth/token", data={"scope": "permrep"})
    assert response.status_code == 422
    assert [error["loc"] for error in response.json()["errors"]] == [["body", "grant_type"]]
