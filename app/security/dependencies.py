"""FastAPI dependencies: the authenticated caller and role checks."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from app.errors import Forbidden, Unauthorized
from app.security.principal import Principal, Role
from app.security.tokens import TokenVerifier

_bearer = HTTPBearer(auto_error=False, description="A JWT from the EU Login / OIDC issuer.")


async def current_user(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Principal:
    """The caller named by the bearer token; 401 without a valid one."""
    if credentials is None or credentials.scheme.lower() != "bearer":
        # No token at all: the challenge carries no error code (RFC 6750 §3.1), "log in".
        raise Unauthorized("A bearer token is required.", error=None)
    verifier: TokenVerifier = request.app.state.verifier
    principal = await verifier.verify(credentials.credentials)
    request.state.principal = principal
    return principal


CurrentUser = Annotated[Principal, Depends(current_user)]


def require_roles(*roles: Role) -> Callable[[Principal], Awaitable[Principal]]:
    """A dependency that lets through callers holding any of ``roles`` (403 otherwise)."""

    async def check(principal: CurrentUser) -> Principal:
        if not principal.has(*roles):
            names = ", ".join(sorted(r.value for r in roles))
            raise Forbidden(f"This action needs one of the roles: {names}.")
        return principal

    return check
