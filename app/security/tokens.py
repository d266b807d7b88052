"""Bearer JWT validation (and minting, for development)."""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import re
import time
import uuid
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any, NoReturn

from jose import jwt
from jose.backends.cryptography_backend import CryptographyRSAKey

from app.config import Settings
from app.errors import Unauthorized
from app.security.claims import Claims, ClaimsError, parse_claims
from app.security.jwk import VerifyingKey
from app.security.keys import KeySet, ensure_dev_key, public_jwk
from app.security.principal import Principal
from app.security.service_key import service_signing_key

# Only asymmetric algorithms: "none" and the HS family are never accepted.
ASYMMETRIC = frozenset({"RS256", "RS384", "RS512", "ES256", "ES384", "ES512", "PS256", "PS384",
                        "PS512"})
MAX_TOKEN_CHARS = 16_384  # far above any real token; bounds the JSON we are made to parse
_B64URL = re.compile(r"^[A-Za-z0-9_-]*$")
_ALG_NAME = re.compile(r"^[A-Za-z0-9]{1,10}$")
VERIFIED_LIMIT = 4_096  # tokens remembered once verified (a client sends the same one for minutes)
VERIFIED_SECONDS = 60.0


@dataclass(frozen=True, slots=True)
class _Verified:
    """A token whose signature and claims were checked: what is still time-dependent."""

    principal: Principal
    exp: float
    nbf: float | None
    kid: str | None
    key: VerifyingKey
    until: float  # monotonic: checked again from scratch after this


def _refuse(reason: str) -> NoReturn:
    raise Unauthorized(reason)


def _b64url(part: str) -> bytes:
    if not _B64URL.match(part) or len(part) % 4 == 1:
        _refuse("The bearer token is malformed.")
    try:
        return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))
    except (binascii.Error, ValueError):
        _refuse("The bearer token is malformed.")


def _no_constants(name: str) -> NoReturn:
    raise ValueError(f"{name} is not JSON")  # NaN and Infinity would defeat every time check


def _json_object(raw: bytes) -> dict[str, Any] | None:
    try:
        value = json.loads(raw, parse_constant=_no_constants)
    except (ValueError, RecursionError):
        return None
    return value if isinstance(value, dict) else None


