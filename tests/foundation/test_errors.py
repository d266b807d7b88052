"""Every bad input gets the right 4xx as RFC 9457 problem+json, never a 500 or a trace."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

CALLS = "/api/v1/calls"


def _assert_problem(response: httpx.Response, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body: dict[str, Any] = response.json()
    assert body["status"] == status
    assert {"type", "title", "detail"} <= body.keys()
    assert "Traceback" not in response.text
    return body


@pytest.fixture
def hr(auth: Any) -> dict[str, str]:
    return dict(auth("hr", sub="hr-1"))


async def test_operator_object_where_a_string_is_expected_is_422(
    client: httpx.AsyncClient, hr: dict[str, str]
) -> None:
    response = await client.post(CALLS, headers=hr, json={"kind": "ca", "title": {"$gt": ""}})
    body = _assert_problem(response, 422)
    assert ["body", "title"] in [e["loc"] for e in body["errors"]]
    assert "$gt" not in response.text  # rejected input is never echoed back


async def test_wrong_types_and_unknown_fields_are_422(
    client: httpx.AsyncClient, hr: dict[str, str]
) -> None:
    response = await client.post(CALLS, headers=hr,
                                  json={"kind": 7, "unexpected": True, "profiles": "x"})
    body = _assert_problem(response, 422)
    locs = [e["loc"] for e in body["errors"]]
    assert ["body", "kind"] in locs
    assert ["body", "unexpected"] in locs


async def test_malformed_json_is_400(client: httpx.AsyncClient, hr: dict[str, str]) -> None:
    response = await client.post(CALLS, headers={**hr, "Content-Type": "application/json"},
                                 content=b'{"kind": "ca",')
    _assert_problem(response, 400)


async def test_a_json_array_instead_of_an_object_is_422(
    client: httpx.AsyncClient, hr: dict[str, str]
) -> None:
    _assert_problem(await client.post(CALLS, headers=hr, json=[1, 2]), 422)


async def test_body_over_the_cap_is_413(client: httpx.AsyncClient, hr: dict[str, str]) -> None:
    big = json.dumps({"title": "x" * 2_000_000}).encode()
    response = await client.post(CALLS, headers={**hr, "Content-Type": "application/json"},
                                 content=big)
    _assert_problem(response, 413)


async def test_streamed_body_over_the_cap_is_413(
    client: httpx.AsyncClient, hr: dict[str, str]
) -> None:
    async def chunks():  # no Content-Length: the cap is enforced while reading
        for _ in range(40):
            yield b"x" * 65_536

    response = await client.post(CALLS, headers={**hr, "Content-Type": "application/json"},
                                  content=chunks())
    _assert_problem(response, 413)


async def test_wrong_content_type_is_415(client: httpx.AsyncClient, hr: dict[str, str]) -> None:
    response = await client.post(CALLS, headers={**hr, "Content-Type": "text/plain"},
                                 content=b"kind=ca")
    _assert_problem(response, 415)


async def test_unknown_route_is_404_and_wrong_method_is_405_with_allow(
    client: httpx.AsyncClient, hr: dict[str, str]
) -> None:
    _assert_problem(await client.get("/api/v1/nothing-here", headers=hr), 404)
    response = await client.delete("/healthz")
    _assert_problem(response, 405)
    assert "GET" in response.headers["allow"]


async def test_bad_pagination_parameters_are_4xx(
    client: httpx.AsyncClient, hr: dict[str, str]
) -> None:
    _assert_problem(await client.get(CALLS, headers=hr, params={"limit": 500}), 422)
    _assert_problem(await client.get(CALLS, headers=hr, params={"cursor": "!!not-ours"}), 400)


async def test_an_unexpected_error_is_a_generic_500_with_an_error_id(app: Any) -> None:
    async def explode() -> None:
        raise RuntimeError("secret internals: jane.doe@example.eu")

    app.add_api_route("/explode", explode, methods=["GET"])
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        response = await http.get("/explode")
    body = _assert_problem(response, 500)
    assert body["error_id"] in body["detail"]
    assert "secret" not in response.text and "RuntimeError" not in response.text


async def test_every_problem_has_a_code_its_type_and_the_request_id(
    client: httpx.AsyncClient, hr: dict[str, str]
) -> None:
    response = await client.get("/api/v1/calls/000000000000000000000000",
                                headers={**hr, "X-Request-ID": "req-42"})
    body = _assert_problem(response, 404)
    assert body["code"] == "not-found"
    assert body["type"] == "/problems/not-found"
    assert body["request_id"] == "req-42"
    # The same kind of error has the same type, whoever raises it (router or handler).
    unknown_route = _assert_problem(await client.get("/api/v1/nothing", headers=hr), 404)
    assert unknown_route["type"] == body["type"] and unknown_route["code"] == "not-found"


async def test_the_middlewares_problems_use_the_same_types(
    client: httpx.AsyncClient, hr: dict[str, str]
) -> None:
    response = await client.post(CALLS, headers={**hr, "Content-Type": "text/plain",
                                                 "X-Request-ID": "req-7"}, content=b"kind=ca")
    body = _assert_problem(response, 415)
    assert body["type"] == "/problems/unsupported-media-type"
    assert body["code"] == "unsupported-media-type"
    assert body["request_id"] == "req-7"


async def test_validation_items_keep_their_machine_type_and_limits(
    client: httpx.AsyncClient, hr: dict[str, str]
) -> None:
    response = await client.post(CALLS, headers=hr, json={"kind": "ca", "title": "x" * 400})
    body = _assert_problem(response, 422)
    assert body["code"] == "validation" and body["type"] == "/problems/validation"
    by_loc = {tuple(e["loc"]): e for e in body["errors"]}
    assert by_loc[("body", "title")]["type"] == "string_too_long"
    assert by_loc[("body", "title")]["ctx"] == {"max_length": 300}
    assert by_loc[("body", "reference")]["type"] == "missing"
    assert "x" * 400 not in response.text
    for item in body["errors"]:
        assert {"type", "loc", "msg"} <= item.keys()


async def test_malformed_json_has_its_own_code(client: httpx.AsyncClient,
                                               hr: dict[str, str]) -> None:
    response = await client.post(CALLS, headers={**hr, "Content-Type": "application/json"},
                                 content=b'{"kind": "ca",')
    assert _assert_problem(response, 400)["code"] == "malformed-json"


async def test_an_error_raised_with_a_specific_code_gets_that_type(app: Any) -> None:
    from app.errors import Unprocessable

    async def clash() -> None:
        raise Unprocessable("Nothing in it.", code="empty-file")

    app.add_api_route("/clash", clash, methods=["GET"])
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        body = (await http.get("/clash")).json()
    assert (body["code"], body["type"], body["title"], body["status"]) == (
        "empty-file", "/problems/empty-file", "Empty file", 422)


async def test_a_bad_upload_form_is_the_same_validation_problem(
    client: httpx.AsyncClient, auth: Any
) -> None:
    from tests.applications.factories import candidate, draft, open_call

    call = await open_call(client, auth, kind="ca")
    created = await draft(client, candidate(auth), call["id"])
    response = await client.post(f"/api/v1/applications/{created['id']}/documents",
                                 headers=candidate(auth), data={"kind": "cv"},
                                 files={"colour": ("c.pdf", b"%PDF-1.4", "application/pdf")})
    body = _assert_problem(response, 422)
    assert (body["code"], body["type"]) == ("validation", "/problems/validation")
    items = {tuple(e["loc"]): e["type"] for e in body["errors"]}
    assert items == {("body", "colour"): "extra_forbidden", ("body", "file"): "missing"}


async def test_the_log_of_an_unexpected_error_names_its_place_not_its_message(app: Any) -> None:
    """The log line of a 500 has the error id, the exception types (its cause's too) and every
    frame, never the messages: they may quote personal data."""
    import io
    import json
    import logging

    from app.logging import JsonFormatter

    person = "jane.doe" + "@example.eu"  # data, not code: the frames show code lines only

    async def explode() -> None:
        try:
            {}[person]
        except KeyError as exc:
            raise RuntimeError(f"lookup failed for {person}") from exc

    app.add_api_route("/explode-logged", explode, methods=["GET"])
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    logging.getLogger().addHandler(handler)
    try:
        transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
            response = await http.get("/explode-logged")
    finally:
        logging.getLogger().removeHandler(handler)
    error_id = response.json()["error_id"]
    line = next(json.loads(raw) for raw in stream.getvalue().splitlines()
                if json.loads(raw).get("error_id") == error_id)
    assert "jane.doe" not in json.dumps(line)
    assert "builtins.KeyError (message withheld)" in line["exc"]
    assert "builtins.RuntimeError (message withheld)" in line["exc"]
    assert line["exc"].index("KeyError") < line["exc"].index("RuntimeError")
    assert "in explode" in line["exc"]
