"""openapi/openapi.json is generated from the code; it must not drift."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from app.config import Settings
from app.main import create_app

COMMITTED = Path(__file__).resolve().parent.parent / "openapi" / "openapi.json"


def test_committed_openapi_document_is_up_to_date(settings: Settings) -> None:
    generated = json.dumps(create_app(settings).openapi(), indent=2, sort_keys=True) + "\n"
    assert COMMITTED.read_text() == generated, (
        "openapi/openapi.json is stale: run `make openapi` and commit it")


def test_every_operation_has_a_stable_id_a_summary_and_problem_errors(settings: Settings) -> None:
    document: dict[str, Any] = create_app(settings).openapi()
    seen: set[str] = set()
    for path, methods in document["paths"].items():
        for method, operation in methods.items():
            assert operation.get("summary"), f"{method} {path} has no summary"
            assert operation["operationId"] not in seen
            seen.add(operation["operationId"])
            for code, response in operation["responses"].items():
                if int(code) >= 400:
                    assert "application/problem+json" in response["content"], (method, path, code)