class TokenVerifier:
    """Checks signature, algorithm and every claim the service relies on; returns a Principal."""

    def __init__(self, settings: Settings, keys: KeySet,
                 service_keys: list[dict[str, str]] | None = None) -> None:
        # Machine clients' tokens are signed by this service's own key and carry its own issuer;
        # each key is bound to its issuer, so neither can speak for the other.
        self._service_issuer = settings.token_issuer
        self._service_keys = KeySet(static=service_keys or [])
        self._algorithms = frozenset(a for a in settings.jwt_algorithms if a in ASYMMETRIC)
        self._issuer = settings.jwt_issuer
        self._audience = settings.jwt_audience
        self._leeway = settings.jwt_leeway_seconds
        self._max_lifetime = settings.jwt_max_lifetime_seconds
        self._keys = keys
        # Verifying a signature is the costliest step of a request that reads one document; a
        # client sends the same token again and again. Keyed by a digest of the whole token (an
        # altered token is another key), checked again for expiry on each use, and only while
        # the key that signed it is still the key set's (rotation and removal apply at once).
        self._verified: OrderedDict[bytes, _Verified] = OrderedDict()

    @classmethod
    def from_settings(cls, settings: Settings) -> TokenVerifier:
        if settings.jwks_url:
            keys = KeySet(jwks_url=settings.jwks_url, cache_seconds=settings.jwks_cache_seconds)
        else:
            keys = KeySet(static=[public_jwk(ensure_dev_key(settings.dev_keys_path))])
        service = service_signing_key(settings)
        return cls(settings, keys, [public_jwk(service)] if service is not None else None)

    async def verify(self, token: str) -> Principal:
        """The caller named by ``token``; Unauthorized (401, invalid_token) otherwise."""
        if len(token) > MAX_TOKEN_CHARS or token.count(".") != 2:
            _refuse("The bearer token is malformed.")
        digest = hashlib.blake2b(token.encode(), digest_size=20).digest()
        known = self._verified.get(digest)
        if known is not None and await self._still_valid(known):
            return known.principal
        principal, remembered = await self._verify(token)
        self._verified[digest] = remembered
        if len(self._verified) > VERIFIED_LIMIT:
            self._verified.popitem(last=False)
        return principal

    async def _still_valid(self, known: _Verified) -> bool:
        """A remembered token is still good: in its time window, its key unchanged."""
        now = time.time()
        if time.monotonic() >= known.until or known.exp <= now - self._leeway \
                or (known.nbf is not None and known.nbf > now + self._leeway):
            return False  # verified again from scratch, which names the reason
        key = await self._keys.get(known.kid)
        if key is None and known.kid is not None:
            key = await self._service_keys.get(known.kid)
        return key is known.key

    async def _verify(self, token: str) -> tuple[Principal, _Verified]:
        header_part, payload_part, signature_part = token.split(".")
        # The header is decoded once, here; nothing else parses the token again.
        header = _json_object(_b64url(header_part))
        if header is None:
            _refuse("The bearer token is malformed.")
        alg = header.get("alg")
        if not isinstance(alg, str) or alg not in self._algorithms:
            shown = repr(alg) if isinstance(alg, str) and _ALG_NAME.match(alg) else "this algorithm"
            _refuse(f"Tokens signed with {shown} are not accepted.")
        if "crit" in header:  # RFC 7515 §4.1.11: we implement no extension, so we refuse them all
            _refuse("The token's header names critical extensions this service does not know.")
        kid = header.get("kid")
        if kid is not None and not isinstance(kid, str):
            _refuse("The token's kid is not a string.")
        key = await self._keys.get(kid)
        issuers = {self._issuer} if key is not None else set()
        service_key = await self._service_keys.get(kid) if kid is not None else None
        if service_key is not None:
            key = key or service_key
            issuers.add(self._service_issuer)
        if key is None:
            _refuse("The token's signing key is unknown.")
        self._check_signature(key, alg, f"{header_part}.{payload_part}".encode(),
                              _b64url(signature_part))
        try:
            claims = parse_claims(_json_object(_b64url(payload_part)))
        except ClaimsError as exc:
            _refuse(f"The token's claims are not acceptable: {exc}.")
        self._check_claims(claims, issuers)
        principal = claims.principal()
        return principal, _Verified(principal=principal, exp=claims.exp, nbf=claims.nbf, kid=kid,
                                    key=key, until=time.monotonic() + VERIFIED_SECONDS)

    @staticmethod
    def _check_signature(key: VerifyingKey, alg: str, signing_input: bytes,
                         signature: bytes) -> None:
        if alg not in key.algorithms:
            _refuse(f"The token's signing key does not sign with the algorithm {alg}.")
        if not key.verify(alg, signing_input, signature):
            _refuse("The token's signature is invalid.")

    def _check_claims(self, claims: Claims, issuers: set[str]) -> None:
        now = time.time()
        if claims.exp <= now - self._leeway:
            _refuse("The token has expired.")
        problems = []
        if claims.iss not in issuers:
            problems.append("iss is not the expected issuer")
        audiences = [claims.aud] if isinstance(claims.aud, str) else claims.aud
        if self._audience not in audiences:
            problems.append("aud does not name this service")
        if claims.nbf is not None and claims.nbf > now + self._leeway:
            problems.append("the token is not valid yet (nbf)")
        if claims.iat > now + self._leeway:
            problems.append("iat is in the future")
        if claims.exp <= claims.iat:
            problems.append("exp is not after iat")
        elif claims.exp - claims.iat > self._max_lifetime:
            problems.append(f"its lifetime (exp - iat) exceeds {self._max_lifetime} seconds")
        if problems:
            _refuse(f"The token's claims are not acceptable: {'; '.join(problems)}.")


def mint_dev_token(
    settings: Settings,
    *,
    sub: str,
    roles: list[str],
    unit: str | None = None,
    country: str | None = None,
    ttl_seconds: int = 8 * 3600,
    now: float | None = None,
) -> str:
    """Sign a token with the local development key (never in production)."""
    if settings.is_production:
        raise RuntimeError("development tokens are not minted in production")
    if not 0 < ttl_seconds <= settings.jwt_max_lifetime_seconds:
        raise ValueError(f"a token's lifetime must be between 1 and "
                         f"{settings.jwt_max_lifetime_seconds} s (ATS_JWT_MAX_LIFETIME_SECONDS)")
    key = ensure_dev_key(settings.dev_keys_path)
    issued = int(now if now is not None else time.time())
    claims: dict[str, Any] = {
        "sub": sub,
        "roles": roles,
        "iss": settings.jwt_issuer,
        "aud": settings.jwt_audience,
        "iat": issued,
        "nbf": issued,
        "exp": issued + ttl_seconds,
        "jti": uuid.uuid4().hex,
    }
    if unit:
        claims["unit"] = unit
    if country:
        claims["country"] = country
    token: str = jwt.encode(claims, CryptographyRSAKey(key, "RS256"), algorithm="RS256",
                            headers={"kid": public_jwk(key)["kid"]})
    return token
