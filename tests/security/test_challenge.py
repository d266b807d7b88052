"""RFC 6750 §3: a 401 says whether to log in (no token) or to get a new token (invalid_token)."""

from __future__ import annotations

import re

import httpx
import pytest

from app.config import Settings
from tests.security.signing import b64, bearer, claims, signed

JOBS = "/api/v1/admin/jobs"
# error_description is a quoted-string of printable ASCII without '"' or '\' (RFC 6750 §3).
CHALLENGE = re.compile(
    r'^Bearer realm="eu-ats", error="invalid_token", '
    r'error_description="[\x20\x21\x23-\x5b\x5d-\x7e]+"$')


async def test_no_token_gets_a_challenge_without_an_error(client: httpx.AsyncClient) -> None:
    for headers in ({}, {"Authorization": "Basic ZXZlOnNlY3JldA=="}, {"Authorization": "Bearer"}):
        response = await client.get(JOBS, headers=headers)
        assert response.status_code == 401
        assert response.headers["www-authenticate"] == 'Bearer realm="eu-ats"'


@pytest.mark.parametrize(
    "make",
    [
        lambda s: "not.a.jwt",
        lambda s: "a.b",
        lambda s: signed(s, claims(s, exp=1)),
        lambda s: signed(s, claims(s, aud="someone-else")),
        lambda s: signed(s, claims(s, sub='eve"\\\n')),
        lambda s: signed(s, b"[1, 2]"),
        lambda s: signed(s, b"not json"),
        lambda s: signed(s, claims(s), header={"kid": ["a", "list"]}),
        lambda s: signed(s, claims(s), header={"kid": "nobody-knows"}),
        lambda s: signed(s, claims(s), header={"alg": 'RS"256\\'}),
        lambda s: signed(s, claims(s), header={"crit": ["exp"]}),
        lambda s: signed(s, claims(s))[:-6] + "AAAAAA",
        lambda s: f"{b64(b'{}')}.{b64(b'{}')}.",
    ],
    ids=["garbage", "two-parts", "expired", "wrong-audience", "quotes-in-sub", "array-payload",
         "non-json-payload", "kid-list", "unknown-kid", "quotes-in-alg", "crit-header",
         "bad-signature", "empty-header"],
)
async def test_every_invalid_token_is_a_401_with_invalid_token(
    client: httpx.AsyncClient, settings: Settings, make: object
) -> None:
    token = make(settings)  # type: ignore[operator]
    response = await client.get(JOBS, headers=bearer(token))
    assert response.status_code == 401, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert CHALLENGE.match(response.headers["www-authenticate"]), response.headers


async def test_a_valid_token_without_the_role_is_403_without_a_challenge(
    client: httpx.AsyncClient, auth: object
) -> None:
    response = await client.get(JOBS, headers=auth("candidate"))  # type: ignore[operator]
    assert response.status_code == 403
    assert "www-authenticate" not in response.headers


async def test_every_authenticated_route_challenges_both_ways(
    app: object, client: httpx.AsyncClient, settings: Settings
) -> None:
    expired = bearer(signed(settings, claims(settings, exp=1)))
    routes = 0
    for path, operations in app.openapi()["paths"].items():  # type: ignore[attr-defined]
        for method, operation in operations.items():
            if not operation.get("security"):
                continue  # the public router
            url = re.sub(r"{\w+}", "0" * 24, path)
            routes += 1
            anonymous = await client.request(method, url)
            assert anonymous.status_code == 401, (method, path)
            assert anonymous.headers["www-authenticate"] == 'Bearer realm="eu-ats"'
            refused = await client.request(method, url, headers=expired)
            assert refused.status_code == 401, (method, path)
            assert CHALLENGE.match(refused.headers["www-authenticate"]), (method, path)
    assert routes > 20
