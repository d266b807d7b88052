"""The bearer token: its check, and its OpenAPI security scheme. Role checks take the request's
context, so they live with it in ``app.deps``."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.security.utils import get_authorization_scheme_param

from app.errors import Unauthorized
from app.security.principal import Principal
from app.security.tokens import TokenVerifier

# The scheme the OpenAPI document names on every authenticated operation (main.py). The check
# below reads the header itself: FastAPI's ``HTTPBearer`` as a dependency would be one more node
# to solve on every request, for what is a string split.
BEARER_SCHEME_NAME = "HTTPBearer"
BEARER_SCHEME: dict[str, Any] = {
    "type": "http", "scheme": "bearer", "description": "A JWT from the EU Login / OIDC issuer."}


async def authenticate(request: Request) -> Principal:
    """The caller named by the request's bearer token; 401 without a valid one. The request
    context's dependency (``app.deps``) calls it."""
    scheme, token = get_authorization_scheme_param(request.headers.get("authorization"))
    if not token or scheme.lower() != "bearer":
        # No token at all: the challenge carries no error code (RFC 6750 §3.1), "log in".
        raise Unauthorized("A bearer token is required.", error=None)
    verifier: TokenVerifier = request.app.state.verifier
    principal = await verifier.verify(token)
    request.state.principal = principal
    return principal

