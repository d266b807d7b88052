"""A Permanent Representation's system as tests play it: its key, its client, its token."""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass
from typing import Any

import httpx
from joserfc import jwt
from joserfc.jwk import ECKey

from tests.applications.factories import Auth

TOKEN_URL = "http://testserver/api/v1/oauth/token"
ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"


@dataclass
class MachineClient:
    """A registered client and the private key it signs assertions with."""

    client_id: str
    key: ECKey
    kid: str
    secret: str | None = None

    def assertion(self, *, audience: str = TOKEN_URL, lifetime: int = 120,
                  jti: str | None = None, **overrides: Any) -> str:
        now = int(time.time())
        claims: dict[str, Any] = {"iss": self.client_id, "sub": self.client_id,
                                  "aud": audience, "iat": now, "exp": now + lifetime,
                                  "jti": jti or uuid.uuid4().hex}
        claims.update(overrides)
        return jwt.encode({"alg": "ES256", "kid": self.kid}, claims, self.key)


def admin(auth: Auth) -> dict[str, str]:
    return auth("admin", sub="admin-fay")


async def register_client(client: httpx.AsyncClient, auth: Auth, *, country: str = "PT",
                          issue_secret: bool = False) -> MachineClient:
    """A client registered through the admin API with a fresh EC P-256 key."""
    key = ECKey.generate_key("P-256")
    kid = f"k-{uuid.uuid4().hex[:8]}"
    response = await client.post("/api/v1/admin/clients", headers=admin(auth), json={
        "name": f"Permanent Representation {country}", "country": country,
        "jwks": [{**key.as_dict(private=False), "kid": kid}], "issue_secret": issue_secret})
    assert response.status_code == 201, response.text
    body = response.json()
    return MachineClient(client_id=body["id"], key=key, kid=kid, secret=body["client_secret"])


async def request_token(client: httpx.AsyncClient, machine: MachineClient,
                        assertion: str | None = None, **form: str) -> httpx.Response:
    data = {"grant_type": "client_credentials", "client_assertion_type": ASSERTION_TYPE,
            "client_assertion": assertion or machine.assertion(), **form}
    return await client.post("/api/v1/oauth/token", data=data)


async def bearer(client: httpx.AsyncClient, machine: MachineClient) -> dict[str, str]:
    response = await request_token(client, machine)
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}
