"""OAuth2 client credentials for machine clients (RFC 6749 §4.4): ``private_key_jwt``
(RFC 7523 §2.2) first, a hashed client secret as the fallback. Every issuance is audited."""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

from argon2.exceptions import InvalidHashError, VerificationError
from cryptography.hazmat.primitives.asymmetric import rsa
from joserfc import jws, jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet, RSAKey

from app.errors import AppError, ServiceUnavailable
from app.models.common import JsonObject
from app.models.integrations import ClientDoc, TokenResponse
from app.repositories import clients as repo
from app.security.keys import private_pem, public_jwk
from app.security.principal import Role
from app.security.service_key import service_signing_key
from app.services import audit
from app.services.context import Ctx
from app.services.integrations.clients import HASHER

ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
ASSERTION_ALGORITHMS = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384",
                        "ES512"]
MAX_ASSERTION_CHARS = 8_192
SCOPE = "permrep"


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    """What an unknown client's secret is checked against, so that timing does not tell which
    client ids exist. Made on first use (in the worker thread): hashing is slow on purpose, a
    tenth of a second, which every process importing the app (each CLI command) paid at
    start-up."""
    return HASHER.hash("not-a-client-secret")


def _secret_matches(stored: str | None, secret: str) -> bool:
    """Argon2 verification (blocking: run it in a thread); an unknown client is checked too."""
    try:
        HASHER.verify(stored or _dummy_hash(), secret)
    except (VerificationError, InvalidHashError):
        return False
    return stored is not None


class OAuthError(AppError):
    """RFC 6749 §5.2 errors, as problem+json that also carries the OAuth ``error`` member."""

    def __init__(self, detail: str, **extra: Any) -> None:
        super().__init__(detail, error=self.error, error_description=detail[:200], **extra)
        self.headers.setdefault("Cache-Control", "no-store")

    error = "invalid_request"


class InvalidRequest(OAuthError):
    status, code, title, error = 400, "invalid-request", "Invalid token request", "invalid_request"


class InvalidClient(OAuthError):
    status, code, title, error = 401, "invalid-client", "Client authentication failed", \
        "invalid_client"

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.headers["WWW-Authenticate"] = 'Basic realm="eu-ats"'


class UnsupportedGrantType(OAuthError):
    status, code, title, error = 400, "unsupported-grant-type", "Unsupported grant type", \
        "unsupported_grant_type"


class InvalidScope(OAuthError):
    status, code, title, error = 400, "invalid-scope", "Invalid scope", "invalid_scope"


@dataclass(frozen=True)
class TokenRequest:
    """The form of ``POST /oauth/token``, with the Basic credentials if any were sent."""

    grant_type: str
    scope: str | None = None
    client_id: str | None = None
    client_secret: str | None = None
    client_assertion_type: str | None = None
    client_assertion: str | None = None


def _unverified_subject(assertion: str) -> str:
    """The assertion's ``sub`` (the client id), to find the key that must have signed it."""
    try:
        payload = json.loads(jws.extract_compact(assertion.encode()).payload)
    except (JoseError, ValueError, UnicodeDecodeError):
        raise InvalidClient("The client assertion is not a compact JWS.") from None
    sub = payload.get("sub") if isinstance(payload, dict) else None
    if not isinstance(sub, str) or not 0 < len(sub) <= 100:
        raise InvalidClient("The client assertion has no sub.")
    return sub


async def _by_assertion(ctx: Ctx, form: TokenRequest, audiences: set[str]) -> ClientDoc:
    if form.client_assertion_type != ASSERTION_TYPE:
        raise InvalidClient(f"client_assertion_type must be {ASSERTION_TYPE}.")
    assertion = form.client_assertion or ""
    if len(assertion) > MAX_ASSERTION_CHARS:
        raise InvalidClient("The client assertion is too long.")
    client_id = _unverified_subject(assertion)
    if form.client_id is not None and form.client_id != client_id:
        raise InvalidClient("client_id and the assertion's sub differ.")
    client = await repo.get(ctx.db, client_id)
    if client is None or client.status != "active" or not client.jwks:
        raise InvalidClient("Unknown, revoked or keyless client.")
    try:
        token = jwt.decode(assertion, KeySet.import_key_set({"keys": client.jwks}),
                           algorithms=ASSERTION_ALGORITHMS)
    except (JoseError, ValueError):
        raise InvalidClient("The client assertion's signature is not valid.") from None
    _check_assertion(ctx, token.claims, client_id=client_id, audiences=audiences)
    expires = datetime.fromtimestamp(float(token.claims["exp"]), UTC)
    if not await repo.use_assertion(ctx.db, client_id=client_id, jti=str(token.claims["jti"]),
                                    expires_at=expires):
        raise InvalidClient("This client assertion was used before (jti replayed).")
    return client


