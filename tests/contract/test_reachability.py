"""Every error status the document lists is one a client can meet.

The statuses that come from the machinery every operation goes through (the token, the body
caps, the media types, the rate limits, the database) are reached here for every operation of
the document that lists them, with requests built from the document itself; the others by the
tests of each domain. A full run checks that nothing listed went unreached (tests/reachability).
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
from pydantic import SecretStr
from pymongo import WriteConcern

from app.clock import ManualClock
from app.config import Settings
from app.db import Mongo, make_client
from app.main import create_app
from tests.reachability import OBSERVED, describe, documented, record, stale, unreached

Operation = tuple[str, str, dict[str, Any]]  # (method, path, operation)

AN_ID = "0" * 24  # any ObjectId: these statuses come before anything is looked up


@dataclass(frozen=True)
class Target:
    """One operation of the document, as a request to it: any id, the caller's token."""

    method: str
    path: str
    operation: dict[str, Any]
    headers: dict[str, str]

    @property
    def url(self) -> str:
        return re.sub(r"{\w+}", AN_ID, self.path)

    def body_types(self) -> set[str]:
        return set(self.operation.get("requestBody", {}).get("content", {}))


Send = Callable[[httpx.AsyncClient, Target], Awaitable[httpx.Response]]


def _operations(document: dict[str, Any], status: int) -> list[Operation]:
    return [(method, path, operation) for path, methods in document["paths"].items()
            for method, operation in methods.items()
            if str(status) in operation.get("responses", {})]


def _token(auth: Any, operation: dict[str, Any], index: int) -> dict[str, str]:
    # One caller per operation: each has its own rate-limit window, so each request is counted
    # (and synced with the shared counter) as the first of its window.
    if not operation.get("security"):
        return {}
    return dict(auth("admin", sub=f"reach-{index}"))


async def _plain(http: httpx.AsyncClient, target: Target) -> httpx.Response:
    return await http.request(target.method, target.url, headers=target.headers)


async def _anonymous(http: httpx.AsyncClient, target: Target) -> httpx.Response:
    return await http.request(target.method, target.url)


async def _too_large(http: httpx.AsyncClient, target: Target) -> httpx.Response:
    body = b'{"title": "' + b"x" * 200 + b'"}'
    return await http.request(target.method, target.url, content=body,
                              headers={**target.headers, "Content-Type": "application/json"})


async def _plain_text(http: httpx.AsyncClient, target: Target) -> httpx.Response:
    return await http.request(target.method, target.url, content=b"a call for experts",
                              headers={**target.headers, "Content-Type": "text/plain"})


async def _malformed(http: httpx.AsyncClient, target: Target) -> httpx.Response:
    # JSON cut short, or a form with no boundary: neither can be read, whatever the schema.
    json_types = sorted(media for media in target.body_types() if media.endswith("json"))
    if json_types:
        content, media_type = b'{"title": "An', json_types[0]
    else:
        content, media_type = b"--x\r\n", "multipart/form-data"
    return await http.request(target.method, target.url, content=content,
                              headers={**target.headers, "Content-Type": media_type})


async def _twice(http: httpx.AsyncClient, target: Target) -> httpx.Response:
    await http.request(target.method, target.url, headers=target.headers)
    return await http.request(target.method, target.url, headers=target.headers)


_APP_NAME = "eu-ats-reachability"


async def _failing_database(mongo: Mongo, error_code: int) -> None:
    # Every request first syncs its caller's rate-limit window (an update); /readyz pings.
    # Only the app's own client meets the failures (and recovers from them), not the suite's.
    await mongo.client.admin.command({
        "configureFailPoint": "failCommand", "mode": "alwaysOn",
        "data": {"failCommands": ["update", "findAndModify", "ping"], "errorCode": error_code,
                 "appName": _APP_NAME}})


def _everywhere(path: str, operation: dict[str, Any]) -> bool:
    return True


def _bearer(path: str, operation: dict[str, Any]) -> bool:
    # The API's bearer token, and the operational endpoints' own (/metrics); the token
    # endpoint's 401 is about the client's credentials (tests/integrations/test_oauth.py).
    return bool(operation.get("security")) or not path.startswith("/api/")


def _readable_body(path: str, operation: dict[str, Any]) -> bool:
    # The form of /oauth/token is read by its own rules (tests/integrations/test_oauth.py).
    content = operation.get("requestBody", {}).get("content", {})
    return any(media.endswith("json") or media == "multipart/form-data" for media in content)


@dataclass(frozen=True)
class Machinery:
    """How a status is provoked on any operation: settings, a database state, a request."""

    send: Send
    settings: dict[str, Any] = field(default_factory=dict)
    where: Callable[[str, dict[str, Any]], bool] = _everywhere
    database_error: int | None = None
    concurrent: bool = False  # requests that wait on the driver's recovery go together


