"""The statuses an operation owes to what it takes: a cursor it did not issue (400), an id
nobody issued (404), a parameter or a body that misses its schema (422), a stale ``If-Match``
(412). Each is provoked, from the
document alone, on every operation that lists it, against real objects: a published call, a
candidate's draft with a CV, another's submitted application."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from app.config import Settings
from tests.applications.factories import candidate, draft, open_call, submitted
from tests.files import pdf_bytes
from tests.integrations.helpers import bearer, register_client

AN_ID = "0" * 24
UNISSUED = {"name": "no-such-job", "code": "no-such-code"}
# Operations that check a state before what they take: their tests reach the status.
DEEPER = {
    (400, "get", "/api/v1/calls/{call_id}/ranking"): "tests/panels/test_ranking.py",
}


Body = tuple[bytes | None, dict[str, str]]  # (content, its Content-Type header)


@dataclass(frozen=True)
class Attempt:
    """One way to make a request break one rule (the documented example body unless given)."""

    params: dict[str, str]
    headers: dict[str, str]
    body: Body | None = None


@pytest.fixture
def settings(base_settings: Settings) -> Settings:
    """Webhooks to loopback (nothing is delivered here: the endpoint only has to exist)."""
    return base_settings.model_copy(update={"webhook_allow_loopback": True})


async def _world(client: httpx.AsyncClient, auth: Any) -> dict[str, list[str]]:
    """Ids worth trying per path parameter name (the first that gets far enough wins)."""
    call = await open_call(client, auth, kind="ca")
    owner = candidate(auth, sub="reach-owner")
    mine = await draft(client, owner, call["id"])
    stored = await client.post(f"/api/v1/applications/{mine['id']}/documents", headers=owner,
                               data={"kind": "cv"},
                               files={"file": ("cv.pdf", pdf_bytes("CV"), "application/pdf")})
    assert stored.status_code == 201, stored.text
    theirs = await submitted(client, candidate(auth, sub="reach-other"), call["id"])
    machine = await bearer(client, await register_client(client, auth))
    endpoint = await client.post("/api/v1/webhooks/endpoints", headers=machine, json={
        "url": "http://127.0.0.1:9/ats", "events": ["call.published"]})
    assert endpoint.status_code == 201, endpoint.text
    return {"call_id": [call["id"]], "application_id": [mine["id"], theirs["id"]],
            "document_id": [stored.json()["id"]], "endpoint_id": [endpoint.json()["id"]],
            "name": ["close_calls"], "code": ["not-found"], "machine": [machine["Authorization"]]}


def _callers(auth: Any, ids: dict[str, list[str]]) -> list[dict[str, str]]:
    return [{"Authorization": ids["machine"][0]}, candidate(auth, sub="reach-owner"),
            candidate(auth, sub="reach-other"),
            auth("hr", sub="reach-hr"), auth("recruiter", sub="reach-rec", unit="CNECT.A.2"),
            auth("permrep", sub="reach-pr", country="PT"), auth("panel", sub="reach-panel"),
            auth("dpo", sub="reach-dpo"), auth("admin", sub="reach-admin")]


def _urls(path: str, ids: dict[str, list[str]], override: dict[str, str]) -> Iterator[str]:
    names = re.findall(r"{(\w+)}", path)
    choices: list[dict[str, str]] = [{}]
    for name in names:
        values = [override[name]] if name in override else ids.get(name, [AN_ID])
        choices = [{**chosen, name: value} for chosen in choices for value in values]
    for chosen in choices:
        url = path
        for name, value in chosen.items():
            url = url.replace("{" + name + "}", value)
        yield url


def _schema(parameter: dict[str, Any], document: dict[str, Any]) -> dict[str, Any]:
    schema = parameter.get("schema", {})
    branches = [b for b in schema.get("anyOf", [schema]) if b != {"type": "null"}]
    chosen = branches[0] if branches else {}
    if "$ref" in chosen:
        resolved: dict[str, Any] = document["components"]["schemas"][chosen["$ref"].split("/")[-1]]
        return resolved
    return dict(chosen)


def _valid(schema: dict[str, Any]) -> str:
    if "enum" in schema:
        return str(schema["enum"][0])
    return str(schema.get("default", "x"))


def _invalid(schema: dict[str, Any]) -> str | None:
    """A value that misses ``schema``, or None for a free string."""
    kind = schema.get("type")
    if "enum" in schema or "const" in schema:
        return "no-such-value"
    if kind == "integer":
        return str(schema["minimum"] - 1) if "minimum" in schema else "many"
    if kind == "boolean":
        return "perhaps"
    if "maxLength" in schema:
        return "x" * (schema["maxLength"] + 1)
    if "minLength" in schema:
        return ""
    if schema.get("format") == "date-time":
        return "last tuesday"
    return None


def _required(operation: dict[str, Any], document: dict[str, Any]) -> dict[str, str]:
    return {p["name"]: _valid(_schema(p, document)) for p in operation.get("parameters", [])
            if p.get("required") and p["in"] == "query"}


def _attempts(status: int, operation: dict[str, Any], document: dict[str, Any]
              ) -> list[tuple[Attempt, dict[str, str]]]:
    """(attempt, path overrides) that each break one rule behind ``status``."""
    required = _required(operation, document)
    found: list[tuple[Attempt, dict[str, str]]] = []
    names = [p["name"] for p in operation.get("parameters", []) if p["in"] == "path"]
    if status == 404 and names:  # ids nobody issued
        found.append((Attempt(required, {}), {name: UNISSUED.get(name, AN_ID)
                                              for name in names}))
    media_types = set(operation.get("requestBody", {}).get("content", {}))
    if status == 422 and any(media.endswith("json") for media in media_types):
        media = next(media for media in media_types if media.endswith("json"))
        found.append((Attempt(required, {}, (b"[]", {"Content-Type": media})), {}))
    if status == 422 and "multipart/form-data" in media_types:
        empty = (b"--b--\r\n", {"Content-Type": "multipart/form-data; boundary=b"})
        found.append((Attempt(required, {}, empty), {}))
    for parameter in operation.get("parameters", []):
        name, where = parameter["name"], parameter["in"]
        if status == 400 and (where, name) == ("query", "cursor"):
            found.append((Attempt({**required, "cursor": "@not-ours"}, {}), {}))
        if status == 412 and (where, name.lower()) == ("header", "if-match"):
            found.append((Attempt(required, {"If-Match": '"v999"'}), {}))
        if status != 422:
            continue
        if parameter.get("required") and where == "query":
            found.append((Attempt({k: v for k, v in required.items() if k != name}, {}), {}))
        value = _invalid(_schema(parameter, document))
        if value is None:
            continue
        if where == "path":
            found.append((Attempt(required, {}), {name: value}))
        elif where == "query":
            found.append((Attempt({**required, name: value}, {}), {}))
        else:
            found.append((Attempt(required, {name: value}), {}))
    return found


def _smallest(schema: dict[str, Any]) -> dict[str, Any]:
    """An object of ``schema``'s required members, each at its simplest (null where allowed)."""
    simplest = {"string": "x", "integer": 1, "number": 1, "boolean": True, "array": []}
    found: dict[str, Any] = {}
    for name in schema.get("required", []):
        field = schema["properties"][name]
        kinds = [branch.get("type") for branch in field.get("anyOf", [field])]
        found[name] = (None if "null" in kinds else field["enum"][0] if "enum" in field
                       else simplest.get(str(kinds[0]), {}))
    return found


