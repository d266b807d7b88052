"""Property-based API testing: schemathesis generates requests from our OpenAPI document and
checks that the in-process app never answers 5xx and always answers as documented."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

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


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE],
                         ids=["valid-input", "invalid-input"])
async def test_api_conforms_to_its_openapi_document(
    app: Any, client: httpx.AsyncClient, auth: Any, mode: GenerationMode
) -> None:
    schema = schemathesis.openapi.from_dict(app.openapi())
    # A caller with every role reaches the most code; object access is tested elsewhere.
    headers = auth("candidate", "permrep", "recruiter", "hr", "panel", "dpo", "admin",
                   sub="fuzzer", unit="CNECT", country="BE")
    loop = asyncio.get_running_loop()
    failures: list[str] = []

    @settings(max_examples=150, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(case=schema.as_strategy(generation_mode=mode))
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
