"""A token verified once is remembered (its signature is the costliest step of a read), but
never beyond what a fresh verification would accept: not after it expires, not once its key has
left the issuer's key set, and never for a token that differs by one character."""

from __future__ import annotations

import asyncio
import json
import time
from typing import Any

import httpx
import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from app.config import Settings
from app.errors import Unauthorized
from app.security.keys import KeySet, public_jwk
from app.security.tokens import TokenVerifier
from tests.security.signing import b64, claims


def _sign(settings: Settings, key: rsa.RSAPrivateKey, kid: str, **overrides: Any) -> str:
    head = b64(json.dumps({"alg": "RS256", "kid": kid, "typ": "JWT"}).encode())
    body = b64(json.dumps(claims(settings, **overrides)).encode())
    data = f"{head}.{body}".encode()
    return f"{head}.{body}.{b64(key.sign(data, padding.PKCS1v15(), hashes.SHA256()))}"


class Issuer:
    """A JWKS endpoint whose keys the test changes."""

    def __init__(self, keys: list[dict[str, Any]]) -> None:
        self.keys = keys

    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(lambda request: httpx.Response(200, json={"keys": self.keys}))


def _jwk(key: rsa.RSAPrivateKey, kid: str) -> dict[str, Any]:
    return {**public_jwk(key), "kid": kid}


@pytest.fixture
def key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _verifier(settings: Settings, issuer: Issuer, **options: Any) -> TokenVerifier:
    allowed = settings.model_copy(update=options) if options else settings
    return TokenVerifier(allowed, KeySet(jwks_url="https://issuer.example/jwks", cache_seconds=0,
                                         transport=issuer.transport(), min_refresh_seconds=0))


async def test_a_token_altered_by_one_character_is_refused_after_the_original_passed(
    settings: Settings, key: rsa.RSAPrivateKey,
) -> None:
    verifier = _verifier(settings, Issuer([_jwk(key, "k1")]))
    token = _sign(settings, key, "k1")
    assert (await verifier.verify(token)).sub == "eve"
    assert (await verifier.verify(token)).sub == "eve"  # remembered
    head, body, signature = token.split(".")
    flipped = signature[:-2] + ("A" if signature[-2] != "A" else "B") + signature[-1]
    with pytest.raises(Unauthorized, match="signature"):
        await verifier.verify(f"{head}.{body}.{flipped}")
    other_body = b64(json.dumps(claims(settings, sub="mallory")).encode())
    with pytest.raises(Unauthorized, match="signature"):
        await verifier.verify(f"{head}.{other_body}.{signature}")


async def test_a_remembered_token_is_refused_once_its_key_is_withdrawn(
    settings: Settings, key: rsa.RSAPrivateKey,
) -> None:
    issuer = Issuer([_jwk(key, "k1")])
    verifier = _verifier(settings, issuer)
    token = _sign(settings, key, "k1")
    assert (await verifier.verify(token)).sub == "eve"
    issuer.keys = [_jwk(rsa.generate_private_key(public_exponent=65537, key_size=2048), "k2")]
    with pytest.raises(Unauthorized, match="signing key is unknown"):
        await verifier.verify(token)


async def test_a_remembered_token_is_refused_once_it_expires(
    settings: Settings, key: rsa.RSAPrivateKey,
) -> None:
    verifier = _verifier(settings, Issuer([_jwk(key, "k1")]), jwt_leeway_seconds=0)
    now = int(time.time())
    token = _sign(settings, key, "k1", iat=now, exp=now + 2)
    assert (await verifier.verify(token)).sub == "eve"
    await asyncio.sleep(2.1)
    with pytest.raises(Unauthorized, match="expired"):
        await verifier.verify(token)
