"""``Annotated`` dependency aliases used by every router."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Body, Depends, Header, Query, Request
from pydantic import BaseModel, GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import core_schema

from app.clock import Clock
from app.config import Settings
from app.db import Db as Database
from app.errors import UnsupportedMediaType
from app.models.common import PageParams
from app.security.dependencies import CurrentUser
from app.security.principal import Principal
from app.services.context import Ctx
from app.services.documents.scanning import Scanner


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


async def _ctx(request: Request, principal: CurrentUser) -> Ctx:
    return Ctx(db=request.app.state.mongo.db, clock=request.app.state.clock,
               settings=request.app.state.settings, actor=principal,
               subject_keys=request.app.state.subject_keys,
               rate_counts=request.app.state.rate_counts)


ANONYMOUS = Principal(sub="anonymous", roles=frozenset())


async def _public_ctx(request: Request) -> Ctx:
    return Ctx(db=request.app.state.mongo.db, clock=request.app.state.clock,
               settings=request.app.state.settings, actor=ANONYMOUS,
               subject_keys=request.app.state.subject_keys,
               rate_counts=request.app.state.rate_counts,
               public_pages=request.app.state.public_pages)


Db = Annotated[Database, Depends(_db)]
ClockDep = Annotated[Clock, Depends(_clock)]
SettingsDep = Annotated[Settings, Depends(_settings)]
Page = Annotated[PageParams, Depends(_page)]
ScannerDep = Annotated[Scanner, Depends(_scanner)]
CtxDep = Annotated[Ctx, Depends(_ctx)]
PublicCtx = Annotated[Ctx, Depends(_public_ctx)]  # the public router's anonymous caller
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
