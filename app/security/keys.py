"""Signing keys: a local development key pair, or an OIDC issuer's JWKS in production."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import json
import logging
import time
from functools import lru_cache
from pathlib import Path
from typing import Any

import httpx
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from app.security.jwk import UnusableKey, VerifyingKey

PRIVATE_NAME = "dev-signing-key.pem"
log = logging.getLogger("app.security")


def _b64(value: int) -> str:
    raw = value.to_bytes((value.bit_length() + 7) // 8, "big")
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def ensure_dev_key(directory: Path) -> rsa.RSAPrivateKey:
    """Load the development RSA key, generating it on first use."""
    path = directory / PRIVATE_NAME
    if not path.exists():
        _load.cache_clear()
    return _load(path.resolve())


@lru_cache(maxsize=8)
def _load(path: Path) -> rsa.RSAPrivateKey:
    # Parsing a PEM RSA key validates it (tens of milliseconds): do it once per process.
    directory = path.parent
    if not path.exists():
        directory.mkdir(parents=True, exist_ok=True)
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        tmp = path.with_suffix(".tmp")
        tmp.write_bytes(private_pem(key))
        tmp.chmod(0o600)
        tmp.replace(path)
    loaded = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(loaded, rsa.RSAPrivateKey):
        raise RuntimeError(f"{path} is not an RSA private key")
    return loaded


def public_jwk(key: rsa.RSAPrivateKey) -> dict[str, str]:
    """The public half as a JWK with a thumbprint ``kid``."""
    numbers = key.public_key().public_numbers()
    jwk = {"kty": "RSA", "n": _b64(numbers.n), "e": _b64(numbers.e)}
    thumbprint = hashlib.sha256(json.dumps(jwk, sort_keys=True, separators=(",", ":")).encode())
    return {**jwk, "kid": thumbprint.hexdigest()[:16], "alg": "RS256", "use": "sig"}


def private_pem(key: rsa.RSAPrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


class KeySet:
    """Verifying keys by ``kid``, each built once from its JWK; a remote set is fetched lazily
    and refreshed on an unknown kid."""

    def __init__(
        self,
        *,
        static: list[dict[str, Any]] | None = None,
        jwks_url: str | None = None,
        cache_seconds: int = 3600,
        transport: httpx.AsyncBaseTransport | None = None,
        min_refresh_seconds: float = 10.0,
    ) -> None:
        self._jwks: dict[str, dict[str, Any]] = {}
        self._keys: dict[str, VerifyingKey] = {}
        self._url = jwks_url
        self._cache_seconds = cache_seconds
        self._fetched_at = 0.0
        self._lock = asyncio.Lock()
        self._transport = transport  # tests inject one; production uses the network
        self._min_refresh = min_refresh_seconds
        self.fetches = 0
        self.built = 0  # keys built from their JWK: once per kid, not once per request
        self._install(static or [])

    async def get(self, kid: str | None) -> VerifyingKey | None:
        """The key for ``kid`` (or the only key when the token names none)."""
        key = self._lookup(kid)
        stale = time.monotonic() - self._fetched_at > self._cache_seconds
        if self._url and (key is None or stale):
            await self._refresh(min_age=0 if stale else self._min_refresh)
            key = self._lookup(kid)
        return key

    def _lookup(self, kid: str | None) -> VerifyingKey | None:
        if kid is None:
            return next(iter(self._keys.values())) if len(self._keys) == 1 else None
        return self._keys.get(kid)

    def _install(self, jwks: list[Any]) -> None:
        """Replace the set, building only the keys that are new or changed."""
        published: dict[str, dict[str, Any]] = {}
        keys: dict[str, VerifyingKey] = {}
        for jwk in jwks:
            if not isinstance(jwk, dict):
                continue
            kid = jwk.get("kid", "")
            if not isinstance(kid, str) or jwk.get("use", "sig") != "sig":
                continue
            if self._jwks.get(kid) == jwk and kid in self._keys:
                keys[kid] = self._keys[kid]
            else:
                try:
                    keys[kid] = VerifyingKey.from_jwk(jwk)
                except UnusableKey as exc:
                    # One bad key must not take the others down; its tokens stay refused.
                    log.warning("JWKS key skipped", extra={"kid": kid[:64], "reason": str(exc)})
                    continue
                self.built += 1
            published[kid] = jwk
        self._jwks, self._keys = published, keys

    async def _refresh(self, *, min_age: float) -> None:
        async with self._lock:
            # Unknown kids must not make us hammer the issuer: at most one fetch per min_age.
            if time.monotonic() - self._fetched_at < min_age:
                return
            assert self._url is not None
            try:
                async with httpx.AsyncClient(timeout=10, transport=self._transport) as http:
                    response = await http.get(self._url)
                    response.raise_for_status()
                    keys = response.json().get("keys", [])
                    if not isinstance(keys, list):
                        raise ValueError("keys is not a list")
            except (httpx.HTTPError, ValueError, AttributeError):
                # The issuer is unreachable: keep the keys we have; unknown kids stay unknown.
                log.warning("JWKS refresh failed", extra={"jwks_url": self._url})
                self._fetched_at = time.monotonic()
                return
            self.fetches += 1
            self._install(keys)
            self._fetched_at = time.monotonic()
