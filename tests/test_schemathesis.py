"""Property-based API testing: schemathesis generates requests from our OpenAPI document and
checks that the in-process app never answers 5xx and always answers as documented."""

from __future__ import annotations

import asyncio
import re
from typing import Any

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from app.services.demo import seed_demo_data
from tests.files import pdf_bytes

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
_PASS_THROUGH = ("method", "url", "headers", "params", "json", "files")


def _httpx_kwargs(case: schemathesis.Case, headers: dict[str, str]) -> dict[str, Any]:
    raw = case.as_transport_kwargs(base_url="http://testserver", headers=headers)
    kwargs = {key: raw[key] for key in _PASS_THROUGH if raw.get(key) is not None}
    if raw.get("data") is not None:
        data = raw["data"]
        kwargs["content" if isinstance(data, bytes | str) else "data"] = data
    return kwargs


async def _send(client: httpx.AsyncClient, case: schemathesis.Case,
                headers: dict[str, str]) -> httpx.Response:
    request = client.build_request(**_httpx_kwargs(case, headers))
    await request.aread()  # multipart bodies stream; the checks read request.content
    return await client.send(request)


async def _real_ids(client: httpx.AsyncClient, auth: Any, app: Any, headers: dict[str, str]
                    ) -> dict[str, str]:
    """A published demo call, a draft application on it with a CV: ids worth fuzzing."""
    await seed_demo_data(app.state.mongo.db, clock=app.state.clock, settings=app.state.settings)
    calls = (await client.get("/api/v1/calls", headers=headers, params={"kind": "ca"})).json()
    call_id = calls["items"][0]["id"]
    applied = await client.post(f"/api/v1/calls/{call_id}/applications", headers=headers,
                                json={"profile": {"first_name": "Fuzz"}})
    assert applied.status_code == 201, applied.text
    application_id = applied.json()["id"]
    stored = await client.post(f"/api/v1/applications/{application_id}/documents",
                               headers=headers, data={"kind": "cv"},
                               files={"file": ("cv.pdf", pdf_bytes("CV"), "application/pdf")})
    assert stored.status_code == 201, stored.text
    return {"call_id": call_id, "application_id": application_id,
            "document_id": stored.json()["id"], "name": "close_calls",
            "message_id": "0" * 24}  # no dead letter: a 404


def _strategy(schema: Any, mode: GenerationMode, ids: dict[str, str] | None) -> Any:
    if ids is None:
        return schema.as_strategy(generation_mode=mode)
    strategies = []
    for result in schema.get_all_operations():
        operation = result.ok()
        fixed = {name: ids[name] for name in re.findall(r"{(\w+)}", operation.path)}
        strategies.append(operation.as_strategy(generation_mode=mode, path_parameters=fixed))
    return st.one_of(strategies)


@pytest.mark.parametrize(
    ("mode", "with_ids"),
    [(GenerationMode.POSITIVE, False), (GenerationMode.NEGATIVE, False),
     (GenerationMode.POSITIVE, True), (GenerationMode.NEGATIVE, True)],
    ids=["valid-input", "invalid-input", "valid-input-real-ids", "invalid-input-real-ids"],
)
async def test_api_conforms_to_its_openapi_document(
    app: Any, client: httpx.AsyncClient, auth: Any, mode: GenerationMode, with_ids: bool
) -> None:
    schema = schemathesis.openapi.from_dict(app.openapi())
    # A caller with every role reaches the most code; object access is tested elsewhere.
    headers = auth("candidate", "permrep", "recruiter", "hr", "panel", "dpo", "admin",
                   sub="fuzzer", unit="CNECT", country="BE")
    ids = await _real_ids(client, auth, app, headers) if with_ids else None
    loop = asyncio.get_running_loop()
    failures: list[str] = []

    @settings(max_examples=150, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(case=_strategy(schema, mode, ids))
    def run(case: schemathesis.Case) -> None:
        response = asyncio.run_coroutine_threadsafe(_send(client, case, headers),
                                                    loop).result(timeout=60)
        try:
            case.validate_response(response, checks=CHECKS)
        except AssertionError as failure:
            failures.append(f"{case.method} {case.formatted_path}: {failure}")
            raise

    await asyncio.to_thread(run)
    assert not failures
