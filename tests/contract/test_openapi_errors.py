"""Each operation documents only the error statuses it can answer, each as a problem with an
example from the registry, and the headers those answers carry."""

from __future__ import annotations

from typing import Any

import pytest

from app.config import Settings
from app.main import create_app
from app.problems import PROBLEMS


@pytest.fixture
def document(settings: Settings) -> dict[str, Any]:
    openapi: dict[str, Any] = create_app(settings).openapi()
    return openapi


def _operations(document: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [(path, method, operation) for path, methods in document["paths"].items()
            for method, operation in methods.items()]


def test_every_error_is_a_problem_with_a_registered_example(document: dict[str, Any]) -> None:
    for path, method, operation in _operations(document):
        for status, response in operation["responses"].items():
            if int(status) < 400:
                continue
            content = response["content"]["application/problem+json"]
            assert content["schema"] == {"$ref": "#/components/schemas/Problem"}
            example = content["example"]
            assert example["code"] in PROBLEMS, (method, path, status)
            assert example["type"] == f"/problems/{example['code']}"
            assert example["status"] == int(status)


def test_reads_and_anonymous_operations_list_no_impossible_status(
    document: dict[str, Any],
) -> None:
    for path, method, operation in _operations(document):
        statuses = set(operation["responses"])
        if method == "get":
            assert not statuses & {"412", "413", "415"}, (method, path)
        if path.startswith("/api/") and not operation.get("security") and method == "get":
            assert not statuses & {"401", "403"}, (method, path)
    public = document["paths"]["/api/v1/public/calls"]["get"]["responses"]
    assert not set(public) & {"401", "403", "404", "409", "412"}
    assert {"400", "422", "429", "500", "503"} <= set(public)
    me = document["paths"]["/api/v1/me"]["get"]["responses"]
    assert not set(me) & {"400", "404", "409", "412", "413", "415", "422"}
    patch = document["paths"]["/api/v1/applications/{application_id}"]["patch"]["responses"]
    assert {"401", "404", "409", "412", "413", "415", "422", "428"} <= set(patch)


def test_the_headers_of_errors_are_documented(document: dict[str, Any]) -> None:
    for path, method, operation in _operations(document):
        responses = operation["responses"]
        if "401" in responses:
            assert "WWW-Authenticate" in responses["401"]["headers"], (method, path)
        for status in ("429", "503"):
            if status in responses:
                assert "Retry-After" in responses[status]["headers"], (method, path)


def test_every_operation_has_a_summary_and_a_description(document: dict[str, Any]) -> None:
    for path, method, operation in _operations(document):
        assert operation.get("summary"), (method, path)
        assert len(operation.get("description", "").strip()) >= 20, (method, path)


async def test_etag_and_replay_headers_are_documented_where_they_are_sent(
    document: dict[str, Any], client: Any, auth: Any,
) -> None:
    from tests.applications.factories import candidate, draft, open_call

    path = "/api/v1/applications/{application_id}"
    for method in ("get", "patch"):
        assert "ETag" in document["paths"][path][method]["responses"]["200"]["headers"]
    submit = document["paths"][path + "/submit"]["post"]["responses"]["200"]["headers"]
    assert {"ETag", "Idempotent-Replayed"} <= set(submit)
    call = await open_call(client, auth, kind="ca")
    application = await draft(client, candidate(auth), call["id"])
    response = await client.get(f"/api/v1/applications/{application['id']}",
                                headers=candidate(auth))
    assert response.headers["ETag"] == '"v1"'


# The bodies of the candidate's journey, described field by field.
JOURNEY = ["ApplicationCreate", "ApplicationRead", "ApplicationList", "CandidateProfileDraft",
           "Contact", "LanguageSkill", "Education", "Experience", "DocumentRead",
           "EligibilityVerdict", "CriterionResult", "DecisionIn", "SpecialNeedsRead",
           "CallSummary", "StatusEntry", "Problem", "ProblemError"]
# Every property of every schema is described (the journey's and all the others).
UNDESCRIBED_ELSEWHERE = 0


def _undescribed(schema: dict[str, Any]) -> list[str]:
    return [name for name, field in schema.get("properties", {}).items()
            if "description" not in field]


def test_the_journey_schemas_describe_every_field(document: dict[str, Any]) -> None:
    schemas = document["components"]["schemas"]
    for name in JOURNEY:
        assert not _undescribed(schemas[name]), (name, _undescribed(schemas[name]))
    total = sum(len(_undescribed(schema)) for schema in schemas.values())
    assert total <= UNDESCRIBED_ELSEWHERE, "a new field without a description"


def test_the_journey_bodies_have_examples_that_validate(document: dict[str, Any]) -> None:
    from app.models.applications import ApplicationCreate, DecisionIn
    from app.models.documents import DocumentRead
    from app.models.eligibility import EligibilityVerdict

    schemas = document["components"]["schemas"]
    from app.models.applications import ApplicationRead
    from app.models.calls import CallCreate

    for model in (ApplicationCreate, DecisionIn, EligibilityVerdict, DocumentRead, CallCreate,
                  ApplicationRead):
        examples = schemas[model.__name__]["examples"]
        for example in examples:
            model.model_validate(example)


def test_codes_have_patterns_or_enums(document: dict[str, Any]) -> None:
    import re

    schemas = document["components"]["schemas"]
    code_pattern = schemas["Problem"]["properties"]["code"]["pattern"]
    type_pattern = schemas["Problem"]["properties"]["type"]["pattern"]
    for code in PROBLEMS:
        assert re.match(code_pattern, code) and re.match(type_pattern, f"/problems/{code}")
    from app.services.eligibility.wording import CODES

    reason = schemas["CriterionResult"]["properties"]["code"]["anyOf"][0]["pattern"]
    assert all(re.match(reason, code) for code in CODES.values())
    call_kind = schemas["ApplicationRead"]["properties"]["call_kind"]
    assert call_kind == {"$ref": "#/components/schemas/CallKind",
                         "description": call_kind["description"]}


def _body_schemas(document: dict[str, Any]) -> set[str]:
    names: set[str] = set()
    for _, _, operation in _operations(document):
        contents = [*operation.get("requestBody", {}).get("content", {}).values()]
        contents += [content for status, response in operation["responses"].items()
                     if status.startswith("2")
                     for content in response.get("content", {}).values()]
        names |= {content["schema"]["$ref"].rsplit("/", 1)[-1] for content in contents
                  if "$ref" in content.get("schema", {})}
    return names


# Every request and response body has an example.
BODIES_WITHOUT_EXAMPLES: set[str] = set()


def test_every_new_body_has_an_example(document: dict[str, Any]) -> None:
    schemas = document["components"]["schemas"]
    missing = {name for name in _body_schemas(document)
               if not {"example", "examples"} & schemas[name].keys()}
    assert missing <= BODIES_WITHOUT_EXAMPLES, sorted(missing - BODIES_WITHOUT_EXAMPLES)
    assert {"ApplicationCreate", "DocumentRead", "EligibilityVerdict", "DecisionIn",
            "Problem"} <= {name for name in schemas if "examples" in schemas[name]}
