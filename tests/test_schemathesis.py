"""Property-based API testing: schemathesis generates requests from our OpenAPI document and
checks that the in-process app never answers 5xx and always answers as documented (no status
the document does not list; that each listed one is reached is tests/reachability.py's check)."""

from __future__ import annotations

import asyncio
import json
import re
from collections import Counter
from collections.abc import Iterator
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
from tests.reachability import fuzzing

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
    if "files" in kwargs:
        kwargs["files"] = _renderable_files(kwargs["files"])
    if raw.get("data") is not None:
        data = raw["data"]
        kwargs["content" if isinstance(data, bytes | str) else "data"] = data
    return kwargs


def _as_bytes(value: Any) -> Any:
    """Negative cases put numbers or objects where a file goes: send their JSON text, so the
    API (not httpx, which can only stream bytes) is what answers them."""
    if isinstance(value, bytes | str) or hasattr(value, "read"):
        return value
    return json.dumps(value).encode()


def _renderable_files(files: Any) -> Any:
    items = files.items() if isinstance(files, dict) else files
    rendered = []
    for name, spec in items:
        if isinstance(spec, tuple):
            spec = (spec[0], _as_bytes(spec[1]), *spec[2:])
        else:
            spec = _as_bytes(spec)
        rendered.append((name, spec))
    return rendered


async def _send(client: httpx.AsyncClient, case: schemathesis.Case,
                headers: dict[str, str]) -> httpx.Response:
    request = client.build_request(**_httpx_kwargs(case, headers))
    await request.aread()  # multipart bodies stream; the checks read request.content
    return await client.send(request)


async def _real_ids(client: httpx.AsyncClient, auth: Any, app: Any, headers: dict[str, str]
                    ) -> dict[str, str]:
    """A published demo call, a candidate's draft application on it with a CV: ids worth
    fuzzing (the candidate owns them; every other role meets them as someone else's)."""
    await seed_demo_data(app.state.mongo.db, clock=app.state.clock, settings=app.state.settings)
    calls = (await client.get("/api/v1/public/calls", params={"kind": "ca"})).json()
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
            "message_id": "0" * 24,  # no dead letter: a 404
            "code": "not-found",
            **{name: "0" * 24 for name in ("client_id", "endpoint_id", "delivery_id",
                                           "import_id")}}


def _strategy(schema: Any, mode: GenerationMode, ids: dict[str, str]) -> Any:
    """Every operation, with path ids both generated (mostly 404s) and real (the deep paths)."""
    strategies = []
    for result in schema.get_all_operations():
        operation = result.ok()
        names = re.findall(r"{(\w+)}", operation.path)
        strategies.append(operation.as_strategy(generation_mode=mode))
        # Paths whose ids the fixture does not make (a retention run, a legal hold...) are
        # fuzzed with generated ids only.
        if names and all(name in ids for name in names):
            fixed = {name: ids[name] for name in names}
            strategies.append(operation.as_strategy(generation_mode=mode, path_parameters=fixed))
    return st.one_of(strategies)


# Each role as a real caller would hold it: a PermRep has a country, staff have a unit.
ROLES: dict[str, dict[str, str]] = {
    "candidate": {"sub": "fuzz-candidate"},
    "permrep": {"sub": "fuzz-permrep", "country": "BE"},
    "recruiter": {"sub": "fuzz-recruiter", "unit": "CNECT"},
    "hr": {"sub": "fuzz-hr", "unit": "CNECT"},
    "panel": {"sub": "fuzz-panel", "unit": "CNECT"},
    "dpo": {"sub": "fuzz-dpo"},
    "admin": {"sub": "fuzz-admin"},
}
MODES = {"valid": GenerationMode.POSITIVE, "invalid": GenerationMode.NEGATIVE}
EXAMPLES = 100  # per role and mode: 14 runs, ~40 s in all on 2 cores
_generated: dict[str, int] = {}
_statuses: Counter[int] = Counter()  # what the fuzzing met, all runs together


@pytest.fixture(scope="module", autouse=True)
def _report_case_counts(request: pytest.FixtureRequest) -> Iterator[None]:
    """Print how many requests each role and mode sent: a fuzz run that sent none is no proof."""
    yield
    plugins = request.config.pluginmanager
    reporter, capture = plugins.getplugin("terminalreporter"), plugins.getplugin("capturemanager")
    if reporter is None or capture is None or not _generated:
        return
    with capture.global_and_fixture_disabled():  # teardown output is captured otherwise
        reporter.write_line("")
        reporter.write_sep("-", f"schemathesis: {sum(_generated.values())} generated cases")
        for run, count in sorted(_generated.items()):
            reporter.write_line(f"  {run:<20} {count:>4} cases")
        reporter.write_line("  statuses: " + ", ".join(
            f"{status}×{count}" for status, count in sorted(_statuses.items())))


@pytest.mark.parametrize("mode", list(MODES))
@pytest.mark.parametrize("role", list(ROLES))
async def test_api_conforms_to_its_openapi_document(
    app: Any, client: httpx.AsyncClient, auth: Any, role: str, mode: str
) -> None:
    schema = schemathesis.openapi.from_dict(app.openapi())
    owner = auth("candidate", **ROLES["candidate"])
    ids = await _real_ids(client, auth, app, owner)
    headers = auth(role, **ROLES[role])
    loop = asyncio.get_running_loop()
    failures: list[str] = []
    sent = 0

    @settings(max_examples=EXAMPLES, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(case=_strategy(schema, MODES[mode], ids))
    def run(case: schemathesis.Case) -> None:
        nonlocal sent
        response = asyncio.run_coroutine_threadsafe(_send(client, case, headers),
                                                    loop).result(timeout=60)
        sent += 1
        _statuses[response.status_code] += 1
        try:
            case.validate_response(response, checks=CHECKS)
        except AssertionError as failure:
            failures.append(f"{role} {case.method} {case.formatted_path}: {failure}")
            raise

    with fuzzing():  # random coverage: reported, not counted by the reachability check
        await asyncio.to_thread(run)
    _generated[f"{role}/{mode}"] = sent
    assert not failures
    assert sent >= EXAMPLES // 2, f"only {sent} cases generated"
