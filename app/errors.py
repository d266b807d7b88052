"""One error family, rendered as RFC 9457 problem+json by one set of handlers."""

from __future__ import annotations

import logging
import uuid
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pymongo.errors import ConnectionFailure
from starlette.exceptions import HTTPException as StarletteHTTPException

from app.context import request_id_var
from app.i18n import content_language, translate
from app.problems import code_for_status, title_of, type_uri

log = logging.getLogger("app.errors")
PROBLEM = "application/problem+json"


class AppError(Exception):
    """Base of every error the service means to show to a client. A subclass's ``code`` must be
    declared in ``app/problems.py`` (its title and page come from there)."""

    status = 400
    code = "bad-request"
    title = "Bad request"

    def __init__(self, detail: str, *, headers: dict[str, str] | None = None,
                 code: str | None = None, **extra: Any) -> None:
        super().__init__(detail)
        if code is not None:  # a more specific kind than the class's (declared in problems.py)
            self.code = code
        self.detail = detail
        self.headers = headers or {}
        self.extra = extra


class BadRequest(AppError):
    pass


class Unauthorized(AppError):
    """401 with an RFC 6750 §3 challenge. ``error=None`` when no token was sent (log in);
    ``invalid_token`` when the token is refused (get a new one)."""

    status, code, title = 401, "unauthorized", "Authentication required"

    def __init__(self, detail: str, *, error: str | None = "invalid_token", **extra: Any) -> None:
        challenge = 'Bearer realm="eu-ats"'
        if error is not None:
            challenge += f', error="{error}", error_description="{_quoted_text(detail)}"'
        super().__init__(detail, headers={"WWW-Authenticate": challenge}, **extra)


def _quoted_text(text: str) -> str:
    """RFC 6750 error_description: printable ASCII except '"' and '\\' (and kept short)."""
    safe = text.replace('"', "'").replace("\\", "/")
    return "".join(ch if " " <= ch <= "~" else "?" for ch in safe)[:200]


class Forbidden(AppError):
    status, code, title = 403, "forbidden", "Forbidden"


class NotFound(AppError):
    status, code, title = 404, "not-found", "Not found"


class Conflict(AppError):
    status, code, title = 409, "conflict", "Conflict"


class Gone(AppError):
    status, code, title = 410, "gone", "Gone"


class PreconditionFailed(AppError):
    status, code, title = 412, "precondition-failed", "Precondition failed"


class PreconditionRequired(AppError):
    status, code, title = 428, "precondition-required", "Precondition required"


class PayloadTooLarge(AppError):
    status, code, title = 413, "payload-too-large", "Payload too large"


class UnsupportedMediaType(AppError):
    status, code, title = 415, "unsupported-media-type", "Unsupported media type"


class Unprocessable(AppError):
    status, code, title = 422, "unprocessable", "Unprocessable content"


class ValidationFailed(AppError):
    """What the request validator says, for bodies validated in a service (merge patches)."""

    status, code, title = 422, "validation", "Validation failed"


class ServiceUnavailable(AppError):
    status, code, title = 503, "service-unavailable", "Service unavailable"


class DatabaseUnavailable(ServiceUnavailable):
    code, title = "database-unavailable", "Database unavailable"


# A restarted embedded server answers within a second; a replica set elects within ~12 s.
DATABASE_RETRY_AFTER = "5"


def problem(
    status: int,
    title: str,
    detail: str,
    *,
    code: str | None = None,
    headers: dict[str, str] | None = None,
    **extra: Any,
) -> JSONResponse:
    """An RFC 9457 response: ``type`` is ``/problems/<code>`` (documented there), ``code`` the
    stable machine code, ``request_id`` the id to quote; validation items keep their ``type``."""
    code = code or code_for_status(status)
    body: dict[str, Any] = {
        "type": type_uri(code),
        "title": translate(title_of(code, title)),
        "status": status,
        "detail": translate(detail),
        "code": code,
    }
    if "errors" in extra and extra["errors"] is not None:
        extra["errors"] = [_typed(item) for item in extra["errors"]]
    body.update(extra)
    request_id = request_id_var.get()
    if request_id is not None:
        body.setdefault("request_id", request_id)
    headers = {**(headers or {}), **content_language()}
    return JSONResponse(body, status_code=status, headers=headers, media_type=PROBLEM)


