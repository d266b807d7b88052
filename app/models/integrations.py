"""Machine clients (Permanent Representations' systems) and the tokens issued to them."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from app.models.common import ApiModel, InputModel, Page, ShortText, StoredModel
from app.models.reference import CountryCode

ClientStatus = Literal["active", "revoked"]
AuthMethod = Literal["private_key_jwt", "client_secret"]

_JWK_EXAMPLE: dict[str, Any] = {"kty": "EC", "crv": "P-256", "kid": "pr-be-2026-12",
                "x": "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU",
                "y": "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0", "use": "sig"}


class ClientDoc(StoredModel):
    """A ``clients`` record: a registered machine client and how it authenticates."""

    id: str = Field(alias="_id")
    name: str
    country: str
    jwks: list[dict[str, Any]] = Field(default_factory=list)
    secret_hash: str | None = None
    status: ClientStatus = "active"
    created_at: datetime
    updated_at: datetime
    revoked_at: datetime | None = None
    last_issued_at: datetime | None = None
    version: int = 1


class ClientKeys(InputModel):
    """How a client will authenticate: its public keys and/or a generated secret."""

    jwks: list[dict[str, Any]] | None = Field(
        default=None, max_length=5,
        description="Public JWKs (RSA ≥ 2048 bits or EC P-256/384/521) the client signs its "
                    "assertions with (RFC 7523, `private_key_jwt`). Private parts are refused.",
        json_schema_extra={"examples": [[_JWK_EXAMPLE]]})
    public_key_pem: str | None = Field(
        default=None, max_length=10_000,
        description="Alternatively, one public key as PEM (SubjectPublicKeyInfo).")
    issue_secret: bool = Field(
        default=False,
        description="Generate a client secret (fallback for systems that cannot sign): it is "
                    "shown once in the answer and stored only as an argon2 hash.")


class ClientCreate(ClientKeys):
    """Register a Permanent Representation's system."""

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "name": "Représentation permanente de la Belgique — SNE desk", "country": "BE",
        "jwks": [_JWK_EXAMPLE]}]})

    name: ShortText = Field(description="Who runs the client, for administrators.")
    country: CountryCode = Field(description="The Member State (ISO 3166 alpha-2) the client "
                                             "represents; its tokens carry it as `country`.")


