"""Bearer JWT validation (and minting, for development)."""

from __future__ import annotations

import time
import uuid
from typing import Any

from jose import jwt
from jose.backends.cryptography_backend import CryptographyRSAKey
from jose.exceptions import ExpiredSignatureError, JWTClaimsError, JWTError

from app.config import Settings
from app.errors import Unauthorized
from app.security.keys import KeySet, ensure_dev_key, public_jwk
from app.security.principal import Principal, Role

# Only asymmetric algorithms: "none" and the HS family are never accepted.
ASYMMETRIC = frozenset({"RS256", "RS384", "RS512", "ES256", "ES384", "ES512", "PS256", "PS384"})


class TokenVerifier:
    """Checks signature, algorithm, ``exp``, ``nbf``, ``iss`` and ``aud``; returns a Principal."""

    def __init__(self, settings: Settings, keys: KeySet) -> None:
        self._algorithms = [a for a in settings.jwt_algorithms if a in ASYMMETRIC]
        self._issuer = settings.jwt_issuer
        self._audience = settings.jwt_audience
        self._leeway = settings.jwt_leeway_seconds
        self._keys = keys

    @classmethod
    def from_settings(cls, settings: Settings) -> TokenVerifier:
        if settings.jwks_url:
            keys = KeySet(jwks_url=settings.jwks_url, cache_seconds=settings.jwks_cache_seconds)
        else:
            keys = KeySet(static=[public_jwk(ensure_dev_key(settings.dev_keys_path))])
        return cls(settings, keys)

    async def verify(self, token: str) -> Principal:
        try:
            header = jwt.get_unverified_header(token)
        except JWTError:
            raise Unauthorized("The bearer token is malformed.") from None
        alg = header.get("alg")
        if alg not in self._algorithms:
            raise Unauthorized(f"Tokens signed with {alg!r} are not accepted.")
        key = await self._keys.get(header.get("kid"))
        if key is None:
            raise Unauthorized("The token's signing key is unknown.")
        try:
            claims: dict[str, Any] = jwt.decode(
                token,
                key,
                algorithms=[alg],
                audience=self._audience,
                issuer=self._issuer,
                options={"require_exp": True, "require_sub": True, "leeway": self._leeway},
            )
        except ExpiredSignatureError:
            raise Unauthorized("The token has expired.") from None
        except JWTClaimsError as exc:
            raise Unauthorized(f"The token's claims are not acceptable: {exc}.") from None
        except JWTError:
            raise Unauthorized("The token's signature is invalid.") from None
        return principal_from_claims(claims)


def principal_from_claims(claims: dict[str, Any]) -> Principal:
    """Build the caller from validated claims; unknown roles are ignored."""
    sub = claims.get("sub")
    if not isinstance(sub, str) or not sub:
        raise Unauthorized("The token has no subject.")
    raw_roles = claims.get("roles") or []
    if isinstance(raw_roles, str):
        raw_roles = [raw_roles]
    roles = frozenset(Role(r) for r in raw_roles if r in Role.__members__)
    unit = claims.get("unit")
    country = claims.get("country")
    return Principal(
        sub=sub,
        roles=roles,
        unit=unit.upper() if isinstance(unit, str) and unit else None,
        country=country.upper() if isinstance(country, str) and country else None,
    )


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
