"""Signing keys: RSA and EC keys from a JWKS verify their tokens; each key is built once."""

from __future__ import annotations

import base64
import json

import httpx
import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature

from app.config import Settings
from app.errors import Unauthorized
from app.security.keys import KeySet, public_jwk
from app.security.tokens import TokenVerifier
from tests.security.signing import b64, claims


def _ec_jwk(key: ec.EllipticCurvePrivateKey, kid: str) -> dict[str, str]:
    numbers = key.public_key().public_numbers()
    return {"kty": "EC", "crv": "P-256", "kid": kid, "use": "sig",
            "x": b64(numbers.x.to_bytes(32, "big")), "y": b64(numbers.y.to_bytes(32, "big"))}


def _sign(settings: Settings, alg: str, kid: str, key: object,
          **overrides: object) -> str:
    head = b64(json.dumps({"alg": alg, "kid": kid, "typ": "JWT"}).encode())
    body = b64(json.dumps(claims(settings, **overrides)).encode())
    data = f"{head}.{body}".encode()
    if alg == "ES256":
        assert isinstance(key, ec.EllipticCurvePrivateKey)
        r, s = decode_dss_signature(key.sign(data, ec.ECDSA(hashes.SHA256())))
        signature = r.to_bytes(32, "big") + s.to_bytes(32, "big")
    else:
        assert isinstance(key, rsa.RSAPrivateKey)
        pad = (padding.PKCS1v15() if alg == "RS256" else
               padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=32))
        signature = key.sign(data, pad, hashes.SHA256())
    return f"{head}.{body}.{b64(signature)}"


def _issuer(keys: list[dict[str, str]]) -> httpx.MockTransport:
    return httpx.MockTransport(lambda request: httpx.Response(200, json={"keys": keys}))


def _verifier(settings: Settings, keys: list[dict[str, str]], **options: object) -> TokenVerifier:
    allowed = settings.model_copy(update=options) if options else settings
    return TokenVerifier(allowed, KeySet(jwks_url="https://issuer.example/jwks",
                                         transport=_issuer(keys), min_refresh_seconds=0))


async def test_es256_tokens_from_an_ec_key_are_verified(settings: Settings) -> None:
    key = ec.generate_private_key(ec.SECP256R1())
    verifier = _verifier(settings, [_ec_jwk(key, "ec-1")])
    assert (await verifier.verify(_sign(settings, "ES256", "ec-1", key))).sub == "eve"
    stranger = ec.generate_private_key(ec.SECP256R1())
    with pytest.raises(Unauthorized, match="signature"):
        await verifier.verify(_sign(settings, "ES256", "ec-1", stranger))


async def test_ps256_is_verified_when_allowed(settings: Settings) -> None:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    jwk = {**public_jwk(key), "kid": "ps-1", "alg": "PS256"}
    verifier = _verifier(settings, [jwk], jwt_algorithms=["PS256"])
    assert (await verifier.verify(_sign(settings, "PS256", "ps-1", key))).sub == "eve"


async def test_the_key_decides_its_algorithm_not_the_token(settings: Settings) -> None:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    jwk = {**public_jwk(key), "kid": "rs-1"}  # published for RS256 only
    verifier = _verifier(settings, [jwk], jwt_algorithms=["RS256", "PS256"])
    with pytest.raises(Unauthorized, match="algorithm"):
        await verifier.verify(_sign(settings, "PS256", "rs-1", key))
    ec_key = ec.generate_private_key(ec.SECP256R1())
    with pytest.raises(Unauthorized):  # an RSA key never verifies an ES256 token
        await verifier.verify(_sign(settings, "ES256", "rs-1", ec_key))


async def test_weak_rsa_keys_are_not_used(settings: Settings) -> None:
    key = rsa.generate_private_key(public_exponent=65537, key_size=1024)
    verifier = _verifier(settings, [{**public_jwk(key), "kid": "weak"}])
    with pytest.raises(Unauthorized, match="key"):
        await verifier.verify(_sign(settings, "RS256", "weak", key))


async def test_each_key_is_built_once_not_per_request(settings: Settings) -> None:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    keys = KeySet(jwks_url="https://issuer.example/jwks",
                  transport=_issuer([{**public_jwk(key), "kid": "k1"}]))
    verifier = TokenVerifier(settings, keys)
    for _ in range(5):
        assert (await verifier.verify(_sign(settings, "RS256", "k1", key))).sub == "eve"
    assert keys.built == 1


async def test_a_malformed_jwk_is_skipped_not_fatal(settings: Settings) -> None:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    good = {**public_jwk(key), "kid": "good"}
    broken = {"kty": "RSA", "kid": "broken", "n": "!!", "e": base64.b64encode(b"x").decode()}
    verifier = _verifier(settings, [broken, {"kty": "oct", "kid": "hmac", "k": "c2VjcmV0"}, good])
    assert (await verifier.verify(_sign(settings, "RS256", "good", key))).sub == "eve"
    with pytest.raises(Unauthorized, match="key"):
        await verifier.verify(_sign(settings, "RS256", "broken", key))