class ClientRotate(ClientKeys):
    """New credentials: the given keys (and/or a new secret) replace the old ones at once."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"jwks": [_JWK_EXAMPLE]}]})


_CLIENT_EXAMPLE: dict[str, Any] = {
    "id": "pr-be-3f9a1c2b7e4d", "name": "Représentation permanente de la Belgique — SNE desk",
    "country": "BE", "auth_methods": ["private_key_jwt"], "key_ids": ["pr-be-2026-12"],
    "status": "active", "created_at": "2024-06-01T09:30:00Z", "updated_at": "2024-06-01T09:30:00Z",
    "revoked_at": None, "last_issued_at": "2024-06-03T07:45:12Z"}


class ClientRead(ApiModel):
    """A registered client as administrators see it (never a secret or its hash)."""

    model_config = ConfigDict(json_schema_extra={"examples": [_CLIENT_EXAMPLE]})

    id: str = Field(description="The `client_id` (also the `sub` of its tokens).")
    name: str = Field(description="Who runs the client.")
    country: str = Field(description="The Member State the client represents, ISO 3166 "
                                     "alpha-2.")
    auth_methods: list[AuthMethod] = Field(description="How the client may authenticate: "
                                           "`private_key_jwt` and/or `client_secret`.")
    key_ids: list[str] = Field(description="`kid`s of the registered public keys; empty when "
                                           "the client has only a secret.")
    status: ClientStatus = Field(description="`revoked` clients get no more tokens.")
    created_at: datetime = Field(description="When the client was registered.")
    updated_at: datetime = Field(description="Last registration change (rotation, revocation).")
    revoked_at: datetime | None = Field(default=None, description="When it was revoked; null "
                                                                 "while active.")
    last_issued_at: datetime | None = Field(default=None,
                                            description="When it last obtained a token; "
                                                        "null if it never did.")


class ClientCredentials(ClientRead):
    """A client just registered or rotated, with its secret shown this once."""

    model_config = ConfigDict(json_schema_extra={"examples": [
        {**_CLIENT_EXAMPLE, "last_issued_at": None},
        {**_CLIENT_EXAMPLE, "id": "pr-lu-9b2e4f6a8c0d", "name": "Représentation permanente du "
         "Luxembourg", "country": "LU", "auth_methods": ["client_secret"], "key_ids": [],
         "last_issued_at": None,
         "client_secret": "IIgGMgRpXeYtXPyya53WZFU20uDEJJ5ZlwXqhZahza4"}]})

    client_secret: str | None = Field(
        default=None, description="The generated secret (only when `issue_secret` was asked); "
                                  "it cannot be read again.")


ClientList = Page[ClientRead]


class TokenForm(BaseModel):
    """The token request (RFC 6749 §4.4.2), form-encoded; the client authenticates with a
    signed assertion (RFC 7523 §2.2) or, as a fallback, its secret (here or in Basic auth)."""

    model_config = ConfigDict(json_schema_extra={"examples": [
        {"grant_type": "client_credentials", "scope": "permrep",
         "client_assertion_type": "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
         "client_assertion": "eyJhbGciOiJFUzI1NiIsImtpZCI6InByLWJlLTIwMjYtMTIifQ.eyJpc3MiOiJwci"
                             "1iZS0zZjlhMWMyYjdlNGQiLCJzdWIiOiJwci1iZS0zZjlhMWMyYjdlNGQifQ.c2ln"},
        {"grant_type": "client_credentials", "client_id": "pr-lu-9b2e4f6a8c0d",
         "client_secret": "IIgGMgRpXeYtXPyya53WZFU20uDEJJ5ZlwXqhZahza4"}]})

    grant_type: str = Field(max_length=50, description="Always `client_credentials`.")
    scope: str | None = Field(default=None, max_length=100,
                              description="Optional; the only scope is `permrep`.")
    client_id: str | None = Field(default=None, max_length=100,
                                  description="The client id (optional with an assertion).")
    client_secret: str | None = Field(default=None, max_length=200,
                                      description="The client secret (fallback).")
    client_assertion_type: str | None = Field(
        default=None, max_length=100,
        description="`urn:ietf:params:oauth:client-assertion-type:jwt-bearer`.")
    client_assertion: str | None = Field(
        default=None, max_length=8192, description="The signed client assertion (a compact JWS).")


class TokenResponse(ApiModel):
    """RFC 6749 §5.1 access token response."""

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "access_token": "eyJhbGciOiJSUzI1NiIsImtpZCI6Ii4uLiJ9.eyJzdWIiOiIuLi4ifQ.c2ln",
        "token_type": "Bearer", "expires_in": 600, "scope": "permrep"}]})

    access_token: str = Field(description="A JWT: role `permrep`, the client's `country`.")
    token_type: Literal["Bearer"] = Field(description="Always `Bearer`.")
    expires_in: int = Field(description="Seconds the token stays valid.")
    scope: str = Field(description="Granted scope (`permrep`).")


def client_read(doc: ClientDoc) -> ClientRead:
    methods: list[AuthMethod] = []
    if doc.jwks:
        methods.append("private_key_jwt")
    if doc.secret_hash:
        methods.append("client_secret")
    return ClientRead(id=doc.id, name=doc.name, country=doc.country, auth_methods=methods,
                      key_ids=[str(k.get("kid", "")) for k in doc.jwks], status=doc.status,
                      created_at=doc.created_at, updated_at=doc.updated_at,
                      revoked_at=doc.revoked_at, last_issued_at=doc.last_issued_at)