def _check_assertion(ctx: Ctx, claims: JsonObject, *, client_id: str,
                     audiences: set[str]) -> None:
    # Token times are wall-clock times, as the bearer-token verifier checks them.
    now, leeway = time.time(), ctx.settings.jwt_leeway_seconds
    problems = []
    if claims.get("iss") != client_id:
        problems.append("iss must be the client id")
    aud = claims.get("aud")
    named = {aud} if isinstance(aud, str) else set(aud) if isinstance(aud, list) else set()
    if not named & audiences:
        problems.append("aud must name the token endpoint or the issuer")
    exp, iat, nbf = claims.get("exp"), claims.get("iat"), claims.get("nbf")
    if not isinstance(exp, int | float) or exp <= now - leeway:
        problems.append("exp is missing or past")
    elif exp - now > ctx.settings.client_assertion_max_lifetime_seconds + leeway:
        problems.append("the assertion lives too long")
    if iat is not None and (not isinstance(iat, int | float) or iat > now + leeway):
        problems.append("iat is in the future")
    if nbf is not None and (not isinstance(nbf, int | float) or nbf > now + leeway):
        problems.append("nbf is in the future")
    jti = claims.get("jti")
    if not isinstance(jti, str) or not 0 < len(jti) <= 200:
        problems.append("jti is required")
    if problems:
        raise InvalidClient(f"The client assertion is not acceptable: {'; '.join(problems)}.")


async def _by_secret(ctx: Ctx, form: TokenRequest) -> ClientDoc:
    client = await repo.get(ctx.db, form.client_id or "") if form.client_id else None
    stored = client.secret_hash if client is not None else None
    ok = await asyncio.to_thread(_secret_matches, stored, form.client_secret or "")
    if not ok or client is None or client.status != "active":
        raise InvalidClient("Unknown client or wrong secret.")
    return client


@lru_cache(maxsize=4)
def _signing(key: rsa.RSAPrivateKey) -> tuple[RSAKey, str]:
    return RSAKey.import_key(private_pem(key)), public_jwk(key)["kid"]


async def issue_token(ctx: Ctx, *, form: TokenRequest, token_endpoint: str) -> TokenResponse:
    """Authenticate the client, then sign a short-lived ``permrep`` token for its country."""
    if form.grant_type != "client_credentials":
        raise UnsupportedGrantType("Only grant_type=client_credentials is supported.")
    if form.scope is not None and form.scope.split() not in ([], [SCOPE]):
        raise InvalidScope(f"The only scope is {SCOPE}.")
    signing = service_signing_key(ctx.settings)
    if signing is None:
        raise ServiceUnavailable("Machine tokens are not issued: ATS_TOKEN_SIGNING_KEY is unset.")
    if form.client_assertion is not None:
        client = await _by_assertion(ctx, form, {token_endpoint, ctx.settings.token_issuer})
        method = "private_key_jwt"
    elif form.client_secret is not None:
        client = await _by_secret(ctx, form)
        method = "client_secret"
    else:
        raise InvalidClient("Authenticate with a client assertion (private_key_jwt) or a secret.")
    key, kid = _signing(signing)
    issued, jti = int(time.time()), uuid.uuid4().hex
    ttl = ctx.settings.machine_token_ttl_seconds
    claims = {"iss": ctx.settings.token_issuer, "aud": ctx.settings.jwt_audience,
              "sub": client.id, "roles": [Role.permrep.value], "country": client.country,
              "client_id": client.id, "iat": issued, "nbf": issued, "exp": issued + ttl,
              "jti": jti}
    token = jwt.encode({"alg": "RS256", "kid": kid, "typ": "at+jwt"}, claims, key)
    await repo.mark_issued(ctx.db, client_id=client.id, now=ctx.clock.now())
    # A client is an institution's system, not a person: its id is the record's resource.
    await audit.record(ctx, action=audit.Action.create, resource="oauth_client.token",
                       resource_id=client.id, detail=f"jti={jti} method={method}")
    return TokenResponse(access_token=token, token_type="Bearer", expires_in=ttl, scope=SCOPE)
