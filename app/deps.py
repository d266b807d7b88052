"""``Annotated`` dependency aliases used by every router."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated, Any

from fastapi import Body, Depends, Header, Query, Request
from pydantic import BaseModel, GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import core_schema

from app.clock import Clock
from app.config import Settings
from app.db import Db as Database
from app.errors import Forbidden, UnsupportedMediaType
from app.models.common import PageParams
from app.security.dependencies import authenticate
from app.security.principal import Principal, Role
from app.services.context import Ctx
from app.services.documents.scanning import Scanner
from app.services.integrations import rate_limits


# Every dependency is ``async def``: a plain ``def`` one runs in the thread pool, a hop per
# dependency per request for work that never blocks.
async def _db(request: Request) -> Database:
    db: Database = request.app.state.mongo.db
    return db


async def _clock(request: Request) -> Clock:
    clock: Clock = request.app.state.clock
    return clock


async def _settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


async def _scanner(request: Request) -> Scanner:
    scanner: Scanner = request.app.state.scanner
    return scanner


async def _page(
    limit: Annotated[int, Query(ge=1, le=200, description="Page size (default 50).")] = 50,
    cursor: Annotated[
        str | None, Query(max_length=200, description="`next_cursor` of the previous page.")
    ] = None,
) -> PageParams:
    return PageParams(limit=limit, cursor=cursor)


async def _ctx(request: Request) -> Ctx:
    """The authenticated caller's context (401 without a valid bearer token), its request
    counted against the caller's rate limit (429 beyond it). Every route of an authenticated
    router depends on it (``AUTHENTICATED``, main.py), so no route escapes the token check nor
    the count."""
    principal = await authenticate(request)
    state = request.app.state
    ctx = Ctx(db=state.mongo.db, clock=state.clock, settings=state.settings, actor=principal,
              subject_keys=state.subject_keys, rate_counts=state.rate_counts)
    if ctx.settings.rate_limit_enabled:
        await rate_limits.check(ctx, key=f"sub:{principal.sub}",
                                limit=ctx.settings.rate_limit_caller)
    return ctx


ANONYMOUS = Principal(sub="anonymous", roles=frozenset())


async def _public_ctx(request: Request) -> Ctx:
    """The anonymous caller's context (public routes, ``/oauth/token``), its request counted
    against its IP address's limit (429 beyond it). Behind a proxy, run uvicorn with
    ``--proxy-headers --forwarded-allow-ips`` so the address is the client's."""
    state = request.app.state
    ctx = Ctx(db=state.mongo.db, clock=state.clock, settings=state.settings, actor=ANONYMOUS,
              subject_keys=state.subject_keys, rate_counts=state.rate_counts,
              public_pages=state.public_pages)
    if ctx.settings.rate_limit_enabled:
        host = request.client.host if request.client else "unknown"
        await rate_limits.check(ctx, key=f"ip:{host}", limit=ctx.settings.rate_limit_anonymous)
    return ctx


# The one dependency of each router (main.py), put first on every route that would not solve it
# first anyway: a request pays for every node FastAPI solves, cached or not, so an endpoint that
# takes the context first does not get it twice.
AUTHENTICATED = Depends(_ctx)
COUNTED_BY_ADDRESS = Depends(_public_ctx)

Db = Annotated[Database, Depends(_db)]
ClockDep = Annotated[Clock, Depends(_clock)]
SettingsDep = Annotated[Settings, Depends(_settings)]
Page = Annotated[PageParams, Depends(_page)]
ScannerDep = Annotated[Scanner, Depends(_scanner)]
CtxDep = Annotated[Ctx, Depends(_ctx)]
PublicCtx = Annotated[Ctx, Depends(_public_ctx)]  # the public router's anonymous caller


def require_roles(*roles: Role) -> Callable[[Ctx], Awaitable[Principal]]:
    """A dependency that lets through callers holding any of ``roles`` (403 otherwise). It
    takes the request's context, which the route solves first anyway."""

    async def check(ctx: CtxDep) -> Principal:
        if not ctx.actor.has(*roles):
            names = ", ".join(sorted(r.value for r in roles))
            raise Forbidden(f"This action needs one of the roles: {names}.")
        return ctx.actor

    return check


IfMatch = Annotated[
    str | None,
    Header(alias="If-Match", max_length=100, description="The resource's ETag, from a GET."),
]
IdempotencyKey = Annotated[
    str | None,
    Header(
        alias="Idempotency-Key",
        min_length=1,
        max_length=200,
        description="Retry-safe key: the same key with the same body replays the first response.",
    ),
]


MERGE_PATCH = "application/merge-patch+json"


class MergePatchOf:
    """Documents a merge-patch body with ``model``'s schema while the route receives the raw
    object: the patch is applied to the stored resource before anything is validated."""

    def __init__(self, model: type[BaseModel]) -> None:
        self.model = model

    def __get_pydantic_json_schema__(
        self, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        return handler(self.model.__pydantic_core_schema__)


def merge_patch_body(example: dict[str, Any]) -> Any:
    """The ``Body`` of a PATCH, with ``MergePatchOf(model)`` beside it in ``Annotated``."""
    return Body(
        media_type=MERGE_PATCH, openapi_examples={"patch": {"summary": "One page of the form",
                                                            "value": example}},
        description="JSON Merge Patch (RFC 7396): members left out stay as they are, `null` "
                    "removes a member, objects merge member by member, arrays replace. "
                    "`application/json` is accepted with the same meaning.")


async def _merge_patch_media_type(request: Request) -> None:
    media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media_type not in (MERGE_PATCH, "application/json"):
        raise UnsupportedMediaType(
            "PATCH takes a JSON Merge Patch (RFC 7396): send it as application/merge-patch+json "
            "(application/json is read the same way). JSON Patch (RFC 6902) is not supported.")


MergePatchMediaType = Depends(_merge_patch_media_type)