def _multipart(schema: dict[str, Any]) -> Body:
    """The smallest form ``schema`` takes: its required fields, a PDF for a file."""
    files, data = {}, {}
    for name in schema.get("required", []):
        field = schema["properties"][name]
        if field.get("format") == "binary":
            files[name] = ("cv.pdf", pdf_bytes("CV"), "application/pdf")
        else:
            data[name] = str(field.get("enum", ["x"])[0])
    request = httpx.Request("POST", "http://testserver", data=data, files=files)
    return request.read(), {"Content-Type": request.headers["Content-Type"]}


def _example_body(operation: dict[str, Any], document: dict[str, Any]) -> Body:
    """The documented example of a JSON body (and its media type), the smallest form."""
    for media_type, content in operation.get("requestBody", {}).get("content", {}).items():
        if media_type == "multipart/form-data":
            return _multipart(content["schema"])
        if not media_type.endswith("json"):
            continue
        example = content.get("example")
        if example is None and content.get("examples"):
            example = next(iter(content["examples"].values()))["value"]
        if example is None:
            reference = content.get("schema", {}).get("$ref", "")
            schema = document["components"]["schemas"].get(reference.split("/")[-1], {})
            example = (schema.get("examples") or [_smallest(schema)])[0]
        return json.dumps(example).encode(), {"Content-Type": media_type}
    return None, {}


@pytest.mark.parametrize("status", [400, 404, 412, 422])
async def test_what_an_operation_takes_can_be_refused(
    status: int, app: Any, client: httpx.AsyncClient, auth: Any,
) -> None:
    document: dict[str, Any] = app.openapi()
    ids = await _world(client, auth)
    callers = _callers(auth, ids)
    unreached: list[str] = []
    for path, methods in document["paths"].items():
        for method, operation in methods.items():
            if str(status) not in operation.get("responses", {}):
                continue
            attempts = _attempts(status, operation, document)
            if not attempts:
                continue  # a body or a rule: the schema fuzzing and the domain tests reach it
            if (status, method, path) in DEEPER:
                continue
            body = _example_body(operation, document)
            if not await _any_answers(client, status, method, path, attempts, ids, callers,
                                      body):
                unreached.append(f"{method.upper()} {path}")
    assert not unreached, f"never answered {status}:\n" + "\n".join(unreached)


async def _any_answers(client: httpx.AsyncClient, status: int, method: str, path: str,
                       attempts: list[tuple[Attempt, dict[str, str]]],
                       ids: dict[str, list[str]], callers: list[dict[str, str]],
                       example: Body) -> bool:
    for attempt, override in attempts:
        content, media_type = attempt.body or example
        for url in _urls(path, ids, override):
            for caller in callers:
                response = await client.request(
                    method.upper(), url, params=attempt.params, content=content,
                    headers={**caller, **media_type, **attempt.headers})
                if response.status_code == status:
                    return True
    return False
