"""Bearer JWT validation: what is refused, and why, always as problem+json."""

from __future__ import annotations

import base64
import json
import time

import httpx
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from jose import jwt

from app.config import Settings
from app.security.keys import KeySet, ensure_dev_key, private_pem, public_jwk
from app.security.tokens import TokenVerifier, mint_dev_token

JOBS = "/api/v1/admin/jobs"


def _b64(data: dict[str, object]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


def _claims(settings: Settings, **overrides: object) -> dict[str, object]:
    now = int(time.time())
    claims: dict[str, object] = {
        "sub": "eve", "roles": ["admin"], "iss": settings.jwt_issuer, "aud": settings.jwt_audience,
        "iat": now, "nbf": now, "exp": now + 600,
    }
    claims.update(overrides)
    return claims


def _signed(settings: Settings, **overrides: object) -> str:
    key = ensure_dev_key(settings.dev_keys_path)
    return str(jwt.encode(_claims(settings, **overrides), private_pem(key).decode(),
                          algorithm="RS256", headers={"kid": public_jwk(key)["kid"]}))


async def _status(client: httpx.AsyncClient, token: str) -> tuple[int, dict[str, object]]:
    response = await client.get(JOBS, headers={"Authorization": f"Bearer {token}"})
    assert response.headers["content-type"].startswith(
        "application/problem+json" if response.status_code >= 400 else "application/json")
    return response.status_code, response.json()


async def test_a_valid_token_is_accepted(client: httpx.AsyncClient, settings: Settings) -> None:
    status, _ = await _status(client, _signed(settings))
    assert status == 200


async def test_missing_token_is_401_with_challenge(client: httpx.AsyncClient) -> None:
    response = await client.get(JOBS)
    assert response.status_code == 401
    assert response.headers["www-authenticate"].startswith("Bearer")
    assert response.json()["title"] == "Authentication required"


async def test_alg_none_is_refused(client: httpx.AsyncClient, settings: Settings) -> None:
    token = f"{_b64({'alg': 'none', 'typ': 'JWT'})}.{_b64(_claims(settings))}."
    status, body = await _status(client, token)
    assert status == 401
    assert "none" in str(body["detail"])


async def test_hs256_signed_with_the_public_key_is_refused(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    # The classic key-confusion attack: HMAC keyed with the (public) RSA key material.
    public = json.dumps(public_jwk(ensure_dev_key(settings.dev_keys_path)))
    token = jwt.encode(_claims(settings), public, algorithm="HS256")
    status, _ = await _status(client, token)
    assert status == 401


@pytest.mark.parametrize(
    ("overrides", "reason"),
    [
        ({"exp": int(time.time()) - 3600}, "expired"),
        ({"nbf": int(time.time()) + 3600}, "claims"),
        ({"iss": "someone-else"}, "claims"),
        ({"aud": "another-service"}, "claims"),
    ],
    ids=["expired", "not-yet-valid", "wrong-issuer", "wrong-audience"],
)
async def test_time_and_audience_claims_are_checked(
    client: httpx.AsyncClient, settings: Settings, overrides: dict[str, object], reason: str
) -> None:
    status, body = await _status(client, _signed(settings, **overrides))
    assert status == 401
    assert reason in str(body["detail"])


async def test_a_token_from_another_key_is_refused(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    stranger = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    kid = public_jwk(ensure_dev_key(settings.dev_keys_path))["kid"]
    token = jwt.encode(_claims(settings), private_pem(stranger).decode(), algorithm="RS256",
                       headers={"kid": kid})
    status, body = await _status(client, token)
    assert status == 401
    assert "signature" in str(body["detail"])


async def test_garbage_token_is_401(client: httpx.AsyncClient) -> None:
    status, _ = await _status(client, "not.a.jwt")
    assert status == 401


async def test_a_valid_token_without_the_role_is_403(client: httpx.AsyncClient, auth) -> None:
    response = await client.get(JOBS, headers=auth("candidate"))
    assert response.status_code == 403
    assert "admin" in response.json()["detail"]


async def test_minted_dev_token_carries_unit_and_country(settings: Settings) -> None:
    token = mint_dev_token(settings, sub="pr-be", roles=["permrep"], country="be")
    principal = await TokenVerifier.from_settings(settings).verify(token)
    assert principal.sub == "pr-be"
    assert principal.country == "BE"
    assert [r.value for r in principal.roles] == ["permrep"]


async def test_jwks_is_fetched_cached_and_refreshed_on_unknown_kid(settings: Settings) -> None:
    first = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    second = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    published = {"keys": [public_jwk(first)]}

    def issuer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json=published)

    keys = KeySet(jwks_url="https://issuer.example/jwks", transport=httpx.MockTransport(issuer),
                  min_refresh_seconds=0)
    verifier = TokenVerifier(settings, keys)

    def token_for(key: rsa.RSAPrivateKey) -> str:
        return str(jwt.encode(_claims(settings), private_pem(key).decode(), algorithm="RS256",
                              headers={"kid": public_jwk(key)["kid"]}))

    assert (await verifier.verify(token_for(first))).sub == "eve"
    assert (await verifier.verify(token_for(first))).sub == "eve"
    assert keys.fetches == 1  # cached
    published["keys"].append(public_jwk(second))  # the issuer rotates its keys
    assert (await verifier.verify(token_for(second))).sub == "eve"
    assert keys.fetches == 2  # refreshed because the kid was unknown
