"""Which error statuses an operation can return, derived from what it takes, for the document.

A blanket list on every route tells a client nothing; the statuses here follow from where each
one comes from, so an operation lists only what it can answer:

- 401 from the bearer token (authenticated operations only); 403 (roles) and 409 (a state
  that forbids it) where the route or its router declares them;
- 404 from a path id (an unknown one, or "not yours"); 412 where `If-Match` is taken;
- 400 where a body is taken (malformed JSON, an unparseable form) or a `cursor` (one this
  service did not issue); 422 where a body is taken or a parameter can fail validation (a
  required one, or one with a type, a length, a pattern or a set of values: a free string that
  may be missing cannot fail);
- 413 and 415 from the middleware's caps and media types on POST, PUT and PATCH;
- 429 from the rate limits, 500 and 503 (database, scanner) on every `/api` operation.

What a route declares itself (`responses=`) is kept; what its router declares for all its
routes (`ProblemResponses`), and the 422 FastAPI adds to any route with parameters, are dropped
where the operation's shape rules them out (no 409 on a read, no 412 without `If-Match`, no 401
or 403 when anonymous, no 404 without a path id...). Each error response is
`application/problem+json` with an example whose `type` and `code` come from the registry.
The suite keeps this honest: a full run fails if a documented status was never answered
(`tests/reachability.py`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from fastapi.routing import iter_route_contexts
from starlette.routing import BaseRoute

from app.problems import PROBLEMS, code_for_status, type_uri

_WRITES = {"post", "put", "patch", "delete"}
_BODIES = {"post", "put", "patch"}

DESCRIPTIONS = {
    400: "Bad request: malformed JSON, a cursor this service did not issue, a bad parameter",
    401: "Missing or invalid token (see WWW-Authenticate)",
    403: "The caller's roles (unit, country) do not allow this",
    404: "Not found (or not yours)",
    409: "The resource's state does not allow this",
    412: "If-Match names a stale ETag",
    413: "Body too large",
    415: "Unsupported media type",
    422: "Validation failed",
    429: "Too many requests (see Retry-After)",
    500: "Internal error (an error id to quote; never a trace)",
    503: "A service it depends on does not answer (see Retry-After)",
}
_CODES = {503: "database-unavailable", 422: "validation", 429: "rate-limited"}
_DETAILS = {
    400: "The cursor was not issued by this service.",
    401: "The token has expired.",
    403: "Your roles do not allow this action.",
    404: "No such resource.",
    409: "The application is not a draft.",
    412: "The resource has changed since you read it.",
    413: "The request body exceeds 1048576 bytes.",
    415: "Send application/json (or multipart/form-data for files).",
    422: "The request does not match the schema.",
    428: "If-Match is required.",
    429: "Too many requests; retry after the delay in Retry-After.",
    500: "An unexpected error occurred; quote error id 5e0c9a3f7b2d4e18a6c1f0b9d8e7a6b5.",
    503: "The database cannot be reached; retry shortly.",
}
# A route's own word that it never answers a status its router declares for all its routes:
# ``responses={403: NOT_ANSWERED}`` (a read that answers 404 to whoever may not see, a rule-free
# write...). The document drops it; the reachability check would flag it otherwise.
NOT_ANSWERED: dict[str, Any] = {"description": "Not answered by this operation",
                                "x-not-answered": True}
_RETRY_AFTER = {"description": "Seconds to wait before retrying.",
                "schema": {"type": "string", "pattern": "^[0-9]+$"}}
HEADERS: dict[int, dict[str, Any]] = {
    401: {"WWW-Authenticate": {
        "description": "`Bearer`, with `error=\"invalid_token\"` when a token was refused "
                       "(RFC 6750 §3).",
        "schema": {"type": "string"}}},
    429: {"Retry-After": _RETRY_AFTER},
    503: {"Retry-After": _RETRY_AFTER},
}


def example(status: int, code: str | None = None) -> dict[str, Any]:
    """A realistic problem of ``status`` (its generic code unless ``code`` is given)."""
    code = code or _CODES.get(status) or code_for_status(status)
    kind = PROBLEMS[code]
    body: dict[str, Any] = {
        "type": type_uri(code), "title": kind.title, "status": status,
        "detail": _DETAILS.get(status, kind.title + "."), "code": code,
        "request_id": "4f1c2a0e9b7d4c55a1e0f3b2c6d8e901",
    }
    if status == 422:
        body["errors"] = [{"type": "string_too_long", "loc": ["body", "title"],
                           "msg": "String should have at most 300 characters",
                           "ctx": {"max_length": 300}}]
    if status == 412:
        body["current_etag"] = '"v4"'
    if status == 500:
        body["error_id"] = "5e0c9a3f7b2d4e18a6c1f0b9d8e7a6b5"
    return body


def _shape(operation: dict[str, Any]) -> tuple[set[str], set[str], bool]:
    parameters = operation.get("parameters", [])
    where = {parameter["in"] for parameter in parameters}
    headers = {parameter["name"].lower() for parameter in parameters
               if parameter["in"] == "header"}
    return where, headers, "requestBody" in operation


_NOT_CONSTRAINTS = {"title", "description", "default", "examples", "example"}


def _constrained(schema: dict[str, Any]) -> bool:
    """Whether a value can fail ``schema``: anything but a free string (or a free string or
    null) has a type, a length, a pattern or a set of values to miss."""
    branches = [branch for branch in schema.get("anyOf", []) if branch != {"type": "null"}]
    if "anyOf" in schema:
        return any(_constrained(branch) for branch in branches)
    return {key: value for key, value in schema.items()
            if key not in _NOT_CONSTRAINTS} != {"type": "string"}


def _can_fail_validation(operation: dict[str, Any]) -> bool:
    if "requestBody" in operation:
        return True
    for parameter in operation.get("parameters", []):
        required = parameter.get("required", False) and parameter["in"] != "path"
        if required or _constrained(parameter.get("schema", {})):
            return True
    return False


def _takes_cursor(operation: dict[str, Any]) -> bool:
    return any(parameter["in"] == "query" and parameter["name"] == "cursor"
               for parameter in operation.get("parameters", []))


def derived_statuses(path: str, method: str, operation: dict[str, Any], *,
                     api_prefix: str) -> set[int]:
    """The statuses ``operation`` can answer whatever its route declares (see the module's
    docstring); 403 and 409 depend on rules, so only the route can declare them."""
    if not path.startswith(api_prefix):
        return set()
    where, headers, has_body = _shape(operation)
    statuses = {429, 500, 503}
    if operation.get("security"):
        statuses.add(401)
    if "path" in where:
        statuses.add(404)
    if "if-match" in headers:
        statuses.add(412)
    if has_body or _takes_cursor(operation):
        statuses.add(400)
    if _can_fail_validation(operation):
        statuses.add(422)
    if method in _BODIES:
        statuses |= {413, 415}
    return statuses


def impossible_statuses(method: str, operation: dict[str, Any]) -> set[int]:
    """Statuses a router declares for all its routes (or FastAPI adds) that this operation
    cannot answer."""
    where, headers, has_body = _shape(operation)
    impossible: set[int] = set()
    if not operation.get("security"):
        impossible |= {401, 403}
    if method == "get":
        impossible.add(409)  # a read of a router's resources meets no state conflict
    if "path" not in where:
        impossible.add(404)  # a list, a creation or a singleton: nothing to look up
    if "if-match" not in headers:
        impossible.add(412)
    if not (has_body or _takes_cursor(operation)):
        impossible.add(400)
    if not _can_fail_validation(operation):
        impossible.add(422)
    return impossible


def own_statuses(routes: Sequence[BaseRoute], blanket: dict[int | str, Any]
                 ) -> dict[tuple[str, str], set[int]]:
    """Per (path, method), the statuses the route declares itself (its ``responses=``), not
    those it inherits from its router's blanket ``responses`` (the very objects of
    ``blanket``)."""
    found: dict[tuple[str, str], set[int]] = {}
    for context in iter_route_contexts(routes):
        path, methods = context.path_format, context.methods
        responses = getattr(context, "responses", None)
        if path is None or methods is None or not isinstance(responses, dict):
            continue
        own = {int(status) for status, response in responses.items()
               if str(status).isdigit() and blanket.get(status) is not response}
        for method in methods:
            found[(path, method.lower())] = own
    return found


def document_errors(schema: dict[str, Any], *, api_prefix: str,
                    own: dict[tuple[str, str], set[int]]) -> None:
    """Give every operation its derived error statuses, each as problem+json with an example
    and the headers it carries; drop those it cannot answer unless its route declared them
    itself (``own``)."""
    problem_ref = {"$ref": "#/components/schemas/Problem"}
    for path, methods in schema.get("paths", {}).items():
        for method, operation in methods.items():
            responses = operation.setdefault("responses", {})
            declared = own.get((path, method), set())
            for status in impossible_statuses(method, operation) - declared:
                responses.pop(str(status), None)
            refused = {code for code, response in responses.items()
                       if response.get("x-not-answered")}
            for code in refused:
                del responses[code]
            for status in derived_statuses(path, method, operation, api_prefix=api_prefix):
                if str(status) not in refused:
                    responses.setdefault(str(status), {"description": DESCRIPTIONS[status]})
            for code, response in responses.items():
                if not (code.isdigit() and int(code) >= 400):
                    continue
                status = int(code)
                response["content"] = {"application/problem+json": {
                    "schema": problem_ref, "example": example(status)}}
                if status in HEADERS:
                    response.setdefault("headers", {}).update(HEADERS[status])


_ETAG = {"description": "The resource's version as an ETag (`\"v3\"`): send it back as "
                        "`If-Match` to change the resource.",
         "schema": {"type": "string"}}
_REPLAYED = {"description": "`true` when this is the stored answer to an earlier request with "
                            "the same `Idempotency-Key` (nothing was done again).",
             "schema": {"type": "string", "enum": ["true"]}}


def document_success_headers(schema: dict[str, Any]) -> None:
    """``ETag`` on the successful answers of a resource that takes ``If-Match`` (its reads and
    its writes), and ``Idempotent-Replayed`` where ``Idempotency-Key`` is taken."""
    for methods in schema.get("paths", {}).values():
        header_names = {method: {p["name"].lower() for p in operation.get("parameters", [])
                                 if p["in"] == "header"}
                        for method, operation in methods.items()}
        versioned = any("if-match" in names for names in header_names.values())
        for method, operation in methods.items():
            added: dict[str, Any] = {}
            if "if-match" in header_names[method] or (versioned and method == "get"):
                added["ETag"] = _ETAG
            if "idempotency-key" in header_names[method]:
                added["Idempotent-Replayed"] = _REPLAYED
            for status, response in operation.get("responses", {}).items():
                if added and status.startswith("2") and status != "204":
                    headers = response.setdefault("headers", {})
                    for name, header in added.items():
                        headers.setdefault(name, header)


def document_call_example(schema: dict[str, Any]) -> None:
    """A call as a client creates it: the CA notice of the AI Office, transcribed from the
    real notice in ``shared/seeds`` (what ``make run`` seeds)."""
    from app.services.demo_calls import CA_AI_OFFICE

    call = CA_AI_OFFICE.model_dump(mode="json", exclude_none=True)
    schema["components"]["schemas"]["CallCreate"]["examples"] = [call]