def _typed(item: dict[str, Any]) -> dict[str, Any]:
    """Every item of ``errors`` has a machine ``type`` (services' own items default to
    ``value_error``, as pydantic's custom validators do)."""
    return item if "type" in item else {"type": "value_error", **item}


def _loc(loc: tuple[Any, ...] | list[Any]) -> list[str | int]:
    return [part if isinstance(part, int) else str(part) for part in loc]


def _ctx(ctx: Any) -> dict[str, str | int | float] | None:
    """The limits of an error (``max_length``…), for a client to word it; never an exception
    object or anything else that could carry the input."""
    if not isinstance(ctx, dict):
        return None
    kept = {str(k): v for k, v in ctx.items()
            if k != "error" and isinstance(v, str | int | float) and not isinstance(v, bool)}
    return kept or None


def validation_errors(errors: list[Any]) -> list[dict[str, Any]]:
    """Pydantic errors as ``{type, loc, msg}`` (and ``ctx`` when it holds limits), never
    echoing the rejected input (it may be personal)."""
    items: list[dict[str, Any]] = []
    for error in errors:
        item: dict[str, Any] = {"type": str(error.get("type", "value_error")),
                                "loc": _loc(error.get("loc", ())),
                                "msg": str(error.get("msg", ""))}
        ctx = _ctx(error.get("ctx"))
        if ctx is not None:
            item["ctx"] = ctx
        items.append(item)
    return items


def install_error_handlers(app: FastAPI) -> None:
    """Render every error as problem+json."""

    @app.exception_handler(AppError)
    async def _app_error(request: Request, exc: AppError) -> JSONResponse:
        return problem(
            exc.status, exc.title, exc.detail, code=exc.code, headers=exc.headers, **exc.extra
        )

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = validation_errors(list(exc.errors()))
        if any(e["type"] == "json_invalid" for e in errors):
            return problem(400, "Malformed JSON", "The request body is not valid JSON.",
                           code="malformed-json", errors=errors)
        return problem(422, "Validation failed", "The request does not match the schema.",
                       code="validation", errors=errors)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = code_for_status(exc.status_code)
        title = title_of(code, "Error")
        detail = exc.detail if isinstance(exc.detail, str) else title
        if exc.status_code == 404 and detail == "Not Found":
            detail = "No such resource."
        if exc.status_code == 405:
            detail = f"{request.method} is not allowed here."
        return problem(exc.status_code, title, detail, code=code,
                       headers=getattr(exc, "headers", None))

    @app.exception_handler(ConnectionFailure)
    async def _database_unreachable(request: Request, exc: ConnectionFailure) -> JSONResponse:
        # Only "cannot reach the database" (no server to select, connection lost or timed out,
        # pool exhausted) is a 503 to retry; what a reachable server refuses (OperationFailure,
        # duplicate keys, bad commands) stays a 500 with an error id, as the bug it is.
        log.warning("database unreachable", extra={"error": type(exc).__name__})
        error = DatabaseUnavailable("The database cannot be reached; retry shortly.",
                                    headers={"Retry-After": DATABASE_RETRY_AFTER})
        return problem(error.status, error.title, error.detail, code=error.code,
                       headers=error.headers)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        return unexpected_error(exc)


def log_unexpected(exc: BaseException) -> str:
    """Log an unhandled error once (the formatter adds the request id from its context);
    return the error id that the client may quote."""
    error_id = uuid.uuid4().hex
    log.error("unhandled error", exc_info=exc, extra={"error_id": error_id})
    return error_id


def unexpected_error(exc: BaseException) -> JSONResponse:
    """Log an unhandled error and answer a generic 500 with an error id to quote; never the
    trace or the message."""
    error_id = log_unexpected(exc)
    return problem(500, "Internal server error",
                   f"An unexpected error occurred; quote error id {error_id}.",
                   code="internal", error_id=error_id)
