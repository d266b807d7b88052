"""The registry of machine clients: admins register, rotate and revoke them."""

from __future__ import annotations

import asyncio
import secrets

from argon2 import PasswordHasher
from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import load_pem_public_key
from joserfc.errors import JoseError
from joserfc.jwk import ECKey, JWKRegistry, RSAKey

from app.errors import Conflict, Forbidden, NotFound, Unprocessable
from app.models.common import JsonObject, PageParams
from app.models.integrations import (
    ClientCreate,
    ClientCredentials,
    ClientDoc,
    ClientKeys,
    ClientList,
    ClientRead,
    client_read,
)
from app.repositories import clients as repo
from app.security.principal import Role
from app.services import audit
from app.services.context import Ctx

HASHER = PasswordHasher()  # argon2id with the library's (RFC 9106) defaults
MIN_RSA_BITS = 2048
EC_CURVES = frozenset({"P-256", "P-384", "P-521"})


def require_admin(ctx: Ctx) -> None:
    """403 unless the caller is an administrator."""
    if not ctx.actor.has(Role.admin):
        raise Forbidden("Only administrators manage machine clients.")


class InvalidClientKey(Unprocessable):
    code = "invalid-client-key"


def _bad_key(index: int, reason: str) -> Unprocessable:
    return InvalidClientKey("A public key is not acceptable.",
                            errors=[{"loc": ["body", "jwks", index], "msg": reason}])


def public_jwks(keys: ClientKeys) -> list[JsonObject]:
    """The client's public keys as JWKs with a `kid` each; 422 for private, weak or odd keys."""
    raw: list[JsonObject] = list(keys.jwks or [])
    out: list[JsonObject] = []
    if keys.public_key_pem:
        try:
            loaded = load_pem_public_key(keys.public_key_pem.encode())
        except (ValueError, TypeError, UnsupportedAlgorithm):
            raise _bad_key(len(raw), "not a PEM public key (SubjectPublicKeyInfo)") from None
        kind = "RSA" if isinstance(loaded, rsa.RSAPublicKey) else "EC"
        raw.append(JWKRegistry.import_key(keys.public_key_pem, kind).as_dict(private=False))
    for index, jwk in enumerate(raw):
        if "d" in jwk or "p" in jwk:
            raise _bad_key(index, "a private key: register the public half only")
        try:
            key = JWKRegistry.import_key({k: v for k, v in jwk.items()
                                          if k not in ("alg", "use", "key_ops")})
        except (JoseError, ValueError, TypeError, KeyError):
            raise _bad_key(index, "not a usable JWK") from None
        if isinstance(key, RSAKey):
            if key.raw_value.key_size < MIN_RSA_BITS:
                raise _bad_key(index, f"RSA keys under {MIN_RSA_BITS} bits are refused")
        elif not (isinstance(key, ECKey) and jwk.get("crv") in EC_CURVES):
            raise _bad_key(index, "only RSA and EC (P-256, P-384, P-521) keys are accepted")
        if jwk.get("use", "sig") != "sig":
            raise _bad_key(index, "not a signing key")
        public = key.as_dict(private=False)
        public["kid"] = str(jwk.get("kid") or key.thumbprint())[:100]
        public["use"] = "sig"
        out.append(public)
    if len({k["kid"] for k in out}) != len(out):
        raise InvalidClientKey("Two keys share a kid.",
                            errors=[{"loc": ["body", "jwks"], "msg": "duplicate kid"}])
    return out


async def _credentials(keys: ClientKeys) -> tuple[list[JsonObject], str | None, str | None]:
    jwks = public_jwks(keys)
    if not jwks and not keys.issue_secret:
        raise Unprocessable("Give the client a public key or ask for a secret.",
                            errors=[{"loc": ["body", "jwks"], "msg": "no credential"}])
    secret = secrets.token_urlsafe(32) if keys.issue_secret else None
    hashed = await asyncio.to_thread(HASHER.hash, secret) if secret else None
    return jwks, secret, hashed


def _with_secret(doc: ClientDoc, secret: str | None) -> ClientCredentials:
    return ClientCredentials(**client_read(doc).model_dump(), client_secret=secret)


async def register(ctx: Ctx, *, payload: ClientCreate) -> ClientCredentials:
    """Register a client; its secret (if any) is shown once."""
    require_admin(ctx)
    jwks, secret, hashed = await _credentials(payload)
    now = ctx.clock.now()
    doc = ClientDoc(id=f"pr-{payload.country.lower()}-{secrets.token_hex(6)}",
                    name=payload.name, country=payload.country, jwks=jwks, secret_hash=hashed,
                    created_at=now, updated_at=now)
    await repo.insert(ctx.db, doc)
    await audit.record(ctx, action=audit.Action.create, resource="oauth_client",
                       resource_id=doc.id)
    return _with_secret(doc, secret)


async def _load(ctx: Ctx, client_id: str) -> ClientDoc:
    require_admin(ctx)
    doc = await repo.get(ctx.db, client_id)
    if doc is None:
        raise NotFound("No such client.")
    return doc


async def get_client(ctx: Ctx, *, client_id: str) -> ClientRead:
    """One client."""
    return client_read(await _load(ctx, client_id))


async def list_clients(ctx: Ctx, *, page: PageParams) -> ClientList:
    """Every registered client, in id order."""
    require_admin(ctx)
    docs, cursor = await repo.page(ctx.db, page=page)
    return ClientList(items=[client_read(d) for d in docs], next_cursor=cursor)


async def rotate(ctx: Ctx, *, client_id: str, payload: ClientKeys) -> ClientCredentials:
    """Replace the client's keys (and secret, if asked): the old ones stop working at once."""
    doc = await _load(ctx, client_id)
    if doc.status == "revoked":
        raise Conflict("The client is revoked; register a new one.")
    jwks, secret, hashed = await _credentials(payload)
    updated = await repo.update_versioned(
        ctx.db, client_id=doc.id, version=doc.version,
        set_fields={"jwks": jwks, "secret_hash": hashed, "updated_at": ctx.clock.now()})
    if updated is None:
        raise Conflict("The client changed meanwhile; retry.", headers={"Retry-After": "1"})
    await audit.record(ctx, action=audit.Action.update, resource="oauth_client",
                       resource_id=doc.id, detail="rotate")
    return _with_secret(updated, secret)


async def revoke(ctx: Ctx, *, client_id: str) -> ClientRead:
    """Revoke a client: no more tokens (those issued expire within minutes)."""
    doc = await _load(ctx, client_id)
    if doc.status == "revoked":
        return client_read(doc)
    now = ctx.clock.now()
    updated = await repo.update_versioned(
        ctx.db, client_id=doc.id, version=doc.version,
        set_fields={"status": "revoked", "revoked_at": now, "updated_at": now})
    if updated is None:
        raise Conflict("The client changed meanwhile; retry.", headers={"Retry-After": "1"})
    await audit.record(ctx, action=audit.Action.update, resource="oauth_client",
                       resource_id=doc.id, detail="revoke")
    return client_read(updated)
