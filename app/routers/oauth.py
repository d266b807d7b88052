"""The OAuth2 token endpoint for machine clients (client credentials; RFC 6749 §4.4)."""

from __future__ import annotations

import base64
import binascii
from typing import Annotated
from urllib.parse import unquote

from fastapi import APIRouter, Form, Header, Request, Response

from app.deps import PublicCtx
from app.models.common import Problem
from app.models.integrations import TokenForm, TokenResponse
from app.services.integrations import oauth
from app.services.integrations.oauth import InvalidClient, TokenRequest

router = APIRouter(prefix="/oauth", tags=["oauth"])

_FORM_FIELD = {"max_length": 200}


def _basic(authorization: str | None) -> tuple[str, str] | None:
    """``client_secret_basic`` (RFC 6749 §2.3.1): form-urlencoded id and secret in Basic auth."""
    if authorization is None or not authorization.lower().startswith("basic "):
        return None
    try:
        decoded = base64.b64decode(authorization[6:].strip(), validate=True).decode()
    except (binascii.Error, UnicodeDecodeError):
        raise InvalidClient("The Basic credentials are malformed.") from None
    client_id, sep, secret = decoded.partition(":")
    if not sep:
        raise InvalidClient("The Basic credentials are malformed.")
    return unquote(client_id), unquote(secret)


@router.post(
    "/token", summary="Obtain an access token (machine clients)",
    description=(
        "OAuth2 client credentials for registered machine clients (Permanent Representations' "
        "systems). Authenticate with `private_key_jwt` (RFC 7523 §2.2): a JWT signed with the "
        "client's registered key, `iss` = `sub` = the client id, `aud` = this endpoint's URL "
        "(or the service's issuer), a unique `jti` and an `exp` at most 5 minutes ahead; or, as "
        "a fallback, with the client secret (HTTP Basic or form). The answer is a short-lived "
        "JWT with role `permrep` and the client's `country`. Errors carry the OAuth `error`."),
    response_model=TokenResponse,
    responses={400: {"model": Problem, "description": "invalid_request, unsupported_grant_type "
                                                      "or invalid_scope"},
               401: {"model": Problem, "description": "invalid_client"},
               503: {"model": Problem, "description": "No signing key configured"}},
)
async def issue_token(
    request: Request, response: Response, ctx: PublicCtx,
    token_form: Annotated[TokenForm, Form()],
    authorization: Annotated[str | None, Header(max_length=1000,
                                                description="`Basic` client credentials.")
                             ] = None,
) -> TokenResponse:
    client_id, client_secret = token_form.client_id, token_form.client_secret
    basic = _basic(authorization)
    if basic is not None:
        client_id, client_secret = basic
    form = TokenRequest(grant_type=token_form.grant_type, scope=token_form.scope,
                        client_id=client_id, client_secret=client_secret,
                        client_assertion_type=token_form.client_assertion_type,
                        client_assertion=token_form.client_assertion)
    endpoint = str(request.url.replace(query=None, fragment=None))
    response.headers["Cache-Control"] = "no-store"  # RFC 6749 §5.1
    return await oauth.issue_token(ctx, form=form, token_endpoint=endpoint)