_FEW = "20/minute"  # limits of 20 or less are synced with the database on every request
MACHINERY: dict[int, Machinery] = {
    400: Machinery(_malformed, where=_readable_body),
    401: Machinery(_anonymous, {"metrics_token": SecretStr("metrics-token")}, where=_bearer),
    413: Machinery(_too_large, {"max_body_bytes": 64}),
    415: Machinery(_plain_text),
    429: Machinery(_twice, {"rate_limit_caller": "1/minute", "rate_limit_anonymous": "1/minute"}),
    # A server that answers with an error nobody expected: a bug, quoted by an error id.
    500: Machinery(_plain, {"rate_limit_caller": _FEW, "rate_limit_anonymous": _FEW},
                   database_error=2),
    # A server that stepped down (NotWritablePrimary): no primary to write to, retry later.
    503: Machinery(_plain, {"rate_limit_caller": _FEW, "rate_limit_anonymous": _FEW},
                   database_error=10107, concurrent=True),
}


@asynccontextmanager
async def _client(settings: Settings, clock: ManualClock, mongo: Mongo,
                  changes: dict[str, Any]) -> AsyncIterator[httpx.AsyncClient]:
    assert settings.mongodb_uri is not None
    own = make_client(settings.mongodb_uri, app_name=_APP_NAME)
    database = own.get_database(mongo.db.name, write_concern=WriteConcern(w="majority"))
    application = record(create_app(settings.model_copy(update=changes), clock=clock,
                                    mongo=Mongo(client=own, db=database)))
    try:
        async with application.router.lifespan_context(application):
            transport = httpx.ASGITransport(app=application)
            async with httpx.AsyncClient(transport=transport,
                                         base_url="http://testserver") as http:
                yield http
    finally:
        await own.close()


@pytest.mark.parametrize("status", list(MACHINERY))
async def test_every_operation_answers_what_its_machinery_answers(
    status: int, settings: Settings, clock: ManualClock, mongo: Mongo, auth: Any,
) -> None:
    document: dict[str, Any] = create_app(settings).openapi()
    machinery = MACHINERY[status]
    operations = [(method, path, operation)
                  for method, path, operation in _operations(document, status)
                  if machinery.where(path, operation)]
    assert operations, f"no operation documents {status}"

    async def answer(http: httpx.AsyncClient, index: int, operation: Operation) -> str | None:
        method, path, described = operation
        target = Target(method.upper(), path, described, _token(auth, described, index))
        response = await machinery.send(http, target)
        if response.status_code == status:
            return None
        return f"{method.upper()} {path}: {response.status_code} {response.text[:200]}"

    async with _client(settings, clock, mongo, machinery.settings) as http:
        if machinery.database_error is not None:
            await _failing_database(mongo, machinery.database_error)
        try:
            if machinery.concurrent:
                found = await asyncio.gather(*(answer(http, index, operation)
                                               for index, operation in enumerate(operations)))
            else:
                found = [await answer(http, index, operation)
                         for index, operation in enumerate(operations)]
        finally:
            if machinery.database_error is not None:
                await mongo.client.admin.command({"configureFailPoint": "failCommand",
                                                  "mode": "off"})
    failures = [failure for failure in found if failure is not None]
    assert not failures, f"{len(failures)} operations document {status} but answered:\n" + \
        "\n".join(failures)


def test_a_documented_status_nobody_reached_is_named_with_its_operation() -> None:
    document = {"paths": {"/api/v1/calls/{call_id}/cancel": {"post": {"responses": {
        "200": {}, "404": {}, "409": {}}}}}}
    assert documented(document) == {("post", "/api/v1/calls/{call_id}/cancel", 404),
                                    ("post", "/api/v1/calls/{call_id}/cancel", 409)}
    missing = unreached(document, {("post", "/api/v1/calls/{call_id}/cancel", 404)})
    assert missing == [("post", "/api/v1/calls/{call_id}/cancel", 409)]
    assert "POST   /api/v1/calls/{call_id}/cancel  409" in describe(missing)
    race = ("post", "/api/v1/calls/{call_id}/cancel", 409)
    assert unreached(document, set(), known={race}) == [
        ("post", "/api/v1/calls/{call_id}/cancel", 404)]
    # A known race that got reached, or is no longer documented, is named to be removed.
    assert stale(document, {race}, known={race}) == [race]
    gone = ("get", "/api/v1/calls", 409)
    assert stale(document, set(), known={race, gone}) == [gone]


async def test_answers_the_middleware_gives_count_for_the_operation_they_were_aimed_at(
    client: httpx.AsyncClient, auth: Any,
) -> None:
    url = f"/api/v1/calls/{AN_ID}/cancel"
    refused = await client.post(url, content=b"cancel it", headers={
        **auth("hr"), "Content-Type": "text/plain"})
    assert refused.status_code == 415
    assert ("post", "/api/v1/calls/{call_id}/cancel", 415) in OBSERVED
