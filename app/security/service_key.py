"""The key this service signs machine clients' tokens with (the OAuth2 token endpoint's)."""

from __future__ import annotations

from functools import lru_cache

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from app.config import Settings
from app.security.keys import ensure_dev_key


def service_signing_key(settings: Settings) -> rsa.RSAPrivateKey | None:
    """The PEM of ``ATS_TOKEN_SIGNING_KEY``; the development key outside production; else None."""
    if settings.token_signing_key is not None:
        return _parse(settings.token_signing_key.get_secret_value())
    if settings.is_production:
        return None
    return ensure_dev_key(settings.dev_keys_path)


@lru_cache(maxsize=4)
def _parse(pem: str) -> rsa.RSAPrivateKey:
    key = serialization.load_pem_private_key(pem.encode(), password=None)
    if not isinstance(key, rsa.RSAPrivateKey) or key.key_size < 2048:
        raise ValueError("ATS_TOKEN_SIGNING_KEY must be an RSA private key of 2048 bits or more")
    return key
