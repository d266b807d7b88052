"""Each signing key speaks for one issuer: the service's key for machine tokens
(ATS_TOKEN_ISSUER), the OIDC issuer's keys for users (ATS_JWT_ISSUER)."""

from __future__ import annotations

import time
import uuid
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from joserfc import jwt
from joserfc.jwk import RSAKey
from pydantic import SecretStr

from app.clock import ManualClock
from app.config import Settings
from app.db import Mongo
from app.deps import ANONYMOUS
from app.errors import ServiceUnavailable, Unauthorized
from app.security.keys import ensure_dev_key, private_pem, public_jwk
from app.security.tokens import TokenVerifier, mint_dev_token
from app.services.context import Ctx
from app.services.integrations import oauth


def _signed(key: rsa.RSAPrivateKey, issuer: str, settings: Settings) -> str:
    now = int(time.time())
    claims = {"iss": issuer, "aud": settings.jwt_audience, "sub": "pr-pt-1",
              "roles": ["permrep"], "country": "PT", "iat": now, "exp": now + 300,
              "jti": uuid.uuid4().hex}
    return jwt.encode({"alg": "RS256", "kid": public_jwk(key)["kid"]}, claims,
                      RSAKey.import_key(private_pem(key)))


async def test_keys_are_bound_to_their_issuer(base_settings: Settings, tmp_path: Path) -> None:
    service_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    settings = base_settings.model_copy(update={
        "dev_keys_path": tmp_path, "token_signing_key": SecretStr(private_pem(service_key)
                                                                  .decode())})
    verifier = TokenVerifier.from_settings(settings)
    machine = await verifier.verify(_signed(service_key, settings.token_issuer, settings))
    assert machine.sub == "pr-pt-1" and machine.country == "PT"
    with pytest.raises(Unauthorized, match="issuer"):
        await verifier.verify(_signed(service_key, settings.jwt_issuer, settings))
    user_token = mint_dev_token(settings, sub="hr-1", roles=["hr"])
    assert (await verifier.verify(user_token)).sub == "hr-1"
    with pytest.raises(Unauthorized, match="issuer"):
        await verifier.verify(_signed(ensure_dev_key(tmp_path), settings.token_issuer, settings))


async def test_production_without_a_signing_key_issues_no_tokens(
        base_settings: Settings, mongo: Mongo, clock: ManualClock) -> None:
    production = base_settings.model_copy(update={"env": "production",
                                                  "token_signing_key": None})
    ctx = Ctx(db=mongo.db, clock=clock, settings=production, actor=ANONYMOUS)
    with pytest.raises(ServiceUnavailable):
        await oauth.issue_token(ctx, form=oauth.TokenRequest(grant_type="client_credentials",
                                                             client_secret="x"),
                                token_endpoint="https://ats.example.eu/api/v1/oauth/token")
