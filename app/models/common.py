"""Shapes shared by every domain: ids, pages, problems, concurrency."""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from typing import Annotated, Any, Generic, TypeVar

from bson import ObjectId
from bson.errors import InvalidId
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from app.errors import BadRequest, NotFound, PreconditionFailed, PreconditionRequired

T = TypeVar("T")

# Free text fields: bounded, stripped. Every string in the API has a cap.
ShortText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]
LongText = Annotated[str, StringConstraints(max_length=20_000)]


class ApiModel(BaseModel):
    """Base of response models."""

    model_config = ConfigDict(populate_by_name=True)


class InputModel(BaseModel):
    """Base of request bodies: unknown fields are refused, strings are never coerced."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Page(ApiModel, Generic[T]):
    items: list[T]
    next_cursor: str | None = None


class ProblemError(BaseModel):
    loc: list[str | int]
    msg: str


class Problem(BaseModel):
    """RFC 9457 problem details."""

    type: str
    title: str
    status: int
    detail: str
    errors: list[ProblemError] | None = None


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
