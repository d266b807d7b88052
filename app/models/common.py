"""Shapes shared by every domain: ids, pages, problems, concurrency."""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any, Generic, TypeVar

from bson import ObjectId
from bson.errors import InvalidId
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from app.errors import BadRequest, NotFound, PreconditionFailed, PreconditionRequired

T = TypeVar("T")

# Free text fields: bounded, stripped. Every string in the API has a cap.
ShortText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]
LongText = Annotated[str, StringConstraints(max_length=20_000)]
# A JSON object as it came (a merge patch, a JWK, a token's claims, members about to be
# validated): free-form until a model validates it.
JsonObject = dict[str, Any]


class ApiModel(BaseModel):
    """Base of response models."""

    model_config = ConfigDict(populate_by_name=True)


class StoredModel(BaseModel):
    """Base of the stored documents read back through Pydantic: ``_id`` under the name ``id``,
    ObjectIds and bytes as they are; ``to_mongo`` writes every declared member back."""

    model_config = ConfigDict(arbitrary_types_allowed=True, populate_by_name=True)

    def to_mongo(self) -> dict[str, Any]:
        """The document as stored: every declared member, ``_id`` under its own name."""
        return self.model_dump(by_alias=True)


class InputModel(BaseModel):
    """Base of request bodies: unknown fields are refused, strings are never coerced."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


# An opaque cursor as the service issues it (base64url of the last id), for the examples.
EXAMPLE_CURSOR = "NjY1MGYxYzJhOWU0YjFkMmMzZjRhNWI2"


def _page_schema(schema: dict[str, Any], page: type[BaseModel]) -> None:
    """A page's example is one item, the item model's own first example, and a cursor: so each
    ``Page[...]`` shows a realistic body without a copy of every item's example. A
    parametrised page has no docstring of its own: it gets the generic's."""
    schema.setdefault("description", Page.__doc__)
    args = getattr(page, "__pydantic_generic_metadata__", {}).get("args") or ()
    extra = getattr(args[0], "model_config", {}).get("json_schema_extra") if args else None
    if isinstance(extra, dict) and extra.get("examples"):
        schema["examples"] = [{"items": [extra["examples"][0]], "next_cursor": EXAMPLE_CURSOR}]


class Page(ApiModel, Generic[T]):
    """One page of a list, in the order the operation states (cursor pagination)."""

    model_config = ConfigDict(json_schema_extra=_page_schema)

    items: list[T] = Field(description="The page's items: at most `limit` (default 50, at "
                           "most 200); empty when nothing (more) matches.")
    next_cursor: str | None = Field(default=None, description="Opaque: pass it as `cursor` to "
                                    "read the next page; null on the last page.")


class ProblemError(BaseModel):
    """One thing wrong with the request, in words a client can translate."""

    type: str = Field(description="Machine-readable kind: pydantic's error type (`missing`, "
                      "`string_too_long`, `enum`, `value_error`…).", examples=["missing"])
    loc: list[str | int] = Field(description="Path to the field: `body`, `query`, `path`… "
                                 "then names and list indices.",
                                 examples=[["body", "profile", "contact", "email"]])
    msg: str = Field(description="An English sentence (translate by `type` instead).",
                     examples=["Field required"])
    ctx: dict[str, str | int | float] | None = Field(
        default=None, description="The limit broken, when there is one (`max_length`, `ge`…); "
        "never the rejected value.")


