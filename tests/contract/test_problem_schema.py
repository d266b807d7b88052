"""The OpenAPI document describes the problem body a client really receives."""

from __future__ import annotations

from typing import Any

from app.config import Settings
from app.main import create_app


def test_problem_schema_has_the_extension_members(settings: Settings) -> None:
    schemas: dict[str, Any] = create_app(settings).openapi()["components"]["schemas"]
    problem = schemas["Problem"]
    assert {"type", "title", "status", "detail", "code"} <= set(problem["required"])
    assert {"request_id", "errors", "error_id", "current_etag"} <= problem["properties"].keys()
    assert problem["additionalProperties"] is True
    item = schemas["ProblemError"]
    assert set(item["required"]) == {"type", "loc", "msg"}


def test_patch_operations_take_merge_patch(settings: Settings) -> None:
    paths: dict[str, Any] = create_app(settings).openapi()["paths"]
    for path in ("/api/v1/applications/{application_id}", "/api/v1/calls/{call_id}"):
        operation = paths[path]["patch"]
        assert list(operation["requestBody"]["content"]) == ["application/merge-patch+json"]
        assert {"412", "415", "428"} <= operation["responses"].keys()
