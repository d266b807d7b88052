"""Tokens signed by hand with the development key: any header, any claims, any shape."""

from __future__ import annotations

import base64
import json
import time
from typing import Any

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding

from app.config import Settings
from app.security.keys import ensure_dev_key, public_jwk

ABSENT = object()


def b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def claims(settings: Settings, **overrides: Any) -> dict[str, Any]:
    """Valid claims for an admin, with ``overrides`` applied (``ABSENT`` removes a claim)."""
    now = int(time.time())
    body: dict[str, Any] = {
        "sub": "eve", "roles": ["admin"], "iss": settings.jwt_issuer,
        "aud": settings.jwt_audience, "iat": now, "nbf": now, "exp": now + 600,
    }
    body.update(overrides)
    return {k: v for k, v in body.items() if v is not ABSENT}


def signed(settings: Settings, payload: dict[str, Any] | bytes,
           header: dict[str, Any] | None = None) -> str:
    """An RS256 compact JWS over ``payload`` (JSON-encoded unless already bytes)."""
    key = ensure_dev_key(settings.dev_keys_path)
    head = {"alg": "RS256", "typ": "JWT", "kid": public_jwk(key)["kid"], **(header or {})}
    body = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
    signing_input = f"{b64(json.dumps(head).encode())}.{b64(body)}"
    signature = key.sign(signing_input.encode(), padding.PKCS1v15(), hashes.SHA256())
    return f"{signing_input}.{b64(signature)}"


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}