class Problem(BaseModel):
    """RFC 9457 problem details, with this service's extension members. Members not listed
    here may appear with some codes (`application_status`, `deadline`, `part`…)."""

    model_config = ConfigDict(extra="allow", json_schema_extra={"examples": [{
        "type": "/problems/validation", "title": "Validation failed", "status": 422,
        "detail": "The request does not match the schema.", "code": "validation",
        "request_id": "4f1c2a0e9b7d4c55a1e0f3b2c6d8e901",
        "errors": [{"type": "missing", "loc": ["body", "profile", "contact", "email"],
                    "msg": "Field required"}]}]})

    type: str = Field(pattern=r"^/problems/[a-z][a-z0-9-]*$",
                      description="`/problems/<code>`, relative to the API's origin: GET it "
                      "for the kind's documentation. One URI per kind of error.")
    title: str = Field(description="Short title of the kind (the same for every "
                       "occurrence), in the language of `Content-Language`.")
    status: int = Field(description="The HTTP status.")
    detail: str = Field(description="Explanation of this occurrence: in the language of "
                        "`Content-Language` where it is a fixed sentence, else in English.")
    code: str = Field(pattern=r"^[a-z][a-z0-9-]*$",
                      description="Stable machine code: the last segment of `type`.",
                      examples=["not-found"])
    request_id: str | None = Field(default=None, description="The request's `X-Request-ID`, "
                                   "to quote when reporting a problem.")
    errors: list[ProblemError] | None = Field(
        default=None, description="Validation problems, one per field (422, some 400).")
    error_id: str | None = Field(default=None, description="500 only: the id to quote.")
    current_etag: str | None = Field(default=None, description="412 only: the resource's "
                                     "current ETag.")
    allowed: list[str] | None = Field(default=None, description="`conflict` on a decision: "
                                      "the statuses the application may move to.")
    allowed_transitions: list[str] | None = Field(
        default=None, description="`conflict` on a call: the lifecycle actions open to it.")
    application_status: str | None = Field(default=None, description="`conflict`: the "
                                           "application's status that forbids the action.")
    call_status: str | None = Field(default=None, description="`conflict`: the call's status.")
    deadline: str | None = Field(default=None, description="`conflict`: the deadline instant "
                                 "(ISO 8601, UTC) that has passed.")
    existing_application_id: str | None = Field(
        default=None, description="`conflict`: the candidate's application already made to "
        "this call and profile.")
    part: str | None = Field(default=None, description="`docx-missing-part`: the part missing.")
    signature: str | None = Field(default=None, description="`malware-detected`: the "
                                  "scanner's name for what it found.")


@dataclass(frozen=True)
class PageParams:
    limit: int = 50
    cursor: str | None = None

    def after_id(self) -> ObjectId | None:
        """The id the previous page ended on (the cursor is opaque to clients)."""
        if self.cursor is None:
            return None
        try:
            raw = base64.urlsafe_b64decode(self.cursor.encode() + b"==")
            return ObjectId(raw.decode())
        except (binascii.Error, InvalidId, UnicodeDecodeError, ValueError):
            raise BadRequest("The cursor is not one this service issued.") from None


def encode_cursor(last_id: ObjectId) -> str:
    return base64.urlsafe_b64encode(str(last_id).encode()).rstrip(b"=").decode()


def to_milliseconds(moment: datetime) -> datetime:
    """``moment`` as MongoDB stores it (BSON dates hold milliseconds)."""
    return moment.replace(microsecond=moment.microsecond // 1000 * 1000)


def object_id(value: str, *, what: str = "resource") -> ObjectId:
    """Parse an opaque id; an id that cannot exist is simply not found."""
    try:
        return ObjectId(value)
    except (InvalidId, TypeError):
        raise NotFound(f"No such {what}.") from None


def etag(version: int) -> str:
    return f'"v{version}"'


def check_if_match(if_match: str | None, version: int, *, required: bool = True) -> None:
    """412 when the caller's ETag is stale, 428 when a required one is missing."""
    if if_match is None:
        if required:
            raise PreconditionRequired(
                "Send If-Match with the ETag from your last read of this resource."
            )
        return
    candidates = {tag.strip().removeprefix("W/") for tag in if_match.split(",")}
    if "*" in candidates or etag(version) in candidates:
        return
    raise PreconditionFailed(
        "The resource changed since you read it; read it again and retry.",
        current_etag=etag(version),
    )


ProblemResponses: dict[int | str, dict[str, Any]] = {
    400: {"model": Problem, "description": "Bad request"},
    401: {"model": Problem, "description": "Missing or invalid token"},
    403: {"model": Problem, "description": "Not allowed"},
    404: {"model": Problem, "description": "Not found (or not yours)"},
    409: {"model": Problem, "description": "Conflict"},
    412: {"model": Problem, "description": "Stale If-Match"},
    422: {"model": Problem, "description": "Validation failed"},
}

Id = Annotated[str, Field(description="Opaque identifier.")]
